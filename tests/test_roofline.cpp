// The roofline (roofline.hpp), its catalogs (roofline_catalog.hpp) and its JSON edge
// (roofline_json.hpp). Every expected number is derived by hand from the model's architecture
// (its Hugging Face config.json) and the GPU's datasheet; the arithmetic is in the comments, so a
// reader can check it without running anything.
#include <inferlab/roofline.hpp>
#include <inferlab/roofline_catalog.hpp>
#include <inferlab/roofline_json.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace rl = inferlab::roofline;
using doctest::Approx;
using inferlab::errc;

namespace {

/// The message of the inferlab::error that f() throws ("" if none), after checking its id.
template <class F>
std::string error_of(F&& f, errc code) {
    try {
        f();
    } catch (const inferlab::error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    return "";
}

rl::model_spec hf(const std::string& config, std::string name = {}) {
    return rl::model_from_hf_config(nlohmann::json::parse(config), std::move(name));
}
std::string hf_error(const std::string& config) {
    return error_of([&] { (void)hf(config); }, errc::model_config);
}
std::string catalog_error(const std::string& text) {
    return error_of(
        [&] {
            std::istringstream is(text);
            (void)rl::read_gpu_catalog(is);
        },
        errc::gpu_catalog);
}

rl::deployment on(const char* model, const char* gpu) { return rl::deployment{rl::find_model(model), rl::find_gpu(gpu)}; }

constexpr double GiB = 1073741824.0;

// meta-llama/Llama-3.1-8B config.json, as published.
const char* const llama31_8b = R"({
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 128000,
  "eos_token_id": 128001,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 131072,
  "mlp_bias": false,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"},
  "rope_theta": 500000.0,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.43.0.dev0",
  "use_cache": true,
  "vocab_size": 128256
})";

// mistralai/Mistral-7B-v0.3 config.json (later revisions add "head_dim": 128).
const char* const mistral_7b_v03 = R"({
  "architectures": ["MistralForCausalLM"],
  "attention_dropout": 0.0,
  "bos_token_id": 1,
  "eos_token_id": 2,
  "head_dim": 128,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 32768,
  "model_type": "mistral",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "rms_norm_eps": 1e-05,
  "rope_theta": 1000000.0,
  "sliding_window": null,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.42.0.dev0",
  "use_cache": true,
  "vocab_size": 32768
})";

// mistralai/Mixtral-8x7B-v0.1 config.json.
const char* const mixtral_8x7b = R"({
  "architectures": ["MixtralForCausalLM"],
  "attention_dropout": 0.0,
  "bos_token_id": 1,
  "eos_token_id": 2,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 32768,
  "model_type": "mixtral",
  "num_attention_heads": 32,
  "num_experts_per_tok": 2,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "num_local_experts": 8,
  "output_router_logits": false,
  "rms_norm_eps": 1e-05,
  "rope_theta": 1000000.0,
  "router_aux_loss_coef": 0.02,
  "sliding_window": null,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.36.0.dev0",
  "use_cache": true,
  "vocab_size": 32000
})";

// Qwen/Qwen2.5-7B config.json.
const char* const qwen25_7b = R"({
  "architectures": ["Qwen2ForCausalLM"],
  "attention_dropout": 0.0,
  "bos_token_id": 151643,
  "eos_token_id": 151643,
  "hidden_act": "silu",
  "hidden_size": 3584,
  "initializer_range": 0.02,
  "intermediate_size": 18944,
  "max_position_embeddings": 131072,
  "max_window_layers": 28,
  "model_type": "qwen2",
  "num_attention_heads": 28,
  "num_hidden_layers": 28,
  "num_key_value_heads": 4,
  "rms_norm_eps": 1e-06,
  "rope_theta": 1000000.0,
  "sliding_window": 131072,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.43.1",
  "use_cache": true,
  "use_mrope": false,
  "use_sliding_window": false,
  "vocab_size": 152064
})";

// Qwen/Qwen2.5-0.5B config.json: the small Qwen2.5 models tie their embeddings.
const char* const qwen25_05b = R"({
  "architectures": ["Qwen2ForCausalLM"],
  "attention_dropout": 0.0,
  "bos_token_id": 151643,
  "eos_token_id": 151643,
  "hidden_act": "silu",
  "hidden_size": 896,
  "initializer_range": 0.02,
  "intermediate_size": 4864,
  "max_position_embeddings": 32768,
  "max_window_layers": 24,
  "model_type": "qwen2",
  "num_attention_heads": 14,
  "num_hidden_layers": 24,
  "num_key_value_heads": 2,
  "rms_norm_eps": 1e-06,
  "rope_theta": 1000000.0,
  "sliding_window": 32768,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.40.1",
  "use_cache": true,
  "use_sliding_window": false,
  "vocab_size": 151936
})";

}  // namespace

TEST_CASE("Llama-3.1-8B: parameters, KV cache per token and the decode floor on an A100-80GB") {
    const rl::model_spec& m = rl::find_model("llama-3.1-8b");
    const rl::parameter_count p = rl::count_parameters(m);
    // hidden 4096, 32 layers, 32 query heads and 8 KV heads of 128, MLP 14336, vocab 128256, untied.
    //   embedding and lm_head: 128256 x 4096                             =   525,336,576 each
    //   attention per layer: q 4096x4096 + k, v 4096x1024 each + o 4096x4096
    //                        = 16,777,216 x 2 + 4,194,304 x 2           =    41,943,040
    //   MLP per layer: gate, up, down 4096 x 14336                       =   176,160,768
    //   norms: 2 x 4096 per layer + the final 4096 = 32 x 8192 + 4096    =       266,240
    //   total: 2 x 525,336,576 + 32 x (41,943,040 + 176,160,768) + 266,240 = 8,030,261,248
    CHECK(p.embedding == 525'336'576);
    CHECK(p.lm_head == 525'336'576);
    CHECK(p.attention == 32LL * 41'943'040);
    CHECK(p.mlp == 32LL * 176'160'768);
    CHECK(p.norms == 266'240);
    CHECK(p.linear_biases == 0);
    CHECK(p.total() == 8'030'261'248);
    CHECK(p.active() == p.total());

    // KV per token: keys and values (2) x 32 layers x 8 KV heads x 128 x 2 bytes = 131,072 = 128 KiB
    CHECK(rl::kv_bytes_per_token(m) == 131'072);
    // fp8 KV: one byte per element, half of it
    CHECK(rl::kv_bytes_per_token(m, rl::dtype::fp8) == 65'536);
    CHECK(rl::kv_bytes_per_token(m, rl::dtype::fp32) == 262'144);

    // bf16 weights: 2 bytes x 8,030,261,248 = 16,060,522,496 bytes; over the A100-80GB SXM's
    // 2,039 GB/s: 16.0605e9 / 2.039e12 = 7.8767 ms per decode step at best
    const rl::deployment d = on("llama-3.1-8b", "a100-80gb-sxm");
    CHECK(rl::weight_bytes(m, d.weights) == 16'060'522'496.0);
    CHECK(rl::weight_floor_s(d) == Approx(7.8767e-3).epsilon(1e-4));
}

TEST_CASE("parameter counts of the other catalog models match their published sizes") {
    SUBCASE("Llama-3.1-70B: 70.6 B on its model card") {
        // hidden 8192, 80 layers, 64 heads / 8 KV heads of 128, MLP 28672, vocab 128256
        //   attention per layer: 8192x8192 x 2 + 8192x1024 x 2 = 134,217,728 + 16,777,216 = 150,994,944
        //   MLP per layer: 3 x 8192 x 28672                                              = 704,643,072
        //   norms per layer: 2 x 8192                                                    =      16,384
        //   80 x 855,654,400 = 68,452,352,000; embeddings 2 x 128256 x 8192 = 2,101,346,304; final norm 8192
        CHECK(rl::count_parameters(rl::find_model("llama-3.1-70b")).total() == 70'553'706'496);
    }
    SUBCASE("Llama-3.1-405B") {
        // hidden 16384, 126 layers, 128 heads / 8 KV heads of 128, MLP 53248
        //   attention: 16384^2 x 2 + 16384x1024 x 2 = 536,870,912 + 33,554,432 = 570,425,344
        //   MLP: 3 x 16384 x 53248 = 2,617,245,696; norms 32,768; per layer 3,187,703,808
        //   126 x 3,187,703,808 = 401,650,679,808; embeddings 2 x 128256 x 16384 = 4,202,692,608; + 16,384
        CHECK(rl::count_parameters(rl::find_model("llama-3.1-405b")).total() == 405'853'388'800);
    }
    SUBCASE("Qwen2.5-7B: 7.61 B on its model card, with q, k, v biases") {
        // hidden 3584, 28 layers, 28 heads / 4 KV heads of 128 (q 3584, k and v 512), MLP 18944, vocab 152064
        //   attention weights: 3584^2 x 2 + 3584x512 x 2 = 25,690,112 + 3,670,016 = 29,360,128
        //   biases on q, k, v: 3584 + 512 + 512 = 4,608
        //   MLP: 3 x 3584 x 18944 = 203,685,888; norms 7,168; per layer 233,057,792
        //   28 x 233,057,792 = 6,525,618,176; embeddings 2 x 152064 x 3584 = 1,089,994,752; + 3,584
        const rl::parameter_count p = rl::count_parameters(rl::find_model("qwen2.5-7b"));
        CHECK(p.total() == 7'615'616'512);
        CHECK(p.linear_biases == 28 * 4'608);
    }
    SUBCASE("TinyLlama-1.1B") {
        // hidden 2048, 22 layers, 32 heads / 4 KV heads of 64, MLP 5632, vocab 32000
        //   attention: 2048^2 x 2 + 2048x256 x 2 = 9,437,184; MLP 3 x 2048 x 5632 = 34,603,008; norms 4,096
        //   22 x 44,044,288 = 968,974,336; embeddings 2 x 32000 x 2048 = 131,072,000; + 2,048
        CHECK(rl::count_parameters(rl::find_model("tinyllama-1.1b")).total() == 1'100'048'384);
    }
    SUBCASE("Mistral-7B-v0.3: 7.25 B") {
        // the Llama-3.1-8B blocks (218,112,000 per layer) with a 32768 vocabulary:
        //   32 x 218,112,000 = 6,979,584,000; embeddings 2 x 32768 x 4096 = 268,435,456; + 4,096
        CHECK(rl::count_parameters(rl::find_model("mistral-7b")).total() == 7'248'023'552);
    }
    SUBCASE("Mixtral-8x7B: 46.7 B in all, 12.9 B active per token") {
        // per layer: attention 41,943,040; 8 experts of 3 x 4096 x 14336 = 176,160,768 each;
        // router 4096 x 8 = 32,768; norms 8,192; embeddings 2 x 32000 x 4096 = 262,144,000; final norm 4,096
        //   total:  32 x (41,943,040 + 8 x 176,160,768 + 32,768 + 8,192) + 262,144,000 + 4,096 = 46,702,792,704
        //   active: 32 x (41,943,040 + 2 x 176,160,768 + 32,768 + 8,192) + 262,144,000 + 4,096 = 12,879,925,248
        const rl::parameter_count p = rl::count_parameters(rl::find_model("mixtral-8x7b"));
        CHECK(p.total() == 46'702'792'704);
        CHECK(p.active() == 12'879'925'248);
        CHECK(p.router == 32 * 32'768);
    }
}

TEST_CASE("weight formats: AWQ/GPTQ int4 with groups of 128") {
    // 4 bits per weight + a 16-bit scale and a 4-bit zero (20 bits) shared by 128 weights
    CHECK(rl::int4_grouped(128).bits_per_weight() == 4.0 + 20.0 / 128.0);
    CHECK(rl::int4_grouped(128).bits_per_weight() == 4.15625);
    CHECK(rl::plain(rl::dtype::fp8).bits_per_weight() == 8.0);
    // Llama-3.1-8B in int4 g128: the linear layers (attention 1,342,177,280 + MLP 5,637,144,576 =
    // 6,979,321,856 weights) at 4.15625 bits = 3,625,975,808 bytes; embeddings, lm_head and norms
    // (1,050,939,392) stay bf16 = 2,101,878,784 bytes; 5,727,854,592 in all
    CHECK(rl::weight_bytes(rl::find_model("llama-3.1-8b"), rl::int4_grouped(128)) == 5'727'854'592.0);
}

TEST_CASE("plan_kv_cache: Llama-3.1-8B bf16 on an A100-80GB at 0.9 utilization") {
    const rl::deployment d = on("llama-3.1-8b", "a100-80gb-sxm");
    const rl::kv_capacity c = rl::plan_kv_cache(d, 0.9);
    // budget: 0.9 x 80 GiB = 0.9 x 85,899,345,920                 = 77,309,411,328
    // minus the bf16 weights                                      - 16,060,522,496
    // minus the 2 GiB reserve for activations and the runtime     -  2,147,483,648
    // leaves for the KV cache                                     = 59,101,405,184 bytes
    // / 131,072 bytes per token = 450,907.94 -> 450,907 tokens; / 16 = 28,181 blocks
    CHECK(c.budget_bytes == 77'309'411'328.0);
    CHECK(c.weight_bytes == 16'060'522'496.0);
    CHECK(c.reserve_bytes == 2'147'483'648.0);
    CHECK(c.kv_bytes == 59'101'405'184.0);
    CHECK(c.kv_bytes_per_token == 131'072.0);
    CHECK(c.tokens == 450'907);
    CHECK(c.blocks == 28'181);
    // 1024-token sequences take 64 blocks each: 28,181 / 64 = 440
    CHECK(c.max_sequences(1024) == 440);

    // fp8 KV halves the bytes per token and doubles the tokens: 59,101,405,184 / 65,536 = 901,815.9
    rl::deployment fp8 = d;
    fp8.kv = rl::dtype::fp8;
    CHECK(rl::plan_kv_cache(fp8, 0.9).tokens == 901'815);
}

TEST_CASE("kv_fragmentation of a small hand case") {
    // blocks of 16: lengths 1, 16, 17 use 1 + 16 + 17 = 34 slots of 16 + 16 + 32 = 64 allocated
    CHECK(rl::kv_fragmentation({1, 16, 17}, 16) == 1.0 - 34.0 / 64.0);
    CHECK(rl::kv_fragmentation({1, 16, 17}, 16) == 0.46875);
    CHECK(rl::kv_fragmentation({1, 16, 17}, 1) == 0.0);
    CHECK(rl::kv_fragmentation({}, 16) == 0.0);
}

TEST_CASE("speculative decoding: Leviathan et al.'s expected tokens per target step") {
    // alpha 0.8, k = 4 drafted tokens: (1 - 0.8^5) / (1 - 0.8) = (1 - 0.32768) / 0.2 = 3.3616
    // a draft costing 0.05 of a target step per token: speedup 3.3616 / (4 x 0.05 + 1) = 3.3616 / 1.2
    const rl::speculative_estimate e = rl::speculative_decoding(0.8, 4, 0.05);
    CHECK(e.tokens_per_step == Approx(3.3616).epsilon(1e-12));
    CHECK(e.speedup == Approx(3.3616 / 1.2).epsilon(1e-12));
    // nothing accepted: one token per step, and the drafting is pure cost
    CHECK(rl::speculative_decoding(0.0, 4, 0.05).tokens_per_step == 1.0);
    CHECK(rl::speculative_decoding(0.0, 4, 0.05).speedup == Approx(1 / 1.2));
}

TEST_CASE("critical batch: where Llama-3.1-8B's weight matmuls turn compute-bound") {
    // At decode batch b every weight matrix (qkv, o, gate_up, down, lm_head) does 2 b FLOPs per
    // weight and streams 2 bytes per weight (bf16): intensity b FLOP/byte. Compute reaches memory
    // time when b / 312e12 >= 1 / 2.039e12, i.e. b >= 312 / 2.039 = 153.02: the first whole batch
    // is 154 (the rule of thumb, peak FLOP/s over bandwidth, says 153).
    const rl::deployment a100 = on("llama-3.1-8b", "a100-80gb-sxm");
    CHECK(rl::critical_batch(a100) == 154);
    CHECK(rl::critical_batch(a100) == Approx(312.0 / 2.039).epsilon(0.02));
    // H100 SXM: 989.5e12 / 3.35e12 = 295.37 -> 296
    CHECK(rl::critical_batch(on("llama-3.1-8b", "h100-sxm")) == 296);
}

TEST_CASE("tensor parallelism over 2 GPUs halves the weights per GPU and adds all-reduces") {
    rl::deployment one = on("llama-3.1-8b", "a100-80gb-sxm");
    rl::deployment two = one;
    two.tensor_parallel = 2;
    // 16,060,522,496 / 2 bytes per GPU over 2.039e12 B/s = 3.9383 ms
    CHECK(rl::weight_floor_s(two) == Approx(3.9383e-3).epsilon(1e-4));
    CHECK(rl::weight_floor_s(two) == Approx(rl::weight_floor_s(one) / 2).epsilon(1e-12));

    // One decode step, batch 1, nothing cached yet, bytes read:
    //   embedding  one row: 4096 x 2                         =          8,192
    //   qkv        32 x 4096 x (4096 + 2 x 1024) x 2         =  1,610,612,736
    //   attention  writes one token's K and V                =        131,072
    //   o          32 x 4096 x 4096 x 2                      =  1,073,741,824
    //   gate_up    32 x 2 x 4096 x 14336 x 2                 =  7,516,192,768
    //   down       32 x 14336 x 4096 x 2                     =  3,758,096,384
    //   lm_head    128256 x 4096 x 2                         =  1,050,673,152
    //   total                                                = 15,009,456,128
    // On 2 GPUs each reads the embedding row (8,192), half the KV heads (65,536) and half of the
    // 15,009,316,864 bytes of weight matrices (7,504,658,432): 7,504,732,160.
    const rl::step_cost s1 = rl::decode_step(one, 1, 0);
    const rl::step_cost s2 = rl::decode_step(two, 1, 0);
    CHECK(s1.bytes == 15'009'456'128.0);
    CHECK(s2.bytes == 7'504'732'160.0);
    CHECK(s1.communication_s == 0.0);
    // two all-reduces per layer of 1 token x 4096 bf16 activations; a ring moves 2 (tp-1)/tp = 1
    // times the data: 32 x 2 x 1 x 4096 x 2 = 524,288 bytes over NVLink's 300 GB/s each way
    CHECK(s2.communication_s == Approx(524'288.0 / 300e9).epsilon(1e-12));
    CHECK(s2.communication_s > 0);
    double sum = 0;
    for (const rl::op_cost& o : s2.ops) sum += o.seconds();
    CHECK(s2.seconds == Approx(sum + s2.communication_s).epsilon(1e-12));

    // the KV cache plan is per GPU too: half the weights, half the KV heads
    const rl::kv_capacity c2 = rl::plan_kv_cache(two, 0.9);
    CHECK(c2.weight_bytes == 8'030'261'248.0);
    CHECK(c2.kv_bytes_per_token == 65'536.0);

    // a GPU without an interconnect cannot shard
    rl::deployment isolated = two;
    isolated.gpu.interconnect_bandwidth = 0;
    CHECK(error_of([&] { (void)rl::decode_step(isolated, 1, 0); }, errc::roofline_argument) ==
          "[inferlab.invalid_argument.104] roofline: a100-80gb-sxm has no interconnect bandwidth for tensor parallelism");
}

TEST_CASE("the GPU catalog: datasheet spot checks and basic sanity of every entry") {
    // spot checks against the datasheets (dense = the "with sparsity" figure halved where quoted so)
    const rl::gpu_spec& a100 = rl::find_gpu("a100-80gb-sxm");
    CHECK(a100.memory_bytes == 80 * GiB);
    CHECK(a100.memory_bandwidth == 2.039e12);
    CHECK(a100.flops_bf16 == 312e12);
    CHECK(a100.flops_fp8 == 0);  // Ampere has no FP8
    CHECK(a100.interconnect_bandwidth == 300e9);  // NVLink 600 GB/s, both directions together
    CHECK(rl::find_gpu("a100-40gb-pcie").memory_bandwidth == 1.555e12);
    CHECK(rl::find_gpu("a100-80gb-pcie").memory_bandwidth == 1.935e12);
    CHECK(rl::find_gpu("h100-sxm").flops_bf16 == 1979e12 / 2);
    CHECK(rl::find_gpu("h100-sxm").flops_fp8 == 3958e12 / 2);
    CHECK(rl::find_gpu("h100-sxm").memory_bandwidth == 3.35e12);
    CHECK(rl::find_gpu("h100-pcie").flops_bf16 == 1513e12 / 2);
    CHECK(rl::find_gpu("h100-nvl").memory_bytes == 94 * GiB);
    CHECK(rl::find_gpu("h200").memory_bytes == 141 * GiB);
    CHECK(rl::find_gpu("h200").memory_bandwidth == 4.8e12);
    CHECK(rl::find_gpu("b200").flops_fp8 == 4.5e15);  // HGX B200: 72 PFLOPS sparse / 8 GPUs / 2
    CHECK(rl::find_gpu("l4").flops_fp8 == 485e12 / 2);
    CHECK(rl::find_gpu("l40s").memory_bandwidth == 864e9);
    CHECK(rl::find_gpu("rtx-4090").flops_bf16 == 165.2e12);  // with FP32 accumulation
    CHECK(rl::find_gpu("mi300x").flops_bf16 == 1307.4e12);
    CHECK(rl::find_gpu("mi300x").memory_bandwidth == 5.3e12);
    CHECK(rl::find_gpu("a10g").flops_int8 == 0);  // unknown, not guessed

    const std::vector<std::string> required{"a100-40gb-sxm", "a100-80gb-sxm", "a100-40gb-pcie", "a100-80gb-pcie",
                                            "h100-sxm",      "h100-pcie",     "h100-nvl",       "h200",
                                            "b200",          "l40s",          "l4",             "a10g",
                                            "rtx-4090",      "mi300x"};
    for (const std::string& name : required) CHECK(rl::find_gpu(name).name == name);

    std::set<std::string> names;
    for (const rl::gpu_spec& g : rl::gpus()) {
        CAPTURE(g.name);
        CHECK(names.insert(g.name).second);
        CHECK(g.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") == std::string::npos);
        CHECK(&rl::find_gpu(g.name) == &g);
        CHECK_FALSE(g.display_name.empty());
        CHECK(g.source.find("dense") != std::string::npos);  // every source says which figures
        CHECK_FALSE(g.interconnect.empty());
        CHECK(g.memory_bytes >= 16 * GiB);
        CHECK(g.memory_bytes <= 256 * GiB);
        CHECK(g.memory_bandwidth > 100e9);
        CHECK(g.memory_bandwidth < 10e12);
        CHECK(g.interconnect_bandwidth > 0);
        CHECK(g.interconnect_bandwidth < g.memory_bandwidth);
        CHECK(g.flops_fp32 > 10e12);
        CHECK(g.flops_fp32 < 200e12);
        // every part has 16-bit tensor math, faster than its FP32, and dense (no part is near 5 PFLOP/s)
        CHECK(g.flops_bf16 > g.flops_fp32);
        CHECK(g.flops_fp16 == g.flops_bf16);
        CHECK(g.flops_bf16 < 2.5e15);
        CHECK(g.peak_flops(rl::dtype::bf16) == g.flops_bf16);
        // where present, FP8 runs at about twice the 16-bit rate (the L40S datasheet: 733 vs 362.05)
        if (g.flops_fp8 > 0) {
            CHECK(g.flops_fp8 / g.flops_bf16 > 1.95);
            CHECK(g.flops_fp8 / g.flops_bf16 < 2.05);
        }
        CHECK(g.flops_tf32 <= g.flops_bf16);
        CHECK(g.flops_int8 >= 0);
        CHECK(g.flops_int4 >= 0);
    }
    CHECK(names.size() >= required.size());
}

TEST_CASE("the model catalog: basic sanity, and every model survives a Hugging Face round trip") {
    const std::vector<std::string> required{"llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "tinyllama-1.1b",
                                            "mistral-7b",   "mixtral-8x7b",  "qwen2.5-7b"};
    for (const std::string& name : required) CHECK(rl::find_model(name).name == name);
    std::set<std::string> names;
    for (const rl::model_spec& m : rl::models()) {
        CAPTURE(m.name);
        CHECK(names.insert(m.name).second);
        CHECK(&rl::find_model(m.name) == &m);
        CHECK(m.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") == std::string::npos);
        CHECK(m.source.find('/') != std::string::npos);  // a Hugging Face repo id
        CHECK(m.hidden_size > 0);
        CHECK(m.intermediate_size > m.hidden_size);
        CHECK(m.num_layers > 0);
        CHECK(m.num_attention_heads % m.num_kv_heads == 0);
        CHECK(m.head_dim * m.num_attention_heads == m.hidden_size);
        CHECK(m.vocab_size >= 32000);
        CHECK(m.max_position_embeddings >= 2048);
        CHECK(m.experts_per_token <= m.num_experts);
        CHECK((m.num_experts > 0) == (m.family == "mixtral"));
        CHECK(rl::count_parameters(m).total() > 1'000'000'000);

        const rl::model_spec back = rl::model_from_hf_config(rl::to_hf_config(m), m.name);
        CHECK(back.name == m.name);
        CHECK(back.family == m.family);
        CHECK(back.source == m.source);
        CHECK(back.hidden_size == m.hidden_size);
        CHECK(back.intermediate_size == m.intermediate_size);
        CHECK(back.num_layers == m.num_layers);
        CHECK(back.num_attention_heads == m.num_attention_heads);
        CHECK(back.num_kv_heads == m.num_kv_heads);
        CHECK(back.head_dim == m.head_dim);
        CHECK(back.vocab_size == m.vocab_size);
        CHECK(back.max_position_embeddings == m.max_position_embeddings);
        CHECK(back.tie_word_embeddings == m.tie_word_embeddings);
        CHECK(back.attention_bias == m.attention_bias);
        CHECK(back.o_bias == m.o_bias);
        CHECK(back.mlp_bias == m.mlp_bias);
        CHECK(back.num_experts == m.num_experts);
        CHECK(back.experts_per_token == m.experts_per_token);
    }
}

TEST_CASE("unknown names are refused with the known ones listed") {
    CHECK(error_of([] { (void)rl::find_gpu("a100"); }, errc::roofline_argument) ==
          "[inferlab.invalid_argument.104] roofline: unknown GPU \"a100\"; known: a100-40gb-sxm, a100-80gb-sxm, "
          "a100-40gb-pcie, a100-80gb-pcie, h100-sxm, h100-pcie, h100-nvl, h200, b200, l40s, l4, a10g, rtx-4090, mi300x");
    CHECK(error_of([] { (void)rl::find_model("llama-3-8b"); }, errc::roofline_argument) ==
          "[inferlab.invalid_argument.104] roofline: unknown model \"llama-3-8b\"; known: llama-3.1-8b, llama-3.1-70b, "
          "llama-3.1-405b, tinyllama-1.1b, mistral-7b, mixtral-8x7b, qwen2.5-7b");
}

TEST_CASE("Hugging Face config.json of each family") {
    SUBCASE("llama: Llama-3.1-8B reads as the catalog's model") {
        const rl::model_spec m = hf(llama31_8b, "llama-3.1-8b");
        const rl::model_spec& c = rl::find_model("llama-3.1-8b");
        CHECK(m.family == "llama");
        CHECK(m.hidden_size == c.hidden_size);
        CHECK(m.intermediate_size == c.intermediate_size);
        CHECK(m.num_layers == c.num_layers);
        CHECK(m.num_kv_heads == 8);
        CHECK(m.head_dim == 128);  // 4096 / 32: the config has no head_dim
        CHECK(m.max_position_embeddings == 131072);
        CHECK_FALSE(m.tie_word_embeddings);
        CHECK_FALSE(m.attention_bias);
        CHECK(rl::count_parameters(m).total() == 8'030'261'248);
        // no name given and no "_name_or_path": named after its model_type
        CHECK(hf(llama31_8b).name == "llama");
        CHECK(hf(llama31_8b).source.empty());
        // "_name_or_path" names it and is its source
        nlohmann::json j = nlohmann::json::parse(llama31_8b);
        j["_name_or_path"] = "meta-llama/Llama-3.1-8B";
        CHECK(rl::model_from_hf_config(j).name == "meta-llama/Llama-3.1-8B");
        CHECK(rl::model_from_hf_config(j).source == "meta-llama/Llama-3.1-8B");
    }
    SUBCASE("llama: an older config without num_key_value_heads, head_dim or max_position_embeddings") {
        // Llama-2-13b style: every head has its own K and V; transformers' LlamaConfig then uses
        // num_attention_heads, and 2048 positions
        const rl::model_spec m = hf(R"({"model_type": "llama", "hidden_act": "silu", "hidden_size": 5120,
            "intermediate_size": 13824, "num_attention_heads": 40, "num_hidden_layers": 40, "vocab_size": 32000})");
        CHECK(m.num_kv_heads == 40);
        CHECK(m.head_dim == 128);
        CHECK(m.max_position_embeddings == 2048);
        // KV per token: 2 x 40 layers x 40 heads x 128 x 2 bytes = 819,200
        CHECK(rl::kv_bytes_per_token(m) == 819'200);
    }
    SUBCASE("llama: attention_bias puts biases on q, k, v and o; mlp_bias on gate, up and down") {
        // a small llama: hidden 64, 2 layers, 4 heads / 2 KV heads of 16, MLP 128, vocab 100
        //   attention weights 64x64 x 2 + 64x32 x 2 = 12,288; biases q 64 + k 32 + v 32 + o 64 = 192
        //   MLP weights 3 x 64 x 128 = 24,576; biases gate 128 + up 128 + down 64 = 320; norms 128
        //   2 x 37,504 = 75,008; embeddings 2 x 100 x 64 = 12,800; final norm 64 -> 87,872
        const rl::model_spec m = hf(R"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
            "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2, "vocab_size": 100,
            "attention_bias": true, "mlp_bias": true})");
        CHECK(m.attention_bias);
        CHECK(m.o_bias);
        CHECK(m.mlp_bias);
        const rl::parameter_count p = rl::count_parameters(m);
        CHECK(p.total() == 87'872);
        CHECK(p.linear_biases == 2 * (192 + 320));
    }
    SUBCASE("mistral: Mistral-7B-v0.3") {
        const rl::model_spec m = hf(mistral_7b_v03);
        CHECK(m.family == "mistral");
        CHECK(m.vocab_size == 32768);
        CHECK(m.head_dim == 128);
        CHECK(rl::count_parameters(m).total() == 7'248'023'552);
        // transformers' MistralConfig: num_key_value_heads is 8 when the key is absent, all heads when null
        nlohmann::json j = nlohmann::json::parse(mistral_7b_v03);
        j.erase("num_key_value_heads");
        CHECK(rl::model_from_hf_config(j).num_kv_heads == 8);
        j["num_key_value_heads"] = nullptr;
        CHECK(rl::model_from_hf_config(j).num_kv_heads == 32);
        // head_dim null: hidden_size / num_attention_heads; max_position_embeddings absent: 4096 x 32
        j["head_dim"] = nullptr;
        j.erase("max_position_embeddings");
        CHECK(rl::model_from_hf_config(j).head_dim == 128);
        CHECK(rl::model_from_hf_config(j).max_position_embeddings == 131072);
    }
    SUBCASE("mixtral: Mixtral-8x7B") {
        const rl::model_spec m = hf(mixtral_8x7b);
        CHECK(m.family == "mixtral");
        CHECK(m.num_experts == 8);
        CHECK(m.experts_per_token == 2);
        CHECK(rl::count_parameters(m).total() == 46'702'792'704);
        CHECK(rl::count_parameters(m).active() == 12'879'925'248);
        // transformers' defaults (8 experts, top-2) and its "num_experts" alias
        nlohmann::json j = nlohmann::json::parse(mixtral_8x7b);
        j.erase("num_local_experts");
        j.erase("num_experts_per_tok");
        CHECK(rl::model_from_hf_config(j).num_experts == 8);
        CHECK(rl::model_from_hf_config(j).experts_per_token == 2);
        j["num_experts"] = 4;
        CHECK(rl::model_from_hf_config(j).num_experts == 4);
    }
    SUBCASE("qwen2: Qwen2.5-7B has biases on q, k and v; Qwen2.5-0.5B ties its embeddings") {
        const rl::model_spec m = hf(qwen25_7b);
        CHECK(m.family == "qwen2");
        CHECK(m.attention_bias);
        CHECK_FALSE(m.o_bias);
        CHECK_FALSE(m.mlp_bias);
        CHECK_FALSE(m.tie_word_embeddings);
        CHECK(rl::count_parameters(m).total() == 7'615'616'512);

        // Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads / 2 KV heads of 64, MLP 4864, vocab 151936, tied
        //   attention 896x896 x 2 + 896x128 x 2 = 1,835,008; biases 896 + 128 + 128 = 1,152
        //   MLP 3 x 896 x 4864 = 13,074,432; norms 1,792; per layer 14,912,384; x 24 = 357,897,216
        //   one embedding table 151936 x 896 = 136,134,656 (the lm_head is the same matrix); + 896
        //   = 494,032,768 ("0.49B" on the model card)
        const rl::model_spec small = hf(qwen25_05b);
        CHECK(small.tie_word_embeddings);
        CHECK(rl::count_parameters(small).lm_head == 0);
        CHECK(rl::count_parameters(small).total() == 494'032'768);
    }
}

TEST_CASE("Hugging Face config.json: what the roofline does not model is an error naming the field") {
    const std::string prefix = "[inferlab.parse_error.230] byte 0: model config: ";
    CHECK(hf_error("[1, 2]") == prefix + "expected a JSON object, got an array");
    CHECK(hf_error(R"({"hidden_size": 4096})") == prefix + "\"model_type\" is missing; supported: llama, mistral, mixtral, qwen2");
    CHECK(hf_error(R"({"model_type": "gpt2", "n_embd": 768})") ==
          prefix + "\"model_type\" is \"gpt2\"; supported: llama, mistral, mixtral, qwen2");
    CHECK(hf_error(R"({"model_type": "qwen2_moe"})") ==
          prefix + "\"model_type\" is \"qwen2_moe\"; supported: llama, mistral, mixtral, qwen2");
    CHECK(hf_error(R"({"model_type": 3})") == prefix + "\"model_type\" must be a string, got 3");

    nlohmann::json j = nlohmann::json::parse(llama31_8b);
    auto with = [&](const char* key, const nlohmann::json& value) {
        nlohmann::json c = j;
        c[key] = value;
        return hf_error(c.dump());
    };
    auto without = [&](const char* key) {
        nlohmann::json c = j;
        c.erase(key);
        return hf_error(c.dump());
    };
    CHECK(with("hidden_act", "gelu") ==
          prefix + "\"hidden_act\" is \"gelu\"; only \"silu\" (the SwiGLU MLP of llama, mistral, mixtral and qwen2) is modeled");
    CHECK(with("hidden_act", 1) == prefix + "\"hidden_act\" must be a string, got 1");
    CHECK(without("hidden_size") == prefix + "\"hidden_size\" is missing");
    CHECK(without("vocab_size") == prefix + "\"vocab_size\" is missing");
    CHECK(with("hidden_size", "4096") == prefix + "\"hidden_size\" must be a positive integer, got \"4096\"");
    CHECK(with("hidden_size", 4096.0) == prefix + "\"hidden_size\" must be a positive integer, got 4096.0");
    CHECK(with("num_hidden_layers", 0) == prefix + "\"num_hidden_layers\" must be a positive integer, got 0");
    CHECK(with("intermediate_size", -1) == prefix + "\"intermediate_size\" must be a positive integer, got -1");
    CHECK(with("vocab_size", 3000000000LL) == prefix + "\"vocab_size\" is 3000000000, too large (at most 2147483647)");
    CHECK(with("head_dim", true) == prefix + "\"head_dim\" must be a positive integer, got true");
    CHECK(with("tie_word_embeddings", "false") == prefix + "\"tie_word_embeddings\" must be true or false, got \"false\"");
    CHECK(with("attention_bias", 0) == prefix + "\"attention_bias\" must be true or false, got 0");
    CHECK(with("num_key_value_heads", 5) ==
          prefix + "\"num_attention_heads\" (32) is not a multiple of \"num_key_value_heads\" (5)");
    CHECK(with("hidden_size", 4100) ==
          prefix + "\"hidden_size\" (4100) is not a multiple of \"num_attention_heads\" (32) and \"head_dim\" is not given");
    CHECK(with("num_experts_per_tok", 2) ==
          prefix + "\"num_experts_per_tok\" is a mixture-of-experts field, but model_type \"llama\" is modeled as dense "
                   "(of the supported families only mixtral has experts)");
    nlohmann::json huge = j;
    huge["num_hidden_layers"] = 2147483647;
    huge["intermediate_size"] = 2147483647;
    CHECK(hf_error(huge.dump()) == prefix + "the sizes give more than 2^62 parameters");
    huge = j;
    huge["num_attention_heads"] = 2147483647;
    huge["num_key_value_heads"] = 2147483647;
    huge["head_dim"] = 2147483647;
    CHECK(hf_error(huge.dump()) == prefix + "the sizes give more than 2^62 parameters");

    // a real config: a Mixtral-style model published with model_type "mistral" and its own MoE keys
    CHECK(hf_error(R"({"model_type": "mistral", "hidden_act": "silu", "hidden_size": 4096,
        "intermediate_size": 14336, "num_attention_heads": 32, "num_experts": 8, "num_experts_per_token": 2,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 32001})") ==
          prefix + "\"num_experts\" is a mixture-of-experts field, but model_type \"mistral\" is modeled as dense "
                   "(of the supported families only mixtral has experts)");
    // mistral's default of 8 KV heads, when the key is absent, must divide the heads
    CHECK(hf_error(R"({"model_type": "mistral", "hidden_size": 1536, "intermediate_size": 4096,
        "num_attention_heads": 12, "num_hidden_layers": 2, "vocab_size": 32000})") ==
          prefix + "\"num_attention_heads\" (12) is not a multiple of \"num_key_value_heads\" (8, the mistral default "
                   "when the key is absent)");

    nlohmann::json mix = nlohmann::json::parse(mixtral_8x7b);
    mix["num_experts_per_tok"] = 9;
    CHECK(hf_error(mix.dump()) == prefix + "\"num_experts_per_tok\" (9) is more than the 8 experts");
    mix["num_experts_per_tok"] = 2;
    mix["n_shared_experts"] = 2;
    CHECK(hf_error(mix.dump()) ==
          prefix + "\"n_shared_experts\" is not a mixtral field (mixtral has num_local_experts and num_experts_per_tok); "
                   "this mixture-of-experts layout is not modeled");
    mix.erase("n_shared_experts");
    mix["num_local_experts"] = 0;
    CHECK(hf_error(mix.dump()) == prefix + "\"num_local_experts\" must be a positive integer, got 0");
}

TEST_CASE("read_hf_config_file names the file: its directory names the model, its path is the source") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "inferlab_test_roofline" / "Llama-3.1-8B";
    fs::create_directories(dir);
    const std::string good = (dir / "config.json").string();
    const std::string bad = (dir / "broken.json").string();
    const std::string missing = (dir / "missing.json").string();
    {
        std::ofstream(good) << llama31_8b;
        // the 'o' of "oops" is at byte 29: "{\n" (2) and the 25 bytes of line 2, then two spaces
        std::ofstream(bad) << "{\n  \"model_type\": \"llama\",\n  oops\n}\n";
    }
    const rl::model_spec m = rl::read_hf_config_file(good);
    CHECK(m.name == "Llama-3.1-8B");
    CHECK(m.source == good);
    CHECK(rl::count_parameters(m).total() == 8'030'261'248);

    CHECK(error_of([&] { (void)rl::read_hf_config_file(missing); }, errc::model_config) ==
          "[inferlab.parse_error.230] byte 0: model config \"" + missing + "\": cannot open the file");
    try {
        (void)rl::read_hf_config_file(bad);
        FAIL("no error");
    } catch (const inferlab::parse_error& e) {
        CHECK(e.code() == errc::model_config);
        CHECK(e.line() == 3);
        CHECK(e.byte_offset() == 29);
        const std::string expected = "[inferlab.parse_error.230] line 3, byte 29: model config \"" + bad + "\": invalid JSON: ";
        CHECK(std::string(e.what()).substr(0, expected.size()) == expected);
    }
    // a semantic error names the file too
    {
        std::ofstream(bad) << R"({"model_type": "gpt2"})";
    }
    CHECK(error_of([&] { (void)rl::read_hf_config_file(bad); }, errc::model_config) ==
          "[inferlab.parse_error.230] byte 0: model config \"" + bad +
              "\": \"model_type\" is \"gpt2\"; supported: llama, mistral, mixtral, qwen2");
    fs::remove_all(dir.parent_path());
}

TEST_CASE("GPU catalog JSON: the schema, round trips, and every error naming its key path") {
    SUBCASE("a hand-written entry") {
        std::istringstream is(R"([{"name": "a100-80gb-sxm-custom", "memory_gb": 80, "memory_bandwidth_gbps": 2039,
            "tflops": {"fp32": 19.5, "bf16": 312, "fp16": 312, "int8": 624}, "interconnect_gbps": 300}])");
        const std::vector<rl::gpu_spec> v = rl::read_gpu_catalog(is);
        REQUIRE(v.size() == 1);
        const rl::gpu_spec& g = v[0];
        CHECK(g.name == "a100-80gb-sxm-custom");
        CHECK(g.display_name == g.name);              // defaults to the name
        CHECK(g.memory_bytes == 85'899'345'920.0);    // 80 x 2^30
        CHECK(g.memory_bandwidth == 2.039e12);        // 2039 x 1e9
        CHECK(g.flops_bf16 == 312e12);
        CHECK(g.flops_tf32 == 0);                     // absent: not supported
        CHECK(g.flops_fp8 == 0);
        CHECK(g.interconnect_bandwidth == 300e9);
        CHECK(g.interconnect.empty());
        CHECK(g.source.empty());
        CHECK(error_of([&] { (void)g.peak_flops(rl::dtype::fp8); }, errc::roofline_argument) ==
              "[inferlab.invalid_argument.104] roofline: a100-80gb-sxm-custom has no fp8 tensor math");
    }
    SUBCASE("every catalog GPU writes and reads back") {
        const nlohmann::json all = rl::gpus();
        std::istringstream is(all.dump(2));
        const std::vector<rl::gpu_spec> back = rl::read_gpu_catalog(is);
        REQUIRE(back.size() == rl::gpus().size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            const rl::gpu_spec& a = rl::gpus()[i];
            const rl::gpu_spec& b = back[i];
            CAPTURE(a.name);
            CHECK(b.name == a.name);
            CHECK(b.display_name == a.display_name);
            CHECK(b.memory_bytes == a.memory_bytes);  // whole GiB: exact
            CHECK(b.memory_bandwidth == Approx(a.memory_bandwidth).epsilon(1e-15));
            CHECK(b.flops_fp32 == Approx(a.flops_fp32).epsilon(1e-15));
            CHECK(b.flops_tf32 == Approx(a.flops_tf32).epsilon(1e-15));
            CHECK(b.flops_bf16 == Approx(a.flops_bf16).epsilon(1e-15));
            CHECK(b.flops_fp16 == Approx(a.flops_fp16).epsilon(1e-15));
            CHECK(b.flops_fp8 == Approx(a.flops_fp8).epsilon(1e-15));
            CHECK(b.flops_int8 == Approx(a.flops_int8).epsilon(1e-15));
            CHECK(b.flops_int4 == Approx(a.flops_int4).epsilon(1e-15));
            CHECK(b.interconnect_bandwidth == Approx(a.interconnect_bandwidth).epsilon(1e-15));
            CHECK(b.interconnect == a.interconnect);
            CHECK(b.source == a.source);
        }
        const nlohmann::json a100 = rl::find_gpu("a100-80gb-sxm");
        CHECK(a100["memory_gb"] == 80.0);
        CHECK(a100["memory_bandwidth_gbps"] == 2039.0);
        CHECK(a100["tflops"]["bf16"] == 312.0);
        CHECK(a100["interconnect_gbps"] == 300.0);
        CHECK(a100.get<rl::gpu_spec>().name == "a100-80gb-sxm");
    }
    SUBCASE("errors") {
        const std::string prefix = "[inferlab.parse_error.231] byte 0: gpu catalog: ";
        const std::string ok = R"("name": "x", "memory_gb": 24, "memory_bandwidth_gbps": 600, "tflops": {"bf16": 70})";
        CHECK(catalog_error("[{" + ok + "}]").empty());
        CHECK(catalog_error(R"({"gpus": []})") == prefix + "expected a JSON array of GPU objects, got an object");
        CHECK(catalog_error(R"(["h100"])") == prefix + "[0]: expected a JSON object describing a GPU, got \"h100\"");
        CHECK(catalog_error("[{" + ok + "}, {" + ok + R"(, "display_name": "Y"}])") ==
              prefix + "[1].name: \"x\" is also the name of [0]");
        CHECK(catalog_error("[{" + ok + R"(, "memory": 24}])") ==
              prefix + "[0].memory: unknown key; known: name, display_name, memory_gb, memory_bandwidth_gbps, tflops, "
                       "interconnect_gbps, interconnect, source");
        CHECK(catalog_error("[{" + ok + "}, " + R"({"name": "y", "memory_gb": 24, "memory_bandwidth_gbps": 600,
            "tflops": {"bf16": 70, "bf61": 70}}])") ==
              prefix + "[1].tflops.bf61: unknown key; known: fp32, tf32, bf16, fp16, fp8, int8, int4");
        CHECK(catalog_error(R"([{"memory_gb": 24}])") == prefix + "[0].name: missing");
        CHECK(catalog_error(R"([{"name": 7}])") == prefix + "[0].name: expected a string, got 7");
        CHECK(catalog_error(R"([{"name": "A100"}])") ==
              prefix + "[0].name: \"A100\" is not a lowercase-hyphenated name (a-z, 0-9, '-', '.')");
        CHECK(catalog_error(R"([{"name": "x"}])") == prefix + "[0].memory_gb: missing");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": null}])") == prefix + "[0].memory_gb: missing");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": "80"}])") ==
              prefix + "[0].memory_gb: expected a positive number, got \"80\"");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 0}])") == prefix + "[0].memory_gb: expected a positive number, got 0");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 24, "memory_bandwidth_gbps": -1}])") ==
              prefix + "[0].memory_bandwidth_gbps: expected a positive number, got -1");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 24, "memory_bandwidth_gbps": 600}])") ==
              prefix + "[0].tflops: missing");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 24, "memory_bandwidth_gbps": 600, "tflops": 312}])") ==
              prefix + "[0].tflops: expected an object of dense TFLOP/s by format, got 312");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 24, "memory_bandwidth_gbps": 600, "tflops": {"bf16": -312}}])") ==
              prefix + "[0].tflops.bf16: expected a number >= 0, got -312");
        CHECK(catalog_error(R"([{"name": "x", "memory_gb": 24, "memory_bandwidth_gbps": 600, "tflops": {"bf16": 0}}])") ==
              prefix + "[0].tflops: no peak is positive (give at least one of fp32, tf32, bf16, fp16, fp8, int8, int4)");
        CHECK(catalog_error("[{" + ok + R"(, "interconnect_gbps": "fast"}])") ==
              prefix + "[0].interconnect_gbps: expected a number >= 0, got \"fast\"");
        CHECK(catalog_error("[{" + ok + R"(, "source": 3}])") == prefix + "[0].source: expected a string, got 3");
        // null is absent for optional keys
        CHECK(catalog_error("[{" + ok + R"(, "source": null, "interconnect_gbps": null}])").empty());

        // invalid JSON: the offending byte and its line. "[\n" is 2 bytes; on line 2,
        // `  {"name": "x",}` has the '}' after the comma at column 16, byte 2 + 15 = 17
        try {
            std::istringstream is("[\n  {\"name\": \"x\",}\n]");
            (void)rl::read_gpu_catalog(is);
            FAIL("no error");
        } catch (const inferlab::parse_error& e) {
            CHECK(e.code() == errc::gpu_catalog);
            CHECK(e.line() == 2);
            CHECK(e.byte_offset() == 17);
            const std::string expected = "[inferlab.parse_error.231] line 2, byte 17: gpu catalog: invalid JSON: ";
            CHECK(std::string(e.what()).substr(0, expected.size()) == expected);
        }

        // one object on its own: paths without the index
        CHECK(error_of([] { (void)rl::gpu_from_json(nlohmann::json{{"name", "x"}}); }, errc::gpu_catalog) ==
              prefix + "memory_gb: missing");
        CHECK(error_of([] { (void)rl::gpu_from_json(nlohmann::json::array()); }, errc::gpu_catalog) ==
              prefix + "expected a JSON object describing a GPU, got an array");
    }
}

TEST_CASE("to_json of the roofline's results: the structs' names, seconds and bytes as doubles") {
    const rl::deployment d = on("llama-3.1-8b", "a100-80gb-sxm");

    rl::op_cost o;
    o.name = "qkv";
    o.bytes = 100;
    o.flops = 400;
    o.memory_s = 2;
    o.compute_s = 1;
    CHECK(nlohmann::json(o) == nlohmann::json{{"name", "qkv"},   {"bytes", 100.0},   {"flops", 400.0},
                                              {"memory_s", 2.0}, {"compute_s", 1.0}, {"seconds", 2.0},
                                              {"arithmetic_intensity", 4.0},         {"memory_bound", true}});

    const rl::step_cost s = rl::decode_step(d, 1, 0);
    const nlohmann::json js = s;
    CHECK(js["bytes"] == 15'009'456'128.0);  // the hand sum of the tensor-parallel test
    CHECK(js["seconds"] == s.seconds);
    CHECK(js["communication_s"] == 0.0);
    CHECK(js["memory_bound"] == true);
    REQUIRE(js["ops"].size() == 7);  // embedding, qkv, attention, o, gate_up, down, lm_head
    CHECK(js["ops"][0]["name"] == "embedding");
    CHECK(js["ops"][6]["name"] == "lm_head");
    CHECK(js["ops"][6]["bytes"] == 1'050'673'152.0);
    CHECK(js.size() == 8);

    const nlohmann::json jc = rl::plan_kv_cache(d, 0.9);
    CHECK(jc == nlohmann::json{{"budget_bytes", 77'309'411'328.0},
                               {"weight_bytes", 16'060'522'496.0},
                               {"reserve_bytes", 2'147'483'648.0},
                               {"kv_bytes", 59'101'405'184.0},
                               {"kv_bytes_per_token", 131'072.0},
                               {"tokens", 450'907},
                               {"blocks", 28'181},
                               {"block_size", 16}});

    rl::request_estimate r;
    r.prefill_s = 0.25;
    r.decode_s = 1.5;
    r.tpot_s = 0.0125;
    CHECK(nlohmann::json(r) ==
          nlohmann::json{{"prefill_s", 0.25}, {"decode_s", 1.5}, {"tpot_s", 0.0125}, {"ttft_s", 0.25}, {"total_s", 1.75}});

    rl::speculative_estimate e;
    e.tokens_per_step = 3.5;
    e.speedup = 2.5;
    CHECK(nlohmann::json(e) == nlohmann::json{{"tokens_per_step", 3.5}, {"speedup", 2.5}});

    const nlohmann::json jp = rl::count_parameters(rl::find_model("mixtral-8x7b"));
    CHECK(jp["total"] == 46'702'792'704);
    CHECK(jp["active"] == 12'879'925'248);
    CHECK(jp["router"] == 32 * 32'768);
    CHECK(jp.size() == 10);

    const nlohmann::json jm = rl::find_model("qwen2.5-7b");
    CHECK(jm["family"] == "qwen2");
    CHECK(jm["num_kv_heads"] == 4);
    CHECK(jm["attention_bias"] == true);
    CHECK(jm["o_bias"] == false);
    CHECK(jm["source"] == "Qwen/Qwen2.5-7B");
    CHECK(jm.size() == 17);

    // Hugging Face style: the keys transformers reads
    const nlohmann::json hfj = rl::to_hf_config(rl::find_model("mixtral-8x7b"));
    CHECK(hfj["model_type"] == "mixtral");
    CHECK(hfj["num_local_experts"] == 8);
    CHECK(hfj["num_experts_per_tok"] == 2);
    CHECK(hfj["num_hidden_layers"] == 32);
    CHECK(hfj["_name_or_path"] == "mistralai/Mixtral-8x7B-v0.1");
    rl::model_spec odd = rl::find_model("qwen2.5-7b");
    odd.o_bias = true;
    CHECK(error_of([&] { (void)rl::to_hf_config(odd); }, errc::roofline_argument) ==
          "[inferlab.invalid_argument.104] roofline: model \"qwen2.5-7b\" cannot be written as a Hugging Face config: "
          "qwen2 has biases on q, k and v only");
}
