// inferlab metrics summarize: timelines to serving metrics (docs/metrics.md).
#include "cli.hpp"

#include <inferlab/hdr_log.hpp>
#include <inferlab/metrics.hpp>
#include <inferlab/metrics_format.hpp>
#include <inferlab/metrics_json.hpp>
#include <inferlab/summary_json.hpp>

#include <fmt/core.h>

#include <fstream>
#include <iostream>

namespace cli {

int metrics_command(const std::vector<std::string>& args) {
    inferlab::summary_options opt;
    std::vector<std::string> files;
    std::string format = "table", hdr_log;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw usage_error(a + " needs a value");
            return args[++i];
        };
        if (a == "--percentiles") {
            opt.percentiles.clear();
            for (const std::string& p : split(value(), ',')) {
                const double v = parse_number("--percentiles", p);
                if (v > 100) throw usage_error("--percentiles: " + p + " is above 100");
                opt.percentiles.push_back(v);
            }
        } else if (a == "--goodput") {
            for (const std::string& pair : split(value(), ',')) {
                const auto kv = split(pair, ':');
                if (kv.size() != 2) throw usage_error("--goodput: expected NAME:MILLISECONDS, got \"" + pair + "\"");
                const auto ms = std::chrono::nanoseconds(std::llround(parse_number("--goodput " + kv[0], kv[1]) * 1e6));
                if (kv[0] == "ttft") opt.goodput.ttft = ms;
                else if (kv[0] == "tpot") opt.goodput.tpot = ms;
                else if (kv[0] == "e2el" || kv[0] == "e2e") opt.goodput.e2e = ms;
                else throw usage_error("--goodput: unknown metric \"" + kv[0] + "\" (ttft, tpot or e2el)");
            }
        } else if (a == "--warmup") {
            opt.warmup_requests = static_cast<std::size_t>(parse_number(a, value()));
        } else if (a == "--warmup-s") {
            opt.warmup = parse_seconds(a, value());
        } else if (a == "--cooldown") {
            opt.cooldown_requests = static_cast<std::size_t>(parse_number(a, value()));
        } else if (a == "--cooldown-s") {
            opt.cooldown = parse_seconds(a, value());
        } else if (a == "--duration") {
            opt.duration = parse_seconds(a, value());
        } else if (a == "--time-series") {
            opt.time_series_interval = parse_seconds(a, value());
            if (opt.time_series_interval->count() == 0) throw usage_error("--time-series: the interval must be above 0");
        } else if (a == "--mode") {
            const std::string& m = value();
            if (m == "exact") opt.mode = inferlab::statistics_mode::exact;
            else if (m == "hdr") opt.mode = inferlab::statistics_mode::hdr;
            else throw usage_error("--mode: exact or hdr, not \"" + m + "\"");
        } else if (a == "--format") {
            format = value();
            if (format != "table" && format != "json" && format != "vllm")
                throw usage_error("--format: table, json or vllm, not \"" + format + "\"");
        } else if (a == "--hdr-log") {
            hdr_log = value();
            opt.mode = inferlab::statistics_mode::hdr;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            throw usage_error("unknown option " + a);
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) throw usage_error("no timelines file given");

    std::vector<inferlab::request_timeline> timelines;
    for (const std::string& f : files) {
        std::ifstream in;
        std::istream* is = &std::cin;
        if (f != "-") {
            in.open(f, std::ios::binary);
            if (!in) throw std::runtime_error(f + ": cannot open");
            is = &in;
        }
        try {
            inferlab::for_each_timeline_jsonl(*is, [&](inferlab::request_timeline&& t) { timelines.push_back(std::move(t)); });
        } catch (const inferlab::parse_error& e) {
            throw std::runtime_error(f + ": " + e.what());
        }
    }

    const inferlab::metrics_summary s = inferlab::summarize(timelines, opt);
    if (format == "table") fmt::print("{}", s);
    else if (format == "json") fmt::print("{}\n", nlohmann::json(s).dump(2));
    else fmt::print("{}\n", inferlab::vllm_view(s).dump(2));

    if (!hdr_log.empty()) {
        std::ofstream out(hdr_log);
        if (!out) throw std::runtime_error(hdr_log + ": cannot write");
        inferlab::hdr_log_writer w(out);
        w.write_format_version();
        w.write_comment("[inferlab metrics: one interval per metric, values in nanoseconds]");
        w.write_legend();
        for (const auto& [name, h] : s.histograms) w.write_interval(h, 0.0, s.duration.count(), name);
    }
    return 0;
}

}  // namespace cli
