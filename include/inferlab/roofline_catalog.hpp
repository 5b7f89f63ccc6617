// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Built-in catalogs for the roofline: accelerators from their datasheets and models from their
// Hugging Face config.json files. Every entry names its source; where a number is not published
// or is uncertain, its source string says what was used instead and why.
//
// Conventions (what every number means):
//   memory_bytes            the datasheet's capacity. Datasheets write memory in binary gigabytes
//                           ("80GB" is 80 x 2^30 bytes: HBM stacks and GDDR chips come in powers of
//                           two), so that is what is stored. What CUDA reports is a little less
//                           (the driver keeps a few hundred MiB; GDDR6 cards with ECC on lose 1/16).
//   memory_bandwidth        peak, bytes/s, decimal as datasheets write it (2,039 GB/s = 2.039e12).
//   flops_*                 DENSE peaks. NVIDIA quotes tensor throughput "with sparsity" (2:4
//                           structured sparsity, twice the dense rate); those figures are halved
//                           here. fp32 is the non-tensor (CUDA core / vector) rate. 0: the format
//                           has no tensor math on that part, or no trustworthy figure exists.
//   interconnect_bandwidth  bytes/s per direction per GPU (datasheets quote both directions
//                           together: NVLink "600 GB/s" is 300 GB/s each way). The link a
//                           tensor-parallel all-reduce would use: NVLink/xGMI where the part ships
//                           with it, else PCIe.
//
// Model names are lowercase and hyphenated; `source` is the Hugging Face repository whose
// config.json the fields were copied from.
#pragma once

#include <inferlab/error.hpp>
#include <inferlab/roofline.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace roofline {
namespace detail {

/// Dense peaks of one accelerator, in TFLOP/s (TOP/s for the integer formats).
struct dense_tflops {
    double fp32, tf32, bf16, fp16, fp8, int8, int4;
};

inline gpu_spec make_gpu(std::string name, std::string display_name, double memory_gib, double bandwidth_gbps,
                         dense_tflops t, double interconnect_gbps, std::string interconnect, std::string source) {
    gpu_spec g;
    g.name = std::move(name);
    g.display_name = std::move(display_name);
    g.memory_bytes = memory_gib * 1073741824.0;
    g.memory_bandwidth = bandwidth_gbps * 1e9;
    g.flops_fp32 = t.fp32 * 1e12;
    g.flops_tf32 = t.tf32 * 1e12;
    g.flops_bf16 = t.bf16 * 1e12;
    g.flops_fp16 = t.fp16 * 1e12;
    g.flops_fp8 = t.fp8 * 1e12;
    g.flops_int8 = t.int8 * 1e12;
    g.flops_int4 = t.int4 * 1e12;
    g.interconnect_bandwidth = interconnect_gbps * 1e9;
    g.interconnect = std::move(interconnect);
    g.source = std::move(source);
    return g;
}

inline std::vector<gpu_spec> make_gpu_catalog() {
    std::vector<gpu_spec> v;
    // A100: all four variants share one set of peaks in NVIDIA's A100 datasheet (the PCIe cards'
    // lower TDP shows up in sustained, not peak, rates). INT4 is from the Ampere architecture
    // whitepaper (1,248 TOPS dense).
    //                      fp32  tf32 bf16 fp16 fp8 int8 int4   (dense TFLOP/s, TOP/s)
    const dense_tflops a100{19.5, 156, 312, 312, 0, 624, 1248};
    v.push_back(make_gpu("a100-40gb-sxm", "NVIDIA A100 40GB SXM4", 40, 1555, a100, 300, "NVLink 3, 12 links",
                         "NVIDIA A100 Tensor Core GPU datasheet (2021) and NVIDIA A100 Tensor Core GPU Architecture "
                         "whitepaper (INT4): dense figures (the datasheet's sparse ones halved), FP32 non-tensor; "
                         "1,555 GB/s HBM2; NVLink 600 GB/s bidirectional"));
    v.push_back(make_gpu("a100-80gb-sxm", "NVIDIA A100 80GB SXM4", 80, 2039, a100, 300, "NVLink 3, 12 links",
                         "NVIDIA A100 Tensor Core GPU datasheet (2021) and NVIDIA A100 Tensor Core GPU Architecture "
                         "whitepaper (INT4): dense figures (the datasheet's sparse ones halved), FP32 non-tensor; "
                         "2,039 GB/s HBM2e; NVLink 600 GB/s bidirectional"));
    v.push_back(make_gpu("a100-40gb-pcie", "NVIDIA A100 40GB PCIe", 40, 1555, a100, 32, "PCIe 4.0 x16",
                         "NVIDIA A100 Tensor Core GPU datasheet (2021) and NVIDIA A100 Tensor Core GPU Architecture "
                         "whitepaper (INT4): dense figures, FP32 non-tensor; 1,555 GB/s HBM2; PCIe Gen4 64 GB/s "
                         "bidirectional (an optional NVLink bridge joins pairs at 600 GB/s; not assumed)"));
    v.push_back(make_gpu("a100-80gb-pcie", "NVIDIA A100 80GB PCIe", 80, 1935, a100, 32, "PCIe 4.0 x16",
                         "NVIDIA A100 Tensor Core GPU datasheet (2021) and NVIDIA A100 Tensor Core GPU Architecture "
                         "whitepaper (INT4): dense figures, FP32 non-tensor; 1,935 GB/s HBM2e; PCIe Gen4 64 GB/s "
                         "bidirectional (an optional NVLink bridge joins pairs at 600 GB/s; not assumed)"));

    // Hopper: the H100/H200 datasheets quote every tensor figure with sparsity; halved here
    // (BF16 1,979 -> 989.5). Hopper has no INT4 tensor math.
    v.push_back(make_gpu("h100-sxm", "NVIDIA H100 SXM5 80GB", 80, 3350, {67, 494.5, 989.5, 989.5, 1979, 1979, 0}, 450,
                         "NVLink 4, 18 links",
                         "NVIDIA H100 Tensor Core GPU datasheet: sparse tensor figures halved to dense, FP32 "
                         "non-tensor; 3.35 TB/s HBM3; NVLink 900 GB/s bidirectional"));
    v.push_back(make_gpu("h100-pcie", "NVIDIA H100 PCIe 80GB", 80, 2000, {51, 378, 756.5, 756.5, 1513, 1513, 0}, 64,
                         "PCIe 5.0 x16",
                         "NVIDIA H100 Tensor Core GPU datasheet (H100 PCIe column): sparse tensor figures halved to "
                         "dense, FP32 non-tensor; 2.0 TB/s HBM2e; PCIe Gen5 128 GB/s bidirectional (an optional "
                         "NVLink bridge joins pairs at 600 GB/s; not assumed)"));
    v.push_back(make_gpu("h100-nvl", "NVIDIA H100 NVL 94GB", 94, 3900, {60, 417.5, 835.5, 835.5, 1670.5, 1670.5, 0},
                         300, "NVLink 4 bridge (pairs)",
                         "NVIDIA H100 Tensor Core GPU datasheet (H100 NVL column): sparse tensor figures halved to "
                         "dense, FP32 non-tensor; 3.9 TB/s HBM3; NVLink bridge 600 GB/s bidirectional, which joins "
                         "GPUs in pairs only (beyond 2, traffic crosses PCIe Gen5 at 128 GB/s bidirectional)"));
    v.push_back(make_gpu("h200", "NVIDIA H200 SXM 141GB", 141, 4800, {67, 494.5, 989.5, 989.5, 1979, 1979, 0}, 450,
                         "NVLink 4, 18 links",
                         "NVIDIA H200 Tensor Core GPU datasheet (H200 SXM column): sparse tensor figures halved to "
                         "dense, FP32 non-tensor; 141 GB HBM3e at 4.8 TB/s; NVLink 900 GB/s bidirectional"));

    // Blackwell: per-GPU figures of the HGX B200 / DGX B200 specifications (eight GPUs: FP8 72
    // PFLOPS, BF16 36 PFLOPS, TF32 18 PFLOPS "with sparsity"; FP32 600 TFLOPS), i.e. a 1,000 W B200
    // with 180 GB. Its FP4 (9 PFLOPS dense) is not one of the formats modeled; no INT4 is listed.
    v.push_back(make_gpu("b200", "NVIDIA B200 180GB (HGX)", 180, 8000, {75, 1125, 2250, 2250, 4500, 4500, 0}, 900,
                         "NVLink 5, 18 links",
                         "NVIDIA HGX B200 / DGX B200 specifications divided by 8 GPUs: sparse tensor figures halved "
                         "to dense, FP32 non-tensor; 180 GB HBM3e at 8 TB/s; NVLink 5 1.8 TB/s bidirectional"));

    // Ada: L40S and L4 datasheets quote sparse tensor figures (halved here). The L40S lists INT4
    // at the INT8 rate; the L4 datasheet lists no INT4, so it is 0.
    v.push_back(make_gpu("l40s", "NVIDIA L40S", 48, 864, {91.6, 183, 362.05, 362.05, 733, 733, 733}, 32,
                         "PCIe 4.0 x16",
                         "NVIDIA L40S datasheet: sparse tensor figures halved to dense, FP32 non-tensor; 48 GB "
                         "GDDR6 with ECC at 864 GB/s (ECC on leaves about 45 GiB usable); PCIe Gen4 64 GB/s "
                         "bidirectional, no NVLink"));
    v.push_back(make_gpu("l4", "NVIDIA L4", 24, 300, {30.3, 60, 121, 121, 242.5, 242.5, 0}, 32, "PCIe 4.0 x16",
                         "NVIDIA L4 Tensor Core GPU datasheet: sparse tensor figures halved to dense (FP8 485 -> "
                         "242.5), FP32 non-tensor; no INT4 figure is published (0 here); 24 GB GDDR6 at 300 GB/s; "
                         "PCIe Gen4 64 GB/s bidirectional, no NVLink"));

    // A10G: AWS's variant of the A10 (G5 instances). Neither AWS nor NVIDIA publishes its
    // tensor peaks. It has 80 SMs (AWS: "80 ray tracing cores") at up to 1.71 GHz, and its tensor
    // cores run FP16/BF16 with FP32 accumulation at half the A10's per-SM rate, like GeForce GA102:
    // 80 x 1.71e9 x 512 FLOP/clock = 70 TFLOP/s, TF32 35, FP32 80 x 128 x 2 x 1.71e9 = 35. Public
    // third-party comparisons use the same figures, and measured large BF16 and TF32 matmuls reach
    // about 69.5 and 34.7 TFLOP/s. Whether INT8/INT4 are also halved is not known: left 0.
    v.push_back(make_gpu("a10g", "NVIDIA A10G (AWS G5)", 24, 600, {35, 35, 70, 70, 0, 0, 0}, 32, "PCIe 4.0 x16",
                         "NVIDIA A10 datasheet (24 GB GDDR6, 600 GB/s, PCIe Gen4) with A10G tensor peaks DERIVED, "
                         "not published by AWS or NVIDIA: 80 SMs x 1.71 GHz at half the A10's per-SM FP16/BF16 and "
                         "TF32 rate (70 and 35 TFLOP/s dense), consistent with third-party comparisons and measured "
                         "matmuls; FP32 non-tensor 35 TFLOP/s derived the same way; INT8/INT4 unknown, 0"));

    // GeForce RTX 4090: Ada whitepaper. GeForce halves FP16/BF16/FP8 tensor math with FP32
    // accumulation (the way GEMMs for LLMs run): BF16 165.2, FP8 330.3 dense (twice that with
    // FP16 accumulation). Peer-to-peer over PCIe is disabled on GeForce, so all-reduces pass
    // through host memory: the PCIe figure is an upper bound.
    v.push_back(make_gpu("rtx-4090", "NVIDIA GeForce RTX 4090", 24, 1008, {82.6, 82.6, 165.2, 165.2, 330.3, 660.6, 1321.2},
                         32, "PCIe 4.0 x16 (no P2P)",
                         "NVIDIA Ada Lovelace GPU architecture whitepaper (RTX 4090): dense tensor figures with FP32 "
                         "accumulation, FP32 non-tensor; 24 GB GDDR6X at 1,008 GB/s; PCIe Gen4 64 GB/s "
                         "bidirectional, no NVLink and no peer-to-peer (an upper bound for all-reduce)"));

    // MI300X: AMD's data sheet quotes dense and sparse separately; these are the dense ones. CDNA 3
    // has no INT4 matrix math. Seven Infinity Fabric links of 128 GB/s bidirectional = 896 GB/s,
    // 448 GB/s each way.
    v.push_back(make_gpu("mi300x", "AMD Instinct MI300X", 192, 5300, {163.4, 653.7, 1307.4, 1307.4, 2614.9, 2614.9, 0},
                         448, "Infinity Fabric (xGMI), 7 links",
                         "AMD Instinct MI300X data sheet: dense matrix figures, FP32 vector; 192 GB HBM3 at 5.3 TB/s; "
                         "7 Infinity Fabric links, 896 GB/s aggregate bidirectional"));
    return v;
}

inline model_spec make_model(std::string name, std::string family, std::int64_t hidden, std::int64_t intermediate,
                             std::int64_t layers, std::int64_t heads, std::int64_t kv_heads, std::int64_t head_dim,
                             std::int64_t vocab, std::int64_t max_positions, bool tied, std::string source) {
    model_spec m;
    m.name = std::move(name);
    m.family = std::move(family);
    m.hidden_size = hidden;
    m.intermediate_size = intermediate;
    m.num_layers = layers;
    m.num_attention_heads = heads;
    m.num_kv_heads = kv_heads;
    m.head_dim = head_dim;
    m.vocab_size = vocab;
    m.max_position_embeddings = max_positions;
    m.tie_word_embeddings = tied;
    m.source = std::move(source);
    return m;
}

inline std::vector<model_spec> make_model_catalog() {
    std::vector<model_spec> v;
    // name, family, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads,
    // num_key_value_heads, head_dim, vocab_size, max_position_embeddings, tie_word_embeddings, repo
    v.push_back(make_model("llama-3.1-8b", "llama", 4096, 14336, 32, 32, 8, 128, 128256, 131072, false,
                           "meta-llama/Llama-3.1-8B"));
    v.push_back(make_model("llama-3.1-70b", "llama", 8192, 28672, 80, 64, 8, 128, 128256, 131072, false,
                           "meta-llama/Llama-3.1-70B"));
    v.push_back(make_model("llama-3.1-405b", "llama", 16384, 53248, 126, 128, 8, 128, 128256, 131072, false,
                           "meta-llama/Llama-3.1-405B"));
    v.push_back(make_model("tinyllama-1.1b", "llama", 2048, 5632, 22, 32, 4, 64, 32000, 2048, false,
                           "TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
    // v0.3: vocabulary 32,768 and no sliding window (v0.1 had 32,000 and a 4,096-token window).
    v.push_back(make_model("mistral-7b", "mistral", 4096, 14336, 32, 32, 8, 128, 32768, 32768, false,
                           "mistralai/Mistral-7B-v0.3"));
    model_spec mixtral = make_model("mixtral-8x7b", "mixtral", 4096, 14336, 32, 32, 8, 128, 32000, 32768, false,
                                    "mistralai/Mixtral-8x7B-v0.1");
    mixtral.num_experts = 8;
    mixtral.experts_per_token = 2;
    v.push_back(std::move(mixtral));
    // Qwen2 puts biases on q, k and v (not o). The base model's config allows 131,072 positions
    // (the Instruct model's says 32,768).
    model_spec qwen = make_model("qwen2.5-7b", "qwen2", 3584, 18944, 28, 28, 4, 128, 152064, 131072, false,
                                 "Qwen/Qwen2.5-7B");
    qwen.attention_bias = true;
    v.push_back(std::move(qwen));
    return v;
}

template <class Spec>
const Spec& find_by_name(const std::vector<Spec>& all, std::string_view name, const char* what) {
    for (const Spec& s : all)
        if (s.name == name) return s;
    std::string known;
    for (const Spec& s : all) known += (known.empty() ? "" : ", ") + s.name;
    throw invalid_argument(errc::roofline_argument,
                           "roofline: unknown " + std::string(what) + " \"" + std::string(name) + "\"; known: " + known);
}

}  // namespace detail

/// The built-in accelerators (see the conventions at the top of this header).
[[nodiscard]] inline const std::vector<gpu_spec>& gpus() {
    static const std::vector<gpu_spec> all = detail::make_gpu_catalog();
    return all;
}

/// The built-in models, exact from their Hugging Face config.json.
[[nodiscard]] inline const std::vector<model_spec>& models() {
    static const std::vector<model_spec> all = detail::make_model_catalog();
    return all;
}

/// A built-in GPU by name, e.g. "a100-80gb-sxm"; throws invalid_argument (errc::roofline_argument)
/// listing the known names.
[[nodiscard]] inline const gpu_spec& find_gpu(std::string_view name) { return detail::find_by_name(gpus(), name, "GPU"); }

/// A built-in model by name, e.g. "llama-3.1-8b"; throws invalid_argument (errc::roofline_argument)
/// listing the known names.
[[nodiscard]] inline const model_spec& find_model(std::string_view name) {
    return detail::find_by_name(models(), name, "model");
}

}  // namespace roofline
}  // namespace v1
}  // namespace inferlab
