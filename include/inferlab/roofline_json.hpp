// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// JSON at the roofline's edge (nlohmann/json): models from Hugging Face config.json, GPUs from a
// catalog file, and `to_json` for every roofline result so the CLI and notebooks can print them.
//
// Hugging Face config.json -> model_spec (model_from_hf_config, read_hf_config_file)
//   model_type must be llama, mistral, mixtral or qwen2, and hidden_act (if given) silu. Fields
//   are read the way transformers reads them:
//     required  hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, vocab_size
//               (transformers would fill in Llama-2-7B-like defaults; a config without them is far
//               more likely truncated than meant, so they are required here)
//     num_key_value_heads   absent: the family's default (llama: num_attention_heads; mistral and
//                           mixtral: 8; qwen2: 32); null: num_attention_heads
//     head_dim              absent or null: hidden_size / num_attention_heads (must divide)
//     max_position_embeddings  absent or null: llama 2048, mistral and mixtral 131072, qwen2 32768
//     tie_word_embeddings   absent or null: false (every family reads the key: Llama-3.2-1B and the
//                           small Qwen2.5 models tie)
//     llama                 attention_bias (q, k, v and o biases) and mlp_bias, both default false
//     qwen2                 biases on q, k and v, none on o, always (transformers ignores the flags)
//     mixtral               num_local_experts (or its alias num_experts), default 8;
//                           num_experts_per_tok, default 2
//   Anything the roofline does not model is an error, never a guess: another model_type, a
//   mixture-of-experts field (num_experts, num_experts_per_tok, moe_intermediate_size, ...) in a
//   dense family, another activation. Sliding-window attention (Mistral v0.1, Qwen2 with
//   use_sliding_window) is read as full attention: the KV cache is counted for the whole context.
//   A quantization_config is ignored: the weight format is the deployment's (weight_format).
//   Errors are inferlab::parse_error, errc::model_config (230), naming the field:
//     [inferlab.parse_error.230] byte 0: model config: "model_type" is "gpt2"; supported: llama, mistral, mixtral, qwen2
//
// GPU catalog (read_gpu_catalog: a JSON array of these objects; gpu_from_json: one of them)
//     {"name": "a100-80gb-sxm",             required: lowercase, a-z 0-9 '-' '.'
//      "display_name": "NVIDIA A100 80GB SXM4",  optional (default: name)
//      "memory_gb": 80,                       required > 0: capacity in datasheet gigabytes, which
//                                             are 2^30 bytes (80 -> 85,899,345,920 bytes)
//      "memory_bandwidth_gbps": 2039,         required > 0: peak, GB/s = 1e9 bytes/s
//      "tflops": {"fp32": 19.5, "tf32": 156, "bf16": 312, "fp16": 312, "fp8": 0, "int8": 624, "int4": 1248},
//                                             required, at least one > 0: DENSE peaks in TFLOP/s
//                                             (TOP/s for int); absent or 0: not supported
//      "interconnect_gbps": 300,              optional >= 0: GB/s per direction per GPU
//      "interconnect": "NVLink 3, 12 links",  optional
//      "source": "NVIDIA A100 datasheet"}     optional
//   This is configuration, so unknown keys are errors (a misspelt "bf61" would otherwise silently
//   mean "no bf16"). Null counts as absent for optional keys. Errors are inferlab::parse_error,
//   errc::gpu_catalog (231), naming the key path; invalid JSON carries the offending byte and line:
//     [inferlab.parse_error.231] byte 0: gpu catalog: [1].tflops.bf61: unknown key; known: fp32, tf32, bf16, fp16, fp8, int8, int4
//   `json j = gpu;` writes this schema, so `inferlab roofline list-gpus --json` output reads back.
//
// to_json for results: names as in the structs, seconds and bytes as doubles, and the derived
// member functions as values (op_cost: seconds, arithmetic_intensity, memory_bound; ...).
#pragma once

#include <inferlab/detail/json_error.hpp>
#include <inferlab/error.hpp>
#include <inferlab/roofline.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <istream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace roofline {
namespace detail {

/// A JSON value as an error message shows it: scalars as written (long strings cut), containers by kind.
inline std::string json_value_text(const nlohmann::json& v) {
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        if (s.size() > 48) s = s.substr(0, 45) + "...";
        return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Parses `text`, turning nlohmann's errors into inferlab::parse_error(id) whose offset and line
/// are those of the offending byte.
inline nlohmann::json parse_json_text(const std::string& text, errc id, const std::string& prefix) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts from 1 and names the last byte read (one past the end if the text ended early)
        const std::size_t offset = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
        const auto end = text.begin() + static_cast<std::ptrdiff_t>(offset);
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), end, '\n'));
        throw parse_error(id, prefix + "invalid JSON: " + ::inferlab::detail::json_error_text(e.what()), offset, line);
    } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range.406: a number too large
        throw parse_error(id, prefix + "invalid JSON: " + ::inferlab::detail::json_error_text(e.what()), 0);
    }
}

/// The member `key`, or nullptr when absent or null.
inline const nlohmann::json* json_member(const nlohmann::json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

/// Reads a Hugging Face config.json. `where` ("" or a quoted path) goes into every message.
class hf_config_reader {
public:
    using json = nlohmann::json;

    explicit hf_config_reader(std::string where) : where_(std::move(where)) {}

    [[noreturn]] void fail(const std::string& what) const {
        const std::string prefix = where_.empty() ? std::string("model config: ") : "model config " + where_ + ": ";
        throw parse_error(errc::model_config, prefix + what, 0);
    }

    /// A positive integer below 2^31 (every size of every real config is far below).
    std::int64_t positive(const json& v, const char* key) const {
        constexpr std::int64_t highest = std::numeric_limits<std::int32_t>::max();
        if (!v.is_number_integer()) fail(quoted(key) + " must be a positive integer, got " + json_value_text(v));
        const bool too_large = v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(highest)
                                                      : v.get<std::int64_t>() > highest;
        if (too_large)
            fail(quoted(key) + " is " + json_value_text(v) + ", too large (at most " + std::to_string(highest) + ")");
        const auto i = v.get<std::int64_t>();
        if (i < 1) fail(quoted(key) + " must be a positive integer, got " + json_value_text(v));
        return i;
    }
    std::int64_t required(const json& config, const char* key) const {
        const json* v = json_member(config, key);
        if (v == nullptr) fail(quoted(key) + " is missing");
        return positive(*v, key);
    }
    bool flag(const json& config, const char* key, bool fallback) const {
        const json* v = json_member(config, key);
        if (v == nullptr) return fallback;
        if (!v->is_boolean()) fail(quoted(key) + " must be true or false, got " + json_value_text(*v));
        return v->get<bool>();
    }

    model_spec read(const json& config, std::string name, const std::string& fallback_name) const {
        if (!config.is_object()) fail("expected a JSON object, got " + json_value_text(config));
        const std::string family = model_type(config);

        if (const json* act = json_member(config, "hidden_act")) {
            if (!act->is_string()) fail("\"hidden_act\" must be a string, got " + json_value_text(*act));
            if (act->get<std::string>() != "silu")
                fail("\"hidden_act\" is " + json_value_text(*act) + "; only \"silu\" (the SwiGLU MLP of llama, mistral, "
                     "mixtral and qwen2) is modeled");
        }
        check_expert_fields(config, family);

        model_spec m;
        m.family = family;
        m.hidden_size = required(config, "hidden_size");
        m.intermediate_size = required(config, "intermediate_size");
        m.num_layers = required(config, "num_hidden_layers");
        m.num_attention_heads = required(config, "num_attention_heads");
        m.vocab_size = required(config, "vocab_size");

        // num_key_value_heads: the family's default when the key is absent, all heads when null
        std::string kv_note;
        const auto kv_it = config.find("num_key_value_heads");
        if (kv_it == config.end()) {
            m.num_kv_heads = family == "llama" ? m.num_attention_heads : family == "qwen2" ? 32 : 8;
            if (family != "llama") kv_note = ", the " + family + " default when the key is absent";
        } else if (kv_it->is_null()) {
            m.num_kv_heads = m.num_attention_heads;
        } else {
            m.num_kv_heads = positive(*kv_it, "num_key_value_heads");
        }
        if (m.num_attention_heads % m.num_kv_heads != 0)
            fail("\"num_attention_heads\" (" + std::to_string(m.num_attention_heads) + ") is not a multiple of "
                 "\"num_key_value_heads\" (" + std::to_string(m.num_kv_heads) + kv_note + ")");

        if (const json* v = json_member(config, "head_dim")) {
            m.head_dim = positive(*v, "head_dim");
        } else {
            if (m.hidden_size % m.num_attention_heads != 0)
                fail("\"hidden_size\" (" + std::to_string(m.hidden_size) + ") is not a multiple of " +
                     "\"num_attention_heads\" (" + std::to_string(m.num_attention_heads) + ") and \"head_dim\" is not given");
            m.head_dim = m.hidden_size / m.num_attention_heads;
        }

        if (const json* v = json_member(config, "max_position_embeddings"))
            m.max_position_embeddings = positive(*v, "max_position_embeddings");
        else
            m.max_position_embeddings = family == "llama" ? 2048 : family == "qwen2" ? 32768 : 131072;
        m.tie_word_embeddings = flag(config, "tie_word_embeddings", false);

        if (family == "llama") {
            m.attention_bias = m.o_bias = flag(config, "attention_bias", false);
            m.mlp_bias = flag(config, "mlp_bias", false);
        } else if (family == "qwen2") {
            m.attention_bias = true;
        } else if (family == "mixtral") {
            m.num_experts = 8;
            if (const json* v = json_member(config, "num_local_experts"))
                m.num_experts = positive(*v, "num_local_experts");
            else if (const json* alias = json_member(config, "num_experts"))
                m.num_experts = positive(*alias, "num_experts");
            m.experts_per_token = 2;
            if (const json* v = json_member(config, "num_experts_per_tok"))
                m.experts_per_token = positive(*v, "num_experts_per_tok");
            if (m.experts_per_token > m.num_experts)
                fail("\"num_experts_per_tok\" (" + std::to_string(m.experts_per_token) + ") is more than the " +
                     std::to_string(m.num_experts) + " experts");
        }

        // counts are int64: refuse sizes whose parameter count would not fit (no real model is near)
        const double h = static_cast<double>(m.hidden_size), inter = static_cast<double>(m.intermediate_size);
        const double experts = static_cast<double>(m.num_experts > 0 ? m.num_experts : 1);
        const double attention = 2 * h * (static_cast<double>(m.num_attention_heads) + static_cast<double>(m.num_kv_heads)) *
                                 static_cast<double>(m.head_dim);
        const double per_layer = attention + experts * (3 * h * inter + 2 * inter + h) + h * (experts + 4);
        if (static_cast<double>(m.num_layers) * per_layer + 2 * static_cast<double>(m.vocab_size) * h > 0x1p62)
            fail("the sizes give more than 2^62 parameters");

        std::string name_or_path;
        if (const json* v = json_member(config, "_name_or_path"); v != nullptr && v->is_string())
            name_or_path = v->get<std::string>();
        m.source = name_or_path;
        if (name.empty()) name = !name_or_path.empty() ? name_or_path : !fallback_name.empty() ? fallback_name : family;
        m.name = std::move(name);
        return m;
    }

private:
    static std::string quoted(const char* key) { return "\"" + std::string(key) + "\""; }

    std::string model_type(const json& config) const {
        const json* t = json_member(config, "model_type");
        if (t == nullptr) fail("\"model_type\" is missing; supported: llama, mistral, mixtral, qwen2");
        if (!t->is_string()) fail("\"model_type\" must be a string, got " + json_value_text(*t));
        const std::string s = t->get<std::string>();
        if (s != "llama" && s != "mistral" && s != "mixtral" && s != "qwen2")
            fail("\"model_type\" is " + json_value_text(*t) + "; supported: llama, mistral, mixtral, qwen2");
        return s;
    }

    /// Mixture-of-experts fields: only mixtral's own are accepted, and only in mixtral.
    void check_expert_fields(const json& config, const std::string& family) const {
        for (const char* key : {"num_local_experts", "num_experts", "num_experts_per_tok", "num_experts_per_token",
                                "moe_intermediate_size", "n_routed_experts", "n_shared_experts",
                                "shared_expert_intermediate_size", "moe_layer_freq", "decoder_sparse_step"}) {
            if (json_member(config, key) == nullptr) continue;
            const std::string k(key);
            if (family != "mixtral")
                fail(quoted(key) + " is a mixture-of-experts field, but model_type \"" + family +
                     "\" is modeled as dense (of the supported families only mixtral has experts)");
            if (k != "num_local_experts" && k != "num_experts" && k != "num_experts_per_tok")
                fail(quoted(key) + " is not a mixtral field (mixtral has num_local_experts and num_experts_per_tok); "
                     "this mixture-of-experts layout is not modeled");
        }
    }

    std::string where_;
};

/// Reads one GPU object of the catalog schema; `path` ("[2]" or "") prefixes every key path.
class gpu_json_reader {
public:
    using json = nlohmann::json;

    [[noreturn]] static void fail(const std::string& path, const std::string& what) {
        throw parse_error(errc::gpu_catalog, "gpu catalog: " + (path.empty() ? std::string() : path + ": ") + what, 0);
    }
    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

    static double number(const json& v, const std::string& path, bool positive_required) {
        const std::string expected = positive_required ? "expected a positive number, got " : "expected a number >= 0, got ";
        if (!v.is_number()) fail(path, expected + json_value_text(v));
        const double d = v.get<double>();
        if (!std::isfinite(d) || d < 0 || (positive_required && d == 0)) fail(path, expected + json_value_text(v));
        return d;
    }
    /// A required positive number (null counts as missing).
    static double required_number(const json& obj, const char* key, const std::string& path) {
        const json* v = json_member(obj, key);
        if (v == nullptr) fail(join(path, key), "missing");
        return number(*v, join(path, key), true);
    }
    static std::string text(const json& v, const std::string& path) {
        if (!v.is_string()) fail(path, "expected a string, got " + json_value_text(v));
        return v.get<std::string>();
    }
    static void check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (const char* k : known) ok = ok || it.key() == k;
            if (ok) continue;
            std::string list;
            for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            fail(join(path, it.key()), "unknown key; known: " + list);
        }
    }
    static bool valid_name(const std::string& s) {
        if (s.empty() || s.front() == '-' || s.front() == '.') return false;
        for (char c : s)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
        return true;
    }

    static gpu_spec read(const json& j, const std::string& path) {
        if (!j.is_object()) fail(path, "expected a JSON object describing a GPU, got " + json_value_text(j));
        check_keys(j, path, {"name", "display_name", "memory_gb", "memory_bandwidth_gbps", "tflops", "interconnect_gbps",
                             "interconnect", "source"});
        gpu_spec g;
        const json* name = json_member(j, "name");
        if (name == nullptr) fail(join(path, "name"), "missing");
        g.name = text(*name, join(path, "name"));
        if (!valid_name(g.name))
            fail(join(path, "name"), json_value_text(*name) + " is not a lowercase-hyphenated name (a-z, 0-9, '-', '.')");
        const json* display = json_member(j, "display_name");
        g.display_name = display != nullptr ? text(*display, join(path, "display_name")) : g.name;
        g.memory_bytes = required_number(j, "memory_gb", path) * 1073741824.0;
        g.memory_bandwidth = required_number(j, "memory_bandwidth_gbps", path) * 1e9;

        const std::string tpath = join(path, "tflops");
        const json* t = json_member(j, "tflops");
        if (t == nullptr) fail(tpath, "missing");
        if (!t->is_object()) fail(tpath, "expected an object of dense TFLOP/s by format, got " + json_value_text(*t));
        check_keys(*t, tpath, {"fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"});
        auto peak = [&](const char* key) {
            const json* v = json_member(*t, key);
            return v == nullptr ? 0.0 : number(*v, join(tpath, key), false) * 1e12;
        };
        g.flops_fp32 = peak("fp32");
        g.flops_tf32 = peak("tf32");
        g.flops_bf16 = peak("bf16");
        g.flops_fp16 = peak("fp16");
        g.flops_fp8 = peak("fp8");
        g.flops_int8 = peak("int8");
        g.flops_int4 = peak("int4");
        if (g.flops_fp32 + g.flops_tf32 + g.flops_bf16 + g.flops_fp16 + g.flops_fp8 + g.flops_int8 + g.flops_int4 <= 0)
            fail(tpath, "no peak is positive (give at least one of fp32, tf32, bf16, fp16, fp8, int8, int4)");

        if (const json* v = json_member(j, "interconnect_gbps"))
            g.interconnect_bandwidth = number(*v, join(path, "interconnect_gbps"), false) * 1e9;
        if (const json* v = json_member(j, "interconnect")) g.interconnect = text(*v, join(path, "interconnect"));
        if (const json* v = json_member(j, "source")) g.source = text(*v, join(path, "source"));
        return g;
    }
};

}  // namespace detail

/// A model_spec from a parsed Hugging Face config.json (see the top of this header). `name`
/// defaults to the config's "_name_or_path", else its model_type; `source` is "_name_or_path".
/// Throws inferlab::parse_error (errc::model_config) naming the field.
[[nodiscard]] inline model_spec model_from_hf_config(const nlohmann::json& config, std::string name = {}) {
    return detail::hf_config_reader("").read(config, std::move(name), "");
}

/// Reads a config.json file. Without "_name_or_path" in it, the model is named after the file's
/// directory (Hugging Face checkouts are named after the repository) and its source is the path.
/// Errors (errc::model_config) name the path: a file that cannot be opened, invalid JSON (offset
/// and line of the offending byte), or any error of model_from_hf_config.
[[nodiscard]] inline model_spec read_hf_config_file(const std::string& path) {
    const std::string where = "\"" + path + "\"";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw parse_error(errc::model_config, "model config " + where + ": cannot open the file", 0);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw parse_error(errc::model_config, "model config " + where + ": cannot read the file", 0);
    const nlohmann::json j = detail::parse_json_text(text, errc::model_config, "model config " + where + ": ");
    const std::filesystem::path p(path);
    std::string fallback = p.parent_path().filename().string();
    if (fallback.empty() || fallback == "." || fallback == "..") fallback = p.stem().string();
    model_spec m = detail::hf_config_reader(where).read(j, {}, fallback);
    if (m.source.empty()) m.source = path;
    return m;
}

/// A gpu_spec from one object of the catalog schema. Throws inferlab::parse_error
/// (errc::gpu_catalog) naming the key path.
[[nodiscard]] inline gpu_spec gpu_from_json(const nlohmann::json& j) { return detail::gpu_json_reader::read(j, ""); }

/// `j.get<gpu_spec>()`.
inline void from_json(const nlohmann::json& j, gpu_spec& g) { g = gpu_from_json(j); }

/// Reads a catalog: a JSON array of GPU objects with distinct names. Throws inferlab::parse_error
/// (errc::gpu_catalog): invalid JSON with the offending byte and line, else naming the key path
/// ("[2].tflops.bf16").
[[nodiscard]] inline std::vector<gpu_spec> read_gpu_catalog(std::istream& is) {
    const std::string text((std::istreambuf_iterator<char>(is)), std::istreambuf_iterator<char>());
    const nlohmann::json j = detail::parse_json_text(text, errc::gpu_catalog, "gpu catalog: ");
    if (!j.is_array())
        detail::gpu_json_reader::fail("", "expected a JSON array of GPU objects, got " + detail::json_value_text(j));
    std::vector<gpu_spec> out;
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string path = "[" + std::to_string(i) + "]";
        gpu_spec g = detail::gpu_json_reader::read(j[i], path);
        for (std::size_t k = 0; k < out.size(); ++k)
            if (out[k].name == g.name)
                detail::gpu_json_reader::fail(path + ".name",
                                              "\"" + g.name + "\" is also the name of [" + std::to_string(k) + "]");
        out.push_back(std::move(g));
    }
    return out;
}

/// The catalog schema (memory_gb in 2^30 bytes, bandwidths in GB/s, dense TFLOP/s).
inline void to_json(nlohmann::json& j, const gpu_spec& g) {
    j = nlohmann::json::object();
    j["name"] = g.name;
    j["display_name"] = g.display_name;
    j["memory_gb"] = g.memory_bytes / 1073741824.0;
    j["memory_bandwidth_gbps"] = g.memory_bandwidth / 1e9;
    j["tflops"] = {{"fp32", g.flops_fp32 / 1e12}, {"tf32", g.flops_tf32 / 1e12}, {"bf16", g.flops_bf16 / 1e12},
                   {"fp16", g.flops_fp16 / 1e12}, {"fp8", g.flops_fp8 / 1e12},   {"int8", g.flops_int8 / 1e12},
                   {"int4", g.flops_int4 / 1e12}};
    j["interconnect_gbps"] = g.interconnect_bandwidth / 1e9;
    j["interconnect"] = g.interconnect;
    j["source"] = g.source;
}

/// The struct's fields under their own names.
inline void to_json(nlohmann::json& j, const model_spec& m) {
    j = nlohmann::json::object();
    j["name"] = m.name;
    j["family"] = m.family;
    j["hidden_size"] = m.hidden_size;
    j["intermediate_size"] = m.intermediate_size;
    j["num_layers"] = m.num_layers;
    j["num_attention_heads"] = m.num_attention_heads;
    j["num_kv_heads"] = m.num_kv_heads;
    j["head_dim"] = m.head_dim;
    j["vocab_size"] = m.vocab_size;
    j["max_position_embeddings"] = m.max_position_embeddings;
    j["tie_word_embeddings"] = m.tie_word_embeddings;
    j["attention_bias"] = m.attention_bias;
    j["o_bias"] = m.o_bias;
    j["mlp_bias"] = m.mlp_bias;
    j["num_experts"] = m.num_experts;
    j["experts_per_token"] = m.experts_per_token;
    j["source"] = m.source;
}

/// A Hugging Face style config.json that model_from_hf_config reads back to the same model (the
/// name aside: "_name_or_path" carries `source`). Throws invalid_argument (errc::roofline_argument)
/// for a model its family cannot express (e.g. biases on o but not on q, k, v).
[[nodiscard]] inline nlohmann::json to_hf_config(const model_spec& m) {
    auto refuse = [&](const std::string& why) {
        throw invalid_argument(errc::roofline_argument,
                               "roofline: model \"" + m.name + "\" cannot be written as a Hugging Face config: " + why);
    };
    const std::string& f = m.family;
    if (f != "llama" && f != "mistral" && f != "mixtral" && f != "qwen2")
        refuse("family \"" + f + "\" is not llama, mistral, mixtral or qwen2");
    if ((m.num_experts > 0) != (f == "mixtral")) refuse("only mixtral has experts, and mixtral must have them");
    if (f == "llama" && m.attention_bias != m.o_bias) refuse("llama's attention_bias puts biases on q, k, v and o together");
    if (f == "qwen2" && !(m.attention_bias && !m.o_bias && !m.mlp_bias)) refuse("qwen2 has biases on q, k and v only");
    if ((f == "mistral" || f == "mixtral") && (m.attention_bias || m.o_bias || m.mlp_bias)) refuse(f + " has no biases");
    const char* architecture = f == "llama" ? "LlamaForCausalLM" : f == "mistral" ? "MistralForCausalLM"
                               : f == "mixtral"                 ? "MixtralForCausalLM" : "Qwen2ForCausalLM";
    nlohmann::json j = nlohmann::json::object();
    if (!m.source.empty()) j["_name_or_path"] = m.source;
    j["architectures"] = nlohmann::json::array({architecture});
    j["model_type"] = f;
    j["hidden_act"] = "silu";
    j["hidden_size"] = m.hidden_size;
    j["intermediate_size"] = m.intermediate_size;
    j["num_hidden_layers"] = m.num_layers;
    j["num_attention_heads"] = m.num_attention_heads;
    j["num_key_value_heads"] = m.num_kv_heads;
    j["head_dim"] = m.head_dim;
    j["vocab_size"] = m.vocab_size;
    j["max_position_embeddings"] = m.max_position_embeddings;
    j["tie_word_embeddings"] = m.tie_word_embeddings;
    if (f == "llama") {
        j["attention_bias"] = m.attention_bias;
        j["mlp_bias"] = m.mlp_bias;
    }
    if (f == "mixtral") {
        j["num_local_experts"] = m.num_experts;
        j["num_experts_per_tok"] = m.experts_per_token;
    }
    return j;
}

inline void to_json(nlohmann::json& j, const parameter_count& p) {
    j = nlohmann::json{{"embedding", p.embedding}, {"lm_head", p.lm_head},       {"attention", p.attention},
                       {"mlp", p.mlp},             {"mlp_active", p.mlp_active}, {"router", p.router},
                       {"norms", p.norms},         {"linear_biases", p.linear_biases},
                       {"total", p.total()},       {"active", p.active()}};
}

inline void to_json(nlohmann::json& j, const op_cost& o) {
    j = nlohmann::json{{"name", o.name},
                       {"bytes", o.bytes},
                       {"flops", o.flops},
                       {"memory_s", o.memory_s},
                       {"compute_s", o.compute_s},
                       {"seconds", o.seconds()},
                       {"arithmetic_intensity", o.arithmetic_intensity()},
                       {"memory_bound", o.memory_bound()}};
}

inline void to_json(nlohmann::json& j, const step_cost& s) {
    nlohmann::json ops = nlohmann::json::array();
    for (const op_cost& o : s.ops) ops.push_back(o);
    j = nlohmann::json{{"bytes", s.bytes},
                       {"flops", s.flops},
                       {"memory_s", s.memory_s},
                       {"compute_s", s.compute_s},
                       {"communication_s", s.communication_s},
                       {"seconds", s.seconds},
                       {"memory_bound", s.memory_bound()},
                       {"ops", std::move(ops)}};
}

inline void to_json(nlohmann::json& j, const kv_capacity& c) {
    j = nlohmann::json{{"budget_bytes", c.budget_bytes},
                       {"weight_bytes", c.weight_bytes},
                       {"reserve_bytes", c.reserve_bytes},
                       {"kv_bytes", c.kv_bytes},
                       {"kv_bytes_per_token", c.kv_bytes_per_token},
                       {"tokens", c.tokens},
                       {"blocks", c.blocks},
                       {"block_size", c.block_size}};
}

inline void to_json(nlohmann::json& j, const request_estimate& r) {
    j = nlohmann::json{{"prefill_s", r.prefill_s},
                       {"decode_s", r.decode_s},
                       {"tpot_s", r.tpot_s},
                       {"ttft_s", r.ttft_s()},
                       {"total_s", r.total_s()}};
}

inline void to_json(nlohmann::json& j, const speculative_estimate& e) {
    j = nlohmann::json{{"tokens_per_step", e.tokens_per_step}, {"speedup", e.speedup}};
}

}  // namespace roofline
}  // namespace v1
}  // namespace inferlab
