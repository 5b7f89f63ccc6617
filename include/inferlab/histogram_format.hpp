// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// fmt formatters: fmt::print("{}", summarize(h)) or fmt::print("{}", h) prints one line:
//   n=104 min=1 p50=12351 p90=12351 p95=12351 p99=12351 p99.9=12351 max=12351 mean=11882.75 stddev=2327.79
#pragma once

#include <inferlab/histogram.hpp>

#include <fmt/format.h>

template <>
struct fmt::formatter<inferlab::histogram_summary> {
    constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) { return ctx.begin(); }
    template <class FormatContext>
    auto format(const inferlab::histogram_summary& s, FormatContext& ctx) const -> decltype(ctx.out()) {
        auto out = fmt::format_to(ctx.out(), "n={} min={}", s.total_count, s.min);
        for (const auto& [p, v] : s.percentiles) out = fmt::format_to(out, " {}={}", inferlab::percentile_label(p), v);
        out = fmt::format_to(out, " max={} mean={:.2f} stddev={:.2f}", s.max, s.mean, s.stddev);
        if (s.out_of_range_count != 0) out = fmt::format_to(out, " out_of_range={}", s.out_of_range_count);
        return out;
    }
};

template <>
struct fmt::formatter<inferlab::histogram> : fmt::formatter<inferlab::histogram_summary> {
    template <class FormatContext>
    auto format(const inferlab::histogram& h, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::formatter<inferlab::histogram_summary>::format(inferlab::summarize(h), ctx);
    }
};
