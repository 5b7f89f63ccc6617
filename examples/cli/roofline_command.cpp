// inferlab roofline: the theoretical floor of decode and prefill for a model on a GPU
// (docs/roofline.md), as a table or as JSON for notebooks.
#include "cli.hpp"

#include <inferlab/roofline.hpp>
#include <inferlab/roofline_catalog.hpp>
#include <inferlab/roofline_json.hpp>

#include <fmt/core.h>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace cli {
namespace {

namespace rl = inferlab::roofline;

rl::dtype parse_dtype_arg(const std::string& flag, const std::string& v) {
    const auto d = rl::parse_dtype(v);
    if (!d) throw usage_error(flag + ": unknown format \"" + v + "\" (fp32, bf16, fp16, fp8, int8, int4)");
    return *d;
}

int list(const std::string& what, bool json, const std::vector<rl::gpu_spec>& extra_gpus) {
    if (what == "list-gpus") {
        std::vector<rl::gpu_spec> all = rl::gpus();
        all.insert(all.end(), extra_gpus.begin(), extra_gpus.end());
        if (json) {
            fmt::print("{}\n", nlohmann::json(all).dump(2));
            return 0;
        }
        fmt::print("{:<16} {:>8} {:>10} {:>10} {:>10} {:>12}  {}\n", "name", "memory", "bandwidth", "bf16", "fp8", "interconnect", "GPU");
        for (const auto& g : all)
            fmt::print("{:<16} {:>5.0f}GiB {:>6.2f}TB/s {:>6.0f}TF/s {:>6.0f}TF/s {:>8.0f}GB/s  {}\n", g.name, g.memory_bytes / (1024.0 * 1024 * 1024),
                       g.memory_bandwidth / 1e12, g.flops_bf16 / 1e12, g.flops_fp8 / 1e12, g.interconnect_bandwidth / 1e9,
                       g.display_name);
        return 0;
    }
    if (json) {
        fmt::print("{}\n", nlohmann::json(rl::models()).dump(2));
        return 0;
    }
    fmt::print("{:<16} {:>9} {:>9} {:>7} {:>6} {:>6}  {}\n", "name", "params", "active", "layers", "heads", "kv", "source");
    for (const auto& m : rl::models()) {
        const auto p = rl::count_parameters(m);
        fmt::print("{:<16} {:>8.2f}B {:>8.2f}B {:>7} {:>6} {:>6}  {}\n", m.name, static_cast<double>(p.total()) / 1e9,
                   static_cast<double>(p.active()) / 1e9, m.num_layers, m.num_attention_heads, m.num_kv_heads, m.source);
    }
    return 0;
}

}  // namespace

int roofline_command(const std::vector<std::string>& args) {
    std::string model_name, model_config, gpu_name, catalog;
    rl::dtype weights = rl::dtype::bf16, kv = rl::dtype::bf16;
    std::optional<rl::dtype> math;
    std::int64_t group_size = 128, tp = 1, block_size = 16;
    std::vector<double> batches{1, 4, 16, 64};
    double context = 1024, mem_util = 0.9;
    std::optional<double> prompt, output, measured_tpot_ms;
    rl::efficiency eff;
    bool json = false;
    std::string listing;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw usage_error(a + " needs a value");
            return args[++i];
        };
        auto integer = [&](double lowest) {
            const double v = parse_number(a, value());
            if (v < lowest || v != std::floor(v)) throw usage_error(a + ": expected an integer >= " + fmt::format("{}", lowest));
            return static_cast<std::int64_t>(v);
        };
        auto fraction = [&]() {
            const double v = parse_number(a, value());
            if (!(v > 0 && v <= 1)) throw usage_error(a + ": expected a fraction in (0, 1]");
            return v;
        };
        if (a == "list-gpus" || a == "list-models") listing = a;
        else if (a == "--json") json = true;
        else if (a == "--model") model_name = value();
        else if (a == "--model-config") model_config = value();
        else if (a == "--gpu") gpu_name = value();
        else if (a == "--gpu-catalog") catalog = value();
        else if (a == "--dtype") weights = parse_dtype_arg(a, value());
        else if (a == "--kv-dtype") kv = parse_dtype_arg(a, value());
        else if (a == "--math-dtype") math = parse_dtype_arg(a, value());
        else if (a == "--group-size") group_size = integer(1);
        else if (a == "--tp") tp = integer(1);
        else if (a == "--block-size") block_size = integer(1);
        else if (a == "--context") context = static_cast<double>(integer(0));
        else if (a == "--prompt") prompt = static_cast<double>(integer(1));
        else if (a == "--output") output = static_cast<double>(integer(1));
        else if (a == "--mem-util") mem_util = fraction();
        else if (a == "--efficiency-memory") eff.memory = fraction();
        else if (a == "--efficiency-compute") eff.compute = fraction();
        else if (a == "--measured-tpot-ms") measured_tpot_ms = parse_number(a, value());
        else if (a == "--batch") {
            batches.clear();
            for (const std::string& b : split(value(), ',')) {
                const double v = parse_number("--batch", b);
                if (v < 1 || v != std::floor(v)) throw usage_error("--batch: \"" + b + "\" is not a batch size");
                batches.push_back(v);
            }
        } else throw usage_error("roofline: unknown option " + a);
    }

    std::vector<rl::gpu_spec> extra;
    if (!catalog.empty()) {
        std::ifstream in(catalog);
        if (!in) throw std::runtime_error(catalog + ": cannot open");
        try {
            extra = rl::read_gpu_catalog(in);
        } catch (const inferlab::error& e) {
            throw std::runtime_error(catalog + ": " + e.what());
        }
    }
    if (!listing.empty()) return list(listing, json, extra);

    if (model_name.empty() == model_config.empty()) throw usage_error("roofline: give --model NAME or --model-config FILE");
    if (gpu_name.empty()) throw usage_error("roofline: give --gpu NAME (inferlab roofline list-gpus)");

    rl::deployment d;
    d.model = model_config.empty() ? rl::find_model(model_name) : rl::read_hf_config_file(model_config);
    d.gpu = [&]() -> rl::gpu_spec {
        for (const auto& g : extra)
            if (g.name == gpu_name) return g;
        return rl::find_gpu(gpu_name);
    }();
    d.weights = weights == rl::dtype::int4 ? rl::int4_grouped(group_size) : rl::plain(weights);
    d.kv = kv;
    d.math = math ? *math : (weights == rl::dtype::fp8 || weights == rl::dtype::int8 ? weights : rl::dtype::bf16);
    d.tensor_parallel = tp;
    d.eff = eff;

    const rl::parameter_count params = rl::count_parameters(d.model);
    const rl::kv_capacity cap = rl::plan_kv_cache(d, mem_util, block_size);
    const double crit = rl::critical_batch(d, context);
    std::vector<rl::step_cost> steps;
    for (double b : batches) steps.push_back(rl::decode_step(d, b, context));
    std::optional<rl::request_estimate> req;
    if (prompt) req = rl::estimate_request(d, *prompt, output ? *output : 128, batches.front());

    if (json) {
        nlohmann::json j;
        j["model"] = d.model;
        j["gpu"] = d.gpu;
        j["weights"] = {{"dtype", rl::to_string(weights)}, {"bits_per_weight", d.weights.bits_per_weight()},
                        {"bytes", rl::weight_bytes(d.model, d.weights)}};
        j["kv_dtype"] = rl::to_string(kv);
        j["math_dtype"] = rl::to_string(d.math);
        j["tensor_parallel"] = tp;
        j["efficiency"] = {{"memory", eff.memory}, {"compute", eff.compute}};
        j["parameters"] = params;
        j["kv_bytes_per_token"] = rl::kv_bytes_per_token(d.model, kv);
        j["weight_floor_s"] = rl::weight_floor_s(d);
        j["critical_batch"] = crit;
        j["kv_capacity"] = cap;
        j["context"] = context;
        nlohmann::json decode = nlohmann::json::array();
        for (std::size_t i = 0; i < batches.size(); ++i) {
            nlohmann::json row = steps[i];
            row["batch"] = batches[i];
            row["tokens_per_s"] = batches[i] / steps[i].seconds;
            decode.push_back(row);
        }
        j["decode"] = decode;
        if (req) j["request"] = *req;
        if (measured_tpot_ms) {
            j["measured"] = {{"tpot_s", *measured_tpot_ms / 1e3},
                             {"mbu", rl::mbu(d, *measured_tpot_ms / 1e3, batches.front(), context)},
                             {"mfu", rl::mfu(d, batches.front() / (*measured_tpot_ms / 1e3), batches.front(), context)}};
        }
        fmt::print("{}\n", j.dump(2));
        return 0;
    }

    fmt::print("{} on {}{}\n", d.model.name, d.gpu.display_name, tp > 1 ? fmt::format(" x{} (tensor parallel)", tp) : "");
    fmt::print("  parameters       {:.2f} B ({:.2f} B active per token)\n", static_cast<double>(params.total()) / 1e9,
               static_cast<double>(params.active()) / 1e9);
    fmt::print("  weights          {:.2f} GB as {} ({:.3g} bits/weight), {:.2f} GB per GPU\n", rl::weight_bytes(d.model, d.weights) / 1e9,
               rl::to_string(weights), d.weights.bits_per_weight(), rl::weight_bytes(d.model, d.weights) / 1e9 / static_cast<double>(tp));
    fmt::print("  KV cache         {:.0f} bytes per token ({}); {} tokens fit at {:.0f}% memory: {} blocks of {}, {} sequences of {}\n",
               rl::kv_bytes_per_token(d.model, kv), rl::to_string(kv), cap.tokens, mem_util * 100, cap.blocks, block_size,
               cap.max_sequences(static_cast<std::int64_t>(context)), static_cast<std::int64_t>(context));
    fmt::print("  decode floor     {:.2f} ms per step: weights / bandwidth ({:.2f} TB/s)\n", rl::weight_floor_s(d) * 1e3,
               d.gpu.memory_bandwidth / 1e12);
    fmt::print("  critical batch   {} (weight matmuls turn compute-bound; {} math at {:.0f} TFLOP/s)\n",
               crit > 0 ? fmt::format("{:.0f}", crit) : std::string("none"), rl::to_string(d.math), d.gpu.peak_flops(d.math) / 1e12);
    fmt::print("\n  decode at context {:.0f}{}:\n", context,
               eff.memory < 1 || eff.compute < 1 ? fmt::format(" (efficiency: memory {:.2f}, compute {:.2f})", eff.memory, eff.compute) : std::string());
    fmt::print("  {:>7} {:>10} {:>12} {:>11} {:>11} {:>9} {:>8}\n", "batch", "step ms", "tokens/s", "memory ms", "compute ms", "comm ms", "bound");
    for (std::size_t i = 0; i < batches.size(); ++i) {
        const auto& s = steps[i];
        fmt::print("  {:>7.0f} {:>10.3f} {:>12.1f} {:>11.3f} {:>11.3f} {:>9.3f} {:>8}\n", batches[i], s.seconds * 1e3, batches[i] / s.seconds,
                   s.memory_s * 1e3, s.compute_s * 1e3, s.communication_s * 1e3, s.memory_bound() ? "memory" : "compute");
    }
    if (req)
        fmt::print("\n  request: prompt {:.0f}, output {:.0f} at batch {:.0f}: TTFT {:.1f} ms, TPOT {:.2f} ms, total {:.1f} ms\n", *prompt,
                   output ? *output : 128, batches.front(), req->ttft_s() * 1e3, req->tpot_s * 1e3, req->total_s() * 1e3);
    if (measured_tpot_ms)
        fmt::print("\n  measured TPOT {:.2f} ms at batch {:.0f}: MBU {:.1f}%, MFU {:.2f}%\n", *measured_tpot_ms, batches.front(),
                   100 * rl::mbu(d, *measured_tpot_ms / 1e3, batches.front(), context),
                   100 * rl::mfu(d, batches.front() / (*measured_tpot_ms / 1e3), batches.front(), context));
    return 0;
}

}  // namespace cli
