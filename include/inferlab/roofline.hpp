// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The roofline: what the hardware physically allows before anything is measured. A decoder-only
// transformer is described exactly (per-layer matrices, GQA, tied embeddings, biases, MoE), and
// every estimate is max(bytes moved / memory bandwidth, FLOPs / peak FLOP/s), with the achieved
// fractions of both as explicit knobs. docs/roofline.md explains every formula and its assumptions;
// the catalogs (roofline_catalog.hpp) say where each number comes from.
#pragma once

#include <inferlab/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace roofline {

/// Numeric formats of weights, KV cache and math.
enum class dtype : std::uint8_t { fp32, tf32, bf16, fp16, fp8, int8, int4 };

[[nodiscard]] constexpr std::string_view to_string(dtype d) noexcept {
    switch (d) {
        case dtype::fp32: return "fp32";
        case dtype::tf32: return "tf32";
        case dtype::bf16: return "bf16";
        case dtype::fp16: return "fp16";
        case dtype::fp8: return "fp8";
        case dtype::int8: return "int8";
        case dtype::int4: return "int4";
    }
    return "bf16";
}
[[nodiscard]] inline std::optional<dtype> parse_dtype(std::string_view s) noexcept {
    for (dtype d : {dtype::fp32, dtype::tf32, dtype::bf16, dtype::fp16, dtype::fp8, dtype::int8, dtype::int4})
        if (to_string(d) == s) return d;
    return std::nullopt;
}
/// Storage bits of one element.
[[nodiscard]] constexpr double bits_of(dtype d) noexcept {
    switch (d) {
        case dtype::fp32:
        case dtype::tf32: return 32;
        case dtype::bf16:
        case dtype::fp16: return 16;
        case dtype::fp8:
        case dtype::int8: return 8;
        case dtype::int4: return 4;
    }
    return 16;
}

/// An accelerator. Throughputs are dense (datasheets often quote 2:4-sparse peaks, twice these).
struct gpu_spec {
    std::string name;          ///< catalog key, e.g. "a100-80gb-sxm"
    std::string display_name;  ///< e.g. "NVIDIA A100 80GB SXM"
    double memory_bytes = 0;   ///< device memory
    double memory_bandwidth = 0;  ///< bytes/s, peak
    double flops_fp32 = 0, flops_tf32 = 0, flops_bf16 = 0, flops_fp16 = 0, flops_fp8 = 0, flops_int8 = 0, flops_int4 = 0;  ///< dense peak, FLOP/s (OP/s for int); 0: not supported
    double interconnect_bandwidth = 0;  ///< bytes/s per direction per GPU, for tensor-parallel all-reduce
    std::string interconnect;           ///< e.g. "NVLink 3, 12 links"
    std::string source;                 ///< where the numbers come from

    /// Dense peak for math in `d`; throws invalid_argument when the GPU has no such math.
    [[nodiscard]] double peak_flops(dtype d) const {
        double v = 0;
        switch (d) {
            case dtype::fp32: v = flops_fp32; break;
            case dtype::tf32: v = flops_tf32; break;
            case dtype::bf16: v = flops_bf16; break;
            case dtype::fp16: v = flops_fp16; break;
            case dtype::fp8: v = flops_fp8; break;
            case dtype::int8: v = flops_int8; break;
            case dtype::int4: v = flops_int4; break;
        }
        if (v <= 0)
            throw invalid_argument(errc::roofline_argument,
                                   "roofline: " + name + " has no " + std::string(to_string(d)) + " tensor math");
        return v;
    }
};

/// A decoder-only transformer of the Llama family (Llama, Mistral, Mixtral, Qwen2): RMSNorm,
/// rotary attention with grouped KV heads, SwiGLU MLP, optionally mixture-of-experts MLPs.
struct model_spec {
    std::string name;
    std::string family;  ///< llama, mistral, mixtral, qwen2
    std::int64_t hidden_size = 0;
    std::int64_t intermediate_size = 0;  ///< per expert for MoE
    std::int64_t num_layers = 0;
    std::int64_t num_attention_heads = 0;
    std::int64_t num_kv_heads = 0;
    std::int64_t head_dim = 0;
    std::int64_t vocab_size = 0;
    std::int64_t max_position_embeddings = 0;
    bool tie_word_embeddings = false;
    bool attention_bias = false;  ///< biases on q, k, v (Qwen2) [and o when `o_bias`]
    bool o_bias = false;
    bool mlp_bias = false;
    std::int64_t num_experts = 0;        ///< 0: dense MLP
    std::int64_t experts_per_token = 0;  ///< top-k routing
    std::string source;
};

/// How weights are stored. Group-wise quantization (AWQ, GPTQ) adds per-group scales and zeros.
struct weight_format {
    dtype weights = dtype::bf16;       ///< the transformer blocks' linear layers
    std::int64_t group_size = 0;       ///< elements sharing one scale (0: none, or per channel)
    double overhead_bits_per_group = 0;  ///< AWQ/GPTQ: a 16-bit scale and a packed 4-bit zero = 20
    dtype other = dtype::bf16;         ///< embeddings, lm_head, norms, biases, router
    /// Stored bits per linear-layer weight.
    [[nodiscard]] double bits_per_weight() const noexcept {
        return bits_of(weights) + (group_size > 0 ? overhead_bits_per_group / static_cast<double>(group_size) : 0.0);
    }
};

/// AWQ / GPTQ int4 with the given group size (16-bit scale + 4-bit zero per group).
[[nodiscard]] inline weight_format int4_grouped(std::int64_t group_size = 128) {
    return weight_format{dtype::int4, group_size, 20.0, dtype::bf16};
}
/// Plain storage of every linear weight in `d` (fp8 and int8 per-channel scales are negligible).
[[nodiscard]] inline weight_format plain(dtype d) { return weight_format{d, 0, 0.0, d == dtype::fp32 ? dtype::fp32 : dtype::bf16}; }

/// Parameter counts, exact from the architecture.
struct parameter_count {
    std::int64_t embedding = 0;         ///< vocab x hidden
    std::int64_t lm_head = 0;           ///< 0 when tied to the embedding
    std::int64_t attention = 0;         ///< q, k, v, o (+ biases), all layers
    std::int64_t mlp = 0;               ///< dense MLP or all experts, all layers
    std::int64_t mlp_active = 0;        ///< the MLP weights one token uses (top-k experts)
    std::int64_t router = 0;            ///< MoE gates
    std::int64_t norms = 0;             ///< RMSNorm weights
    std::int64_t linear_biases = 0;     ///< biases inside attention and MLP
    [[nodiscard]] std::int64_t total() const noexcept { return embedding + lm_head + attention + mlp + router + norms; }
    /// Per token: everything but the unused experts (the embedding lookup reads one row, but the
    /// usual convention, followed here, counts it).
    [[nodiscard]] std::int64_t active() const noexcept { return embedding + lm_head + attention + mlp_active + router + norms; }
};

[[nodiscard]] inline parameter_count count_parameters(const model_spec& m) {
    parameter_count p;
    const std::int64_t q = m.num_attention_heads * m.head_dim, kv = m.num_kv_heads * m.head_dim, h = m.hidden_size;
    p.embedding = m.vocab_size * h;
    p.lm_head = m.tie_word_embeddings ? 0 : m.vocab_size * h;
    std::int64_t attn = h * q + 2 * h * kv + q * h;
    std::int64_t biases = 0;
    if (m.attention_bias) biases += q + 2 * kv;
    if (m.o_bias) biases += h;
    const std::int64_t expert = 3 * h * m.intermediate_size + (m.mlp_bias ? 2 * m.intermediate_size + h : 0);
    const std::int64_t experts = m.num_experts > 0 ? m.num_experts : 1;
    const std::int64_t active = m.num_experts > 0 ? m.experts_per_token : 1;
    p.attention = m.num_layers * (attn + biases);
    p.mlp = m.num_layers * experts * expert;
    p.mlp_active = m.num_layers * active * expert;
    p.router = m.num_experts > 0 ? m.num_layers * h * m.num_experts : 0;
    p.norms = m.num_layers * 2 * h + h;
    p.linear_biases = m.num_layers * (biases + (m.mlp_bias ? experts * (2 * m.intermediate_size + h) : 0));
    return p;
}

/// Bytes of weights: linear layers in the weight format, the rest in its `other` format.
[[nodiscard]] inline double weight_bytes(const model_spec& m, const weight_format& f, bool active_only = false) {
    const parameter_count p = count_parameters(m);
    const double linear = static_cast<double>((active_only ? p.mlp_active : p.mlp) + p.attention - p.linear_biases);
    const double other = static_cast<double>(p.embedding + p.lm_head + p.router + p.norms + p.linear_biases);
    return linear * f.bits_per_weight() / 8.0 + other * bits_of(f.other) / 8.0;
}

/// KV-cache bytes per token of context (keys and values of every layer).
[[nodiscard]] inline double kv_bytes_per_token(const model_spec& m, dtype kv = dtype::bf16) {
    return 2.0 * static_cast<double>(m.num_layers * m.num_kv_heads * m.head_dim) * bits_of(kv) / 8.0;
}

/// Achieved fractions of the peaks. Defaults and their evidence: docs/roofline.md.
struct efficiency {
    double memory = 1.0;   ///< of peak memory bandwidth
    double compute = 1.0;  ///< of peak dense FLOP/s
    double interconnect = 1.0;
};

/// What a deployment looks like: model, hardware, formats, parallelism.
struct deployment {
    model_spec model;
    gpu_spec gpu;
    weight_format weights{};
    dtype kv = dtype::bf16;
    dtype math = dtype::bf16;     ///< the tensor-core format the matmuls run in
    std::int64_t tensor_parallel = 1;
    efficiency eff{};
};

/// One operation of a step: bytes, FLOPs, and which roof limits it.
struct op_cost {
    std::string name;  ///< embedding, qkv, attention, o, router, gate_up, down, lm_head
    double bytes = 0, flops = 0;
    double memory_s = 0, compute_s = 0;
    [[nodiscard]] double seconds() const noexcept { return std::max(memory_s, compute_s); }
    [[nodiscard]] double arithmetic_intensity() const noexcept { return bytes > 0 ? flops / bytes : 0.0; }
    [[nodiscard]] bool memory_bound() const noexcept { return memory_s >= compute_s; }
};

/// A step's estimate: per GPU, with tensor parallelism's communication added.
struct step_cost {
    double bytes = 0, flops = 0;  ///< per GPU
    double memory_s = 0, compute_s = 0, communication_s = 0;
    double seconds = 0;           ///< sum over ops of max(memory, compute), plus communication
    std::vector<op_cost> ops;
    [[nodiscard]] bool memory_bound() const noexcept { return memory_s >= compute_s; }
};

namespace detail {

inline void add_op(step_cost& s, const deployment& d, std::string name, double bytes, double flops) {
    op_cost o;
    o.name = std::move(name);
    o.bytes = bytes;
    o.flops = flops;
    o.memory_s = bytes / (d.gpu.memory_bandwidth * d.eff.memory);
    o.compute_s = flops / (d.gpu.peak_flops(d.math) * d.eff.compute);
    s.bytes += bytes;
    s.flops += flops;
    s.memory_s += o.memory_s;
    s.compute_s += o.compute_s;
    s.seconds += o.seconds();
    s.ops.push_back(std::move(o));
}

inline void check(const deployment& d) {
    if (d.tensor_parallel < 1) throw invalid_argument(errc::roofline_argument, "roofline: tensor_parallel must be >= 1");
    if (d.gpu.memory_bandwidth <= 0) throw invalid_argument(errc::roofline_argument, "roofline: gpu " + d.gpu.name + " has no memory bandwidth");
    if (!(d.eff.memory > 0 && d.eff.memory <= 1 && d.eff.compute > 0 && d.eff.compute <= 1 && d.eff.interconnect > 0 &&
          d.eff.interconnect <= 1))
        throw invalid_argument(errc::roofline_argument, "roofline: efficiencies must be in (0, 1]");
    if (d.model.num_layers <= 0 || d.model.hidden_size <= 0)
        throw invalid_argument(errc::roofline_argument, "roofline: model " + d.model.name + " is not described");
}

}  // namespace detail

/// Expected number of distinct experts a step touches per layer when `tokens` tokens each pick
/// top-k of E experts uniformly: E (1 - (1 - k/E)^tokens).
[[nodiscard]] inline double expected_experts_touched(const model_spec& m, double tokens) {
    if (m.num_experts <= 0) return 1.0;
    const double e = static_cast<double>(m.num_experts), k = static_cast<double>(m.experts_per_token);
    return e * (1.0 - std::pow(1.0 - k / e, tokens));
}

/// Cost of one forward step over `new_tokens` tokens of `sequences` sequences, each attending to
/// `context` earlier tokens on average (decode: new_tokens == sequences; prefill of one prompt of P:
/// sequences 1, new_tokens P, context = (P - 1) / 2 on average, handled by prefill()).
[[nodiscard]] inline step_cost forward_step(const deployment& d, double sequences, double new_tokens, double context_tokens) {
    detail::check(d);
    const model_spec& m = d.model;
    const double tp = static_cast<double>(d.tensor_parallel);
    const double L = static_cast<double>(m.num_layers), h = static_cast<double>(m.hidden_size);
    const double q = static_cast<double>(m.num_attention_heads * m.head_dim), kv = static_cast<double>(m.num_kv_heads * m.head_dim);
    const double inter = static_cast<double>(m.intermediate_size);
    const double wbits = d.weights.bits_per_weight(), obits = bits_of(d.weights.other);
    const double kv_shards = std::min<double>(tp, static_cast<double>(m.num_kv_heads));  // KV heads replicate beyond their count
    const double n = new_tokens;
    step_cost s;

    // the embedding lookup reads one row per new token, not the table
    detail::add_op(s, d, "embedding", n * h * obits / 8, 0);
    // weights are split over the tensor-parallel group; activations are small and ignored
    detail::add_op(s, d, "qkv", L * h * (q + 2 * kv) * wbits / 8 / tp, 2 * n * L * h * (q + 2 * kv) / tp);
    // attention reads the cached K and V of every sequence and writes the new ones
    const double kv_read = sequences * context_tokens * kv_bytes_per_token(m, d.kv) / kv_shards;
    const double kv_write = n * kv_bytes_per_token(m, d.kv) / kv_shards;
    detail::add_op(s, d, "attention", kv_read + kv_write, 4 * n * L * q * (context_tokens + 1) / tp);
    detail::add_op(s, d, "o", L * q * h * wbits / 8 / tp, 2 * n * L * q * h / tp);
    if (m.num_experts > 0) {
        const double touched = expected_experts_touched(m, n);
        const double k = static_cast<double>(m.experts_per_token);
        detail::add_op(s, d, "router", L * h * static_cast<double>(m.num_experts) * obits / 8, 2 * n * L * h * static_cast<double>(m.num_experts));
        detail::add_op(s, d, "gate_up", touched * L * 2 * h * inter * wbits / 8 / tp, k * 2 * n * L * 2 * h * inter / tp);
        detail::add_op(s, d, "down", touched * L * inter * h * wbits / 8 / tp, k * 2 * n * L * inter * h / tp);
    } else {
        detail::add_op(s, d, "gate_up", L * 2 * h * inter * wbits / 8 / tp, 2 * n * L * 2 * h * inter / tp);
        detail::add_op(s, d, "down", L * inter * h * wbits / 8 / tp, 2 * n * L * inter * h / tp);
    }
    // logits for the last token of each sequence
    const double vocab = static_cast<double>(m.vocab_size);
    detail::add_op(s, d, "lm_head", vocab * h * obits / 8 / tp, 2 * sequences * vocab * h / tp);

    // tensor parallelism: two all-reduces of the activations per layer (ring: 2 (tp-1)/tp of the data)
    if (d.tensor_parallel > 1) {
        if (d.gpu.interconnect_bandwidth <= 0)
            throw invalid_argument(errc::roofline_argument, "roofline: " + d.gpu.name + " has no interconnect bandwidth for tensor parallelism");
        const double bytes = 2 * L * 2 * (tp - 1) / tp * n * h * 2;  // bf16 activations
        s.communication_s = bytes / (d.gpu.interconnect_bandwidth * d.eff.interconnect);
        s.seconds += s.communication_s;
    }
    return s;
}

/// One decode step: `batch` sequences, each producing one token with `context` tokens already cached.
[[nodiscard]] inline step_cost decode_step(const deployment& d, double batch, double context) {
    return forward_step(d, batch, batch, context);
}

/// Prefill of one prompt of `prompt_tokens` (causal attention: token i attends to i earlier tokens).
[[nodiscard]] inline step_cost prefill(const deployment& d, double prompt_tokens) {
    step_cost s = forward_step(d, 1, prompt_tokens, (prompt_tokens - 1) / 2);
    return s;
}

/// The rule of thumb: all weight bytes (per GPU) over peak memory bandwidth. A decode step cannot
/// be faster; decode_step() refines it (the embedding table is not streamed, the KV cache is).
[[nodiscard]] inline double weight_floor_s(const deployment& d) {
    detail::check(d);
    return weight_bytes(d.model, d.weights) / static_cast<double>(d.tensor_parallel) / d.gpu.memory_bandwidth;
}

/// The smallest decode batch at which the weight matmuls (qkv, o, MLP, lm_head) become
/// compute-bound: their FLOP time reaches the time to stream their weights. Attention is left out:
/// reading the KV cache stays memory-bound at any batch (its intensity is about 2 x query heads /
/// KV heads FLOP per byte). 0 if none up to 2^20 sequences.
[[nodiscard]] inline double critical_batch(const deployment& d, double context = 0) {
    auto weights_compute_bound = [&](double b) {
        double mem = 0, cmp = 0;
        for (const op_cost& o : decode_step(d, b, context).ops)
            if (o.name != "attention" && o.name != "embedding") {
                mem += o.memory_s;
                cmp += o.compute_s;
            }
        return cmp >= mem;
    };
    if (weights_compute_bound(1)) return 1;
    double lo = 1, hi = 2;
    while (hi <= 1048576 && !weights_compute_bound(hi)) hi *= 2;
    if (hi > 1048576) return 0;
    while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (weights_compute_bound(mid) ? hi : lo) = mid;
    }
    return hi;
}

/// KV-cache capacity as vLLM plans it: memory x gpu_memory_utilization, minus weights and a reserve
/// for activations and the runtime, split into blocks of `block_size` tokens.
struct kv_capacity {
    double budget_bytes = 0;     ///< memory x utilization, per GPU
    double weight_bytes = 0;     ///< per GPU
    double reserve_bytes = 0;
    double kv_bytes = 0;         ///< what is left for the cache, per GPU
    double kv_bytes_per_token = 0;  ///< per GPU
    std::int64_t tokens = 0;     ///< tokens of context that fit
    std::int64_t blocks = 0;     ///< paged blocks
    std::int64_t block_size = 16;
    /// Sequences of `context` tokens that fit at once (whole blocks each).
    [[nodiscard]] std::int64_t max_sequences(std::int64_t context) const noexcept {
        const std::int64_t per = (context + block_size - 1) / block_size;
        return per > 0 ? blocks / per : 0;
    }
};

/// `reserve_bytes`: activations, CUDA graphs and runtime buffers; vLLM measures this by profiling a
/// forward pass. The default, 2 GiB, is a typical figure for 7-8B models at vLLM's default
/// max_num_batched_tokens; measure it for yours.
[[nodiscard]] inline kv_capacity plan_kv_cache(const deployment& d, double gpu_memory_utilization = 0.9,
                                               std::int64_t block_size = 16, double reserve_bytes = 2.0 * (1 << 30)) {
    detail::check(d);
    if (!(gpu_memory_utilization > 0 && gpu_memory_utilization <= 1))
        throw invalid_argument(errc::roofline_argument, "roofline: gpu_memory_utilization must be in (0, 1]");
    if (block_size < 1) throw invalid_argument(errc::roofline_argument, "roofline: block_size must be >= 1");
    const double tp = static_cast<double>(d.tensor_parallel);
    kv_capacity c;
    c.block_size = block_size;
    c.budget_bytes = d.gpu.memory_bytes * gpu_memory_utilization;
    c.weight_bytes = weight_bytes(d.model, d.weights) / tp;
    c.reserve_bytes = reserve_bytes;
    c.kv_bytes = std::max(0.0, c.budget_bytes - c.weight_bytes - c.reserve_bytes);
    c.kv_bytes_per_token = kv_bytes_per_token(d.model, d.kv) / std::min<double>(tp, static_cast<double>(d.model.num_kv_heads));
    c.tokens = static_cast<std::int64_t>(std::floor(c.kv_bytes / c.kv_bytes_per_token));
    c.blocks = c.tokens / block_size;
    return c;
}

/// Internal fragmentation of paged KV for sequences of the given lengths: the share of allocated
/// block slots that hold no token.
[[nodiscard]] inline double kv_fragmentation(const std::vector<std::int64_t>& lengths, std::int64_t block_size) {
    if (block_size < 1) throw invalid_argument(errc::roofline_argument, "roofline: block_size must be >= 1");
    double used = 0, allocated = 0;
    for (std::int64_t len : lengths) {
        used += static_cast<double>(len);
        allocated += static_cast<double>((len + block_size - 1) / block_size * block_size);
    }
    return allocated > 0 ? 1.0 - used / allocated : 0.0;
}

/// Prefill, then one decode step per output token over a growing context, at a fixed batch.
struct request_estimate {
    double prefill_s = 0, decode_s = 0;
    [[nodiscard]] double total_s() const noexcept { return prefill_s + decode_s; }
    [[nodiscard]] double ttft_s() const noexcept { return prefill_s; }
    double tpot_s = 0;  ///< mean decode step
};

[[nodiscard]] inline request_estimate estimate_request(const deployment& d, double prompt_tokens, double output_tokens,
                                                       double batch = 1) {
    request_estimate r;
    r.prefill_s = prefill(d, prompt_tokens).seconds;
    for (double i = 0; i < output_tokens - 1; ++i) r.decode_s += decode_step(d, batch, prompt_tokens + i).seconds;
    r.tpot_s = output_tokens > 1 ? r.decode_s / (output_tokens - 1) : 0.0;
    return r;
}

/// Model bandwidth utilization: the bytes a decode step must move / measured step time / peak bandwidth.
[[nodiscard]] inline double mbu(const deployment& d, double measured_tpot_s, double batch, double context) {
    deployment ideal = d;
    ideal.eff = efficiency{};
    return decode_step(ideal, batch, context).bytes / measured_tpot_s / d.gpu.memory_bandwidth;
}
/// Model FLOPs utilization: the FLOPs of the tokens produced / measured time / peak FLOP/s.
[[nodiscard]] inline double mfu(const deployment& d, double measured_tokens_per_s, double batch, double context) {
    deployment ideal = d;
    ideal.eff = efficiency{};
    const step_cost s = decode_step(ideal, batch, context);
    return s.flops / batch * measured_tokens_per_s / d.gpu.peak_flops(d.math);
}

/// Speculative decoding (Leviathan et al. 2023): with acceptance rate alpha and k drafted tokens,
/// a target step yields (1 - alpha^(k+1)) / (1 - alpha) tokens on average; with a draft that costs
/// c of a target step per token, the speedup is that over (k c + 1).
struct speculative_estimate {
    double tokens_per_step = 1;
    double speedup = 1;
};
[[nodiscard]] inline speculative_estimate speculative_decoding(double alpha, int k, double cost_ratio) {
    if (!(alpha >= 0 && alpha < 1) || k < 0 || cost_ratio < 0)
        throw invalid_argument(errc::roofline_argument, "roofline: need 0 <= alpha < 1, k >= 0, cost_ratio >= 0");
    speculative_estimate e;
    e.tokens_per_step = (1 - std::pow(alpha, k + 1)) / (1 - alpha);
    e.speedup = e.tokens_per_step / (static_cast<double>(k) * cost_ratio + 1);
    return e;
}

}  // namespace roofline
}  // namespace v1
}  // namespace inferlab
