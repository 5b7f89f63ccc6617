// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Summaries as JSON (docs/formats.md):
//  - `json j = summary;` inferlab's own names, seconds as doubles ("schema": "inferlab.summary/v1");
//  - `vllm_view(summary)`: exactly the metric keys of `vllm bench serve --save-result`, in vLLM's
//    units (milliseconds) and conventions, so that scripts written for vLLM's files keep working.
#pragma once

#include <inferlab/histogram.hpp>
#include <inferlab/summary.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace inferlab {
inline namespace v1 {

inline void to_json(nlohmann::json& j, const distribution& d) {
    j = nlohmann::json::object();
    j["count"] = d.count;
    j["mean_s"] = d.mean.count();
    j["std_s"] = d.stddev.count();
    j["min_s"] = d.min.count();
    j["median_s"] = d.median.count();
    j["max_s"] = d.max.count();
    for (const auto& [p, v] : d.percentiles) j[percentile_label(p) + "_s"] = v.count();
}

inline void to_json(nlohmann::json& j, const time_series_point& p) {
    j = {{"start_s", p.start.count()},
         {"output_tokens_per_s", p.output_tokens_per_s},
         {"mean_running", p.mean_running},
         {"completed", p.completed},
         {"itl_count", p.itl_count},
         {"itl_p50_s", p.itl_p50.count()},
         {"itl_p99_s", p.itl_p99.count()}};
}

inline void to_json(nlohmann::json& j, const metrics_summary& s) {
    using nlohmann::json;
    auto seconds = [](std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e9; };
    j = json::object();
    j["schema"] = "inferlab.summary/v1";
    j["mode"] = s.mode == statistics_mode::exact ? "exact" : "hdr";
    j["percentiles"] = s.percentiles;
    j["requests"] = {{"total", s.requests},
                     {"completed", s.completed},
                     {"errors", s.errors},
                     {"timeouts", s.timeouts},
                     {"cancelled", s.cancelled},
                     {"rejected", s.rejected},
                     {"completed_without_tokens", s.completed_without_tokens},
                     {"excluded_warmup", s.excluded_warmup},
                     {"excluded_cooldown", s.excluded_cooldown},
                     {"error_rate", s.error_rate},
                     {"timeout_rate", s.timeout_rate},
                     {"reject_rate", s.reject_rate},
                     {"cancel_rate", s.cancel_rate}};
    j["duration_s"] = s.duration.count();
    j["tokens"] = {{"input", s.input_tokens}, {"output", s.output_tokens}, {"cached", s.cached_tokens}};
    j["throughput"] = {{"requests_per_s", s.request_throughput},
                       {"input_tokens_per_s", s.input_throughput},
                       {"output_tokens_per_s", s.output_throughput},
                       {"total_tokens_per_s", s.total_token_throughput},
                       {"peak_output_tokens_per_s", s.peak_output_tokens_per_s},
                       {"peak_output_chunks_per_s", s.peak_output_chunks_per_s}};
    j["concurrency"] = {{"max", s.max_concurrent_requests}, {"mean", s.mean_concurrency}};
    if (!s.goodput_slo.empty()) {
        json g = {{"good_requests", s.good_requests}, {"requests_per_s", s.request_goodput}, {"fraction", s.goodput_fraction}};
        json slo = json::object();
        if (s.goodput_slo.ttft) slo["ttft_s"] = seconds(*s.goodput_slo.ttft);
        if (s.goodput_slo.tpot) slo["tpot_s"] = seconds(*s.goodput_slo.tpot);
        if (s.goodput_slo.e2e) slo["e2e_s"] = seconds(*s.goodput_slo.e2e);
        g["slo"] = slo;
        if (s.ttft_attainment) g["ttft_attainment"] = *s.ttft_attainment;
        if (s.tpot_attainment) g["tpot_attainment"] = *s.tpot_attainment;
        if (s.e2e_attainment) g["e2e_attainment"] = *s.e2e_attainment;
        j["goodput"] = g;
    }
    j["latency"] = {{"ttft", s.ttft},
                    {"ttft_zero_filled", s.ttft_zero_filled},
                    {"tpot", s.tpot},
                    {"itl", s.itl},
                    {"itl_per_token", s.itl_per_token},
                    {"e2e", s.e2e},
                    {"queue_time", s.queue_time},
                    {"ttft_from_intended", s.ttft_from_intended},
                    {"e2e_from_intended", s.e2e_from_intended},
                    {"normalized_latency", s.normalized_latency}};
    if (!s.time_series.empty()) j["time_series"] = s.time_series;
}

/// The metric keys of `vllm bench serve --save-result`, computed with vLLM's conventions:
/// statistics over successful requests, TTFT 0 for a success that streamed nothing, TPOT only with
/// more than one output token, ITL pooled over chunks, population std, milliseconds, peak output
/// counted one per chunk, "failed" = every request that did not succeed, request_goodput null
/// without SLOs. Percentile keys as vLLM spells them: p99, p99.9.
[[nodiscard]] inline nlohmann::json vllm_view(const metrics_summary& s) {
    using nlohmann::json;
    json j = json::object();
    j["duration"] = s.duration.count();
    j["completed"] = s.completed;
    j["failed"] = s.requests - s.completed;
    j["total_input_tokens"] = s.input_tokens;
    j["total_output_tokens"] = s.output_tokens;
    j["request_throughput"] = s.request_throughput;
    j["request_goodput"] = s.goodput_slo.empty() ? json(nullptr) : json(s.request_goodput);
    j["output_throughput"] = s.output_throughput;
    j["total_token_throughput"] = s.total_token_throughput;
    j["max_output_tokens_per_s"] = s.peak_output_chunks_per_s;
    j["max_concurrent_requests"] = s.max_concurrent_requests;
    auto add = [&j](const char* name, const distribution& d) {
        const std::string n(name);
        j["mean_" + n + "_ms"] = d.mean.count() * 1000;
        j["median_" + n + "_ms"] = d.median.count() * 1000;
        j["std_" + n + "_ms"] = d.stddev.count() * 1000;
        for (const auto& [p, v] : d.percentiles) j[percentile_label(p) + "_" + n + "_ms"] = v.count() * 1000;
    };
    add("ttft", s.ttft_zero_filled);
    add("tpot", s.tpot);
    add("itl", s.itl);
    add("e2el", s.e2e);
    return j;
}

}  // namespace v1
}  // namespace inferlab
