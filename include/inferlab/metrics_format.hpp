// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The console table, laid out like vLLM's benchmark result (a 40-column label and the value), with
// what vLLM leaves out: failure and reject rates, goodput and attainment, queueing and latency from
// the intended start. `fmt::print("{}", summary)` prints it.
#pragma once

#include <inferlab/histogram.hpp>
#include <inferlab/summary.hpp>

#include <fmt/format.h>

#include <string>

namespace inferlab {
inline namespace v1 {

[[nodiscard]] inline std::string format_table(const metrics_summary& s) {
    std::string out;
    auto it = std::back_inserter(out);
    auto header = [&](const char* title, char fill) {  // centred in 50 columns, as Python's "{:c^50}"
        const std::string t = std::string(" ") + title + " ";
        const std::size_t pad = t.size() < 50 ? 50 - t.size() : 0;
        out += std::string(pad / 2, fill) + t + std::string(pad - pad / 2, fill) + "\n";
    };
    auto row_i = [&](const std::string& label, auto v) { fmt::format_to(it, "{:<40} {:<10}\n", label, v); };
    auto row_f = [&](const std::string& label, double v) { fmt::format_to(it, "{:<40} {:<10.2f}\n", label, v); };
    auto dist = [&](const char* title, const char* name, const distribution& d) {
        if (d.count == 0) return;
        header(title, '-');
        row_f(fmt::format("Mean {} (ms):", name), d.mean.count() * 1e3);
        row_f(fmt::format("Median {} (ms):", name), d.median.count() * 1e3);
        for (const auto& [p, v] : d.percentiles) row_f(fmt::format("P{} {} (ms):", percentile_label(p).substr(1), name), v.count() * 1e3);
    };

    header("Serving Benchmark Result", '=');
    row_i("Requests:", s.requests);
    row_i("Successful requests:", s.completed);
    row_i("Failed requests:", s.requests - s.completed);
    if (s.requests > s.completed) {
        row_f("  errors (%):", s.error_rate * 100);
        row_f("  timeouts (%):", s.timeout_rate * 100);
        row_f("  rejected (%):", s.reject_rate * 100);
        row_f("  cancelled (%):", s.cancel_rate * 100);
    }
    if (s.excluded_warmup + s.excluded_cooldown > 0) row_i("Excluded (warmup + cooldown):", s.excluded_warmup + s.excluded_cooldown);
    row_f("Benchmark duration (s):", s.duration.count());
    row_i("Total input tokens:", s.input_tokens);
    row_i("Total generated tokens:", s.output_tokens);
    row_f("Request throughput (req/s):", s.request_throughput);
    if (!s.goodput_slo.empty()) {
        row_f("Request goodput (req/s):", s.request_goodput);
        row_f("Goodput (% of requests):", s.goodput_fraction * 100);
    }
    row_f("Output token throughput (tok/s):", s.output_throughput);
    row_f("Peak output token throughput (tok/s):", s.peak_output_tokens_per_s);
    row_f("Total token throughput (tok/s):", s.total_token_throughput);
    row_i("Peak concurrent requests:", s.max_concurrent_requests);
    row_f("Mean concurrent requests:", s.mean_concurrency);
    dist("Time to First Token", "TTFT", s.ttft);
    dist("Time per Output Token (excl. 1st token)", "TPOT", s.tpot);
    dist("Inter-token Latency", "ITL", s.itl);
    dist("End-to-end Latency", "E2EL", s.e2e);
    dist("Client Queue Time", "queue", s.queue_time);
    if (s.queue_time.count > 0) dist("TTFT from Intended Start", "TTFT*", s.ttft_from_intended);
    out += std::string(50, '=') + "\n";
    if (s.mode == statistics_mode::hdr) out += "(HDR statistics: within 0.1%; percentiles are bucket tops)\n";
    return out;
}

}  // namespace v1
}  // namespace inferlab

template <>
struct fmt::formatter<inferlab::metrics_summary> {
    constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) { return ctx.begin(); }
    template <class FormatContext>
    auto format(const inferlab::metrics_summary& s, FormatContext& ctx) const -> decltype(ctx.out()) {
        const std::string table = inferlab::format_table(s);
        return std::copy(table.begin(), table.end(), ctx.out());
    }
};
