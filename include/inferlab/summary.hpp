// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// From raw timelines to the numbers the field reports. summarize() is a pure function: the same
// timelines and options always give the same summary. Every metric is computed under its own
// explicit name (docs/metrics.md maps them to vLLM, SGLang, LoadGen, GenAI-Perf and guidellm).
//
// Two statistics modes:
//  - exact: keeps every sample; numpy's mean/std/median and 'linear' percentiles, so vLLM's and
//    SGLang's numbers are reproduced;
//  - hdr: one HDR histogram per metric (1 ns .. 24 h, 3 significant digits): bounded memory for
//    millions of requests, every statistic within 0.1% (percentiles are bucket tops, not
//    interpolated), and exactly mergeable across threads, processes and machines.
#pragma once

#include <inferlab/detail/stats.hpp>
#include <inferlab/error.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/timeline.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {

/// Seconds as a floating-point duration: the unit of every statistic in a summary.
using seconds_f = std::chrono::duration<double>;

/// Service-level objectives: a request is good iff it meets every threshold given (DistServe's
/// goodput, as vLLM's --goodput). Thresholds are inclusive: ttft <= ttft_max is met.
struct slo {
    std::optional<std::chrono::nanoseconds> ttft;
    std::optional<std::chrono::nanoseconds> tpot;
    std::optional<std::chrono::nanoseconds> e2e;
    [[nodiscard]] bool empty() const noexcept { return !ttft && !tpot && !e2e; }
};

enum class statistics_mode : std::uint8_t { exact, hdr };

/// What to summarize and how. Defaults are documented in docs/metrics.md.
struct summary_options {
    std::vector<double> percentiles{50.0, 90.0, 95.0, 99.0, 99.9};
    statistics_mode mode = statistics_mode::exact;
    slo goodput;
    /// Warmup: drop the first N requests (by send time) and those sent within `warmup` of the first.
    std::size_t warmup_requests = 0;
    std::chrono::nanoseconds warmup{0};
    /// Cooldown: drop the last N requests (by send time) and those sent within `cooldown` of the last.
    std::size_t cooldown_requests = 0;
    std::chrono::nanoseconds cooldown{0};
    /// The run's duration; default: last end - first intended start, over the kept requests.
    std::optional<std::chrono::nanoseconds> duration;
    /// When set, a time series at this interval (tokens/s, running requests, ITL p50/p99 over time).
    std::optional<std::chrono::nanoseconds> time_series_interval;
};

/// Statistics of one metric's samples.
struct distribution {
    std::size_t count = 0;
    seconds_f mean{0}, stddev{0}, min{0}, max{0}, median{0};
    std::vector<std::pair<double, seconds_f>> percentiles;  ///< (percentile, value), as asked
    /// The value at percentile p if it was asked for.
    [[nodiscard]] std::optional<seconds_f> at(double p) const noexcept {
        for (const auto& [q, v] : percentiles)
            if (q == p) return v;
        return std::nullopt;
    }
};

/// One interval of the time series.
struct time_series_point {
    seconds_f start{0};                ///< from the first intended start
    double output_tokens_per_s = 0.0;  ///< tokens in chunks that arrived in the interval
    double mean_running = 0.0;         ///< time-averaged number of requests in flight
    std::size_t completed = 0;         ///< requests that completed in the interval
    std::size_t itl_count = 0;         ///< chunk gaps that ended in the interval
    seconds_f itl_p50{0}, itl_p99{0};
};

/// Everything summarize() derives. Counts include every status; latency statistics are over
/// successful requests (the references' convention), and rates make failures visible.
struct metrics_summary {
    statistics_mode mode = statistics_mode::exact;
    std::vector<double> percentiles;

    std::size_t requests = 0;  ///< in the window
    std::size_t completed = 0, errors = 0, timeouts = 0, cancelled = 0, rejected = 0;
    std::size_t excluded_warmup = 0, excluded_cooldown = 0;
    std::size_t completed_without_tokens = 0;  ///< completed but never streamed a chunk
    double error_rate = 0.0, timeout_rate = 0.0, reject_rate = 0.0, cancel_rate = 0.0;  ///< of requests

    seconds_f duration{0};
    std::int64_t input_tokens = 0;   ///< prompt tokens of completed requests
    std::int64_t output_tokens = 0;  ///< output tokens of completed requests
    std::int64_t cached_tokens = 0;  ///< prompt tokens served from cache (completed requests that report it)
    double request_throughput = 0.0, input_throughput = 0.0, output_throughput = 0.0, total_token_throughput = 0.0;
    double peak_output_tokens_per_s = 0.0;  ///< max over 1 s buckets of tokens in chunks
    /// The same counting one per chunk, and one at the send for a completed request without chunks:
    /// vLLM's max_output_tokens_per_s.
    double peak_output_chunks_per_s = 0.0;
    std::int64_t max_concurrent_requests = 0;  ///< peak overlap of completed requests' [sent, end)
    double mean_concurrency = 0.0;             ///< sum of every request's e2e / duration (Little's law)

    slo goodput_slo;
    std::size_t good_requests = 0;
    double request_goodput = 0.0;   ///< good requests per second
    double goodput_fraction = 0.0;  ///< good / requests (failed requests are not good)
    std::optional<double> ttft_attainment, tpot_attainment, e2e_attainment;  ///< per SLO, of requests

    distribution ttft;                ///< first chunk - sent
    distribution ttft_zero_filled;    ///< as vLLM: 0 for completed requests without a chunk
    distribution tpot;                ///< (e2e - ttft) / (output tokens - 1), output tokens > 1
    distribution itl;                 ///< gaps between consecutive chunks, pooled (vLLM's ITL)
    distribution itl_per_token;       ///< each gap spread over its chunk's tokens (SGLang's native ITL)
    distribution e2e;                 ///< end - sent
    distribution queue_time;          ///< sent - scheduled
    distribution ttft_from_intended;  ///< first chunk - scheduled (coordinated-omission-free)
    distribution e2e_from_intended;   ///< end - scheduled
    distribution normalized_latency;  ///< e2e / output tokens

    std::vector<time_series_point> time_series;

    /// hdr mode only: each latency metric's histogram, in nanoseconds, under its name ("ttft",
    /// "tpot", "itl", ...): for HdrHistogram logs and for exact merging across processes.
    std::vector<std::pair<std::string, histogram>> histograms;
};

namespace detail {

/// The samples of one metric, kept whole (exact) or in an HDR histogram (hdr).
class sample_set {
public:
    static constexpr std::int64_t hdr_highest_ns = 86'400'000'000'000;  // 24 h

    explicit sample_set(statistics_mode mode) : mode_(mode), hist_(1, mode == statistics_mode::hdr ? hdr_highest_ns : 2, 3) {}

    void add(std::chrono::nanoseconds v) { add_ns(static_cast<double>(v.count())); }
    /// `count` samples of the same value.
    void add_ns(double ns, std::int32_t count = 1) {
        if (mode_ == statistics_mode::exact) values_.insert(values_.end(), static_cast<std::size_t>(count), ns / 1e9);
        else hist_.record(static_cast<std::int64_t>(std::llround(std::max(ns, 0.0))), count);
    }
    /// Exact: the samples are appended; hdr: the histograms are added (exact either way).
    void merge(const sample_set& o) {
        values_.insert(values_.end(), o.values_.begin(), o.values_.end());
        if (mode_ == statistics_mode::hdr) hist_ += o.hist_;
    }

    [[nodiscard]] distribution finish(const std::vector<double>& ps) const {
        distribution d;
        if (mode_ == statistics_mode::exact) {
            std::vector<double> v = values_;  // numpy's order for the sums, sorted for the rest
            d.count = v.size();
            d.mean = seconds_f(numpy_mean(v));
            d.stddev = seconds_f(numpy_std(v));
            std::sort(v.begin(), v.end());
            if (!v.empty()) {
                d.min = seconds_f(v.front());
                d.max = seconds_f(v.back());
            }
            d.median = seconds_f(numpy_median_sorted(v));
            for (double p : ps) d.percentiles.emplace_back(p, seconds_f(numpy_percentile_sorted(v, p)));
        } else {
            d.count = static_cast<std::size_t>(hist_.total_count());
            d.mean = seconds_f(hist_.mean() / 1e9);
            d.stddev = seconds_f(hist_.stddev() / 1e9);
            d.min = seconds_f(static_cast<double>(hist_.min()) / 1e9);
            d.max = seconds_f(static_cast<double>(hist_.max()) / 1e9);
            d.median = seconds_f(static_cast<double>(hist_.value_at_percentile(50.0)) / 1e9);
            const std::vector<std::int64_t> v = hist_.values_at_percentiles(ps);
            for (std::size_t i = 0; i < ps.size(); ++i) d.percentiles.emplace_back(ps[i], seconds_f(static_cast<double>(v[i]) / 1e9));
        }
        return d;
    }
    [[nodiscard]] const histogram& hdr() const noexcept { return hist_; }
    [[nodiscard]] statistics_mode mode() const noexcept { return mode_; }

private:
    statistics_mode mode_;
    std::vector<double> values_;  // seconds
    histogram hist_;              // nanoseconds
};

/// Samples of one interval of the time series.
struct interval_samples {
    double tokens = 0;
    double busy_ns = 0;  // sum over requests of time in flight within the interval
    std::size_t completed = 0;
    std::vector<double> itl_s;
};

}  // namespace detail

/// A summary built request by request, and merged exactly with others: one per thread, process or
/// client machine, combined as if all requests had been recorded in one place. In hdr mode its
/// memory is bounded by its histograms plus 16 bytes per completed request (for the exact peak
/// concurrency); in exact mode it keeps every sample.
///
/// It sees requests one at a time, so it knows no warmup or cooldown window (drop those requests
/// before adding them) and no time series (summarize() has both). Its peak output per second uses
/// 1-second buckets aligned to the run's start rather than vLLM's buckets aligned to the first
/// completed request's send, so that buckets of different machines line up.
class metrics_accumulator {
public:
    explicit metrics_accumulator(statistics_mode mode = statistics_mode::hdr, slo goodput = {})
        : mode_(mode), goodput_(goodput), sets_{detail::sample_set(mode), detail::sample_set(mode), detail::sample_set(mode),
                                                 detail::sample_set(mode), detail::sample_set(mode), detail::sample_set(mode),
                                                 detail::sample_set(mode), detail::sample_set(mode), detail::sample_set(mode),
                                                 detail::sample_set(mode)} {}

    /// Adds one request (of any status).
    void add(const request_timeline& t) {
        using std::chrono::nanoseconds;
        ++c_.requests;
        c_.busy_ns += t.e2e().count();
        c_.t0 = std::min(c_.t0, t.intended_start());
        c_.t_end = std::max(c_.t_end, t.end);
        switch (t.status) {
            case request_status::ok: ++c_.completed; break;
            case request_status::error: ++c_.errors; break;
            case request_status::timeout: ++c_.timeouts; break;
            case request_status::cancelled: ++c_.cancelled; break;
            case request_status::rejected: ++c_.rejected; break;
        }
        if (t.scheduled) set(queue_time).add(t.queue_time());
        if (!t.ok()) return;

        const std::int64_t out = t.output_token_count();
        c_.input_tokens += t.prompt_tokens;
        c_.output_tokens += out;
        if (t.cached_tokens) c_.cached_tokens += *t.cached_tokens;
        events_.emplace_back(t.sent, +1);
        events_.emplace_back(t.end, -1);
        for (const chunk& ch : t.chunks) count_in_second(ch.at, ch.tokens, 1);
        if (t.chunks.empty()) count_in_second(t.sent, 0, 1);  // vLLM counts one at the send

        const nanoseconds latency = t.e2e();
        set(e2e).add(latency);
        set(e2e_from_intended).add(t.end - t.intended_start());
        if (out > 0) set(normalized_latency).add_ns(static_cast<double>(latency.count()) / static_cast<double>(out));
        nanoseconds first{0};
        if (t.chunks.empty()) {
            ++c_.completed_without_tokens;
            set(ttft_zero_filled).add(nanoseconds{0});
        } else {
            first = *t.ttft();
            set(ttft).add(first);
            set(ttft_zero_filled).add(first);
            set(ttft_from_intended).add(t.chunks.front().at - t.intended_start());
            for (std::size_t i = 1; i < t.chunks.size(); ++i) {
                const nanoseconds gap = t.chunks[i].at - t.chunks[i - 1].at;
                set(itl).add(gap);
                const std::int32_t k = t.chunks[i].tokens;
                if (k > 0) set(itl_per_token).add_ns(static_cast<double>(gap.count()) / k, k);
            }
        }
        double tpot_ns = 0.0;  // as vLLM: 0 for the goodput test when there is at most one token
        if (out > 1) {
            tpot_ns = static_cast<double>((latency - first).count()) / static_cast<double>(out - 1);
            set(tpot).add_ns(tpot_ns);
        }
        const bool ok_ttft = !goodput_.ttft || first <= *goodput_.ttft;
        const bool ok_tpot = !goodput_.tpot || tpot_ns <= static_cast<double>(goodput_.tpot->count());
        const bool ok_e2e = !goodput_.e2e || latency <= *goodput_.e2e;
        c_.met_ttft += ok_ttft;
        c_.met_tpot += ok_tpot;
        c_.met_e2e += ok_e2e;
        c_.good += ok_ttft && ok_tpot && ok_e2e;
    }

    /// Adds everything `other` has seen. Both must have the same mode and SLOs.
    void merge(const metrics_accumulator& other) {
        if (other.mode_ != mode_ || other.goodput_.ttft != goodput_.ttft || other.goodput_.tpot != goodput_.tpot ||
            other.goodput_.e2e != goodput_.e2e)
            throw invalid_argument(errc::histogram_argument, "metrics_accumulator::merge: different mode or SLOs");
        c_.merge(other.c_);
        for (std::size_t i = 0; i < sets_.size(); ++i) sets_[i].merge(other.sets_[i]);
        events_.insert(events_.end(), other.events_.begin(), other.events_.end());
        flush_pending();
        for (const auto& [second, b] : other.per_second_) {
            auto& mine = per_second_[second];
            mine.first += b.first;
            mine.second += b.second;
        }
        auto& mine = per_second_[other.pending_second_];
        mine.first += other.pending_.first;
        mine.second += other.pending_.second;
    }

    /// The summary of everything added. `duration`: the run's, if known; else last end - first
    /// intended start.
    [[nodiscard]] metrics_summary summary(const std::vector<double>& percentiles = summary_options{}.percentiles,
                                          std::optional<std::chrono::nanoseconds> duration = std::nullopt) const {
        metrics_summary s = finish(percentiles, duration);
        for (const auto& [second, b] : per_second_) {
            const bool pending = second == pending_second_;
            s.peak_output_tokens_per_s = std::max(s.peak_output_tokens_per_s, static_cast<double>(b.first + (pending ? pending_.first : 0)));
            s.peak_output_chunks_per_s = std::max(s.peak_output_chunks_per_s, static_cast<double>(b.second + (pending ? pending_.second : 0)));
        }
        s.peak_output_tokens_per_s = std::max(s.peak_output_tokens_per_s, static_cast<double>(pending_.first));
        s.peak_output_chunks_per_s = std::max(s.peak_output_chunks_per_s, static_cast<double>(pending_.second));
        return s;
    }

    [[nodiscard]] std::size_t requests() const noexcept { return c_.requests; }
    [[nodiscard]] statistics_mode mode() const noexcept { return mode_; }

private:
    friend metrics_summary summarize(const std::vector<request_timeline>&, const summary_options&);

    enum metric : std::size_t {
        ttft, ttft_zero_filled, tpot, itl, itl_per_token, e2e, queue_time, ttft_from_intended, e2e_from_intended,
        normalized_latency, metric_count
    };
    static constexpr const char* metric_names[metric_count] = {
        "ttft", "ttft_zero_filled", "tpot", "itl", "itl_per_token", "e2e", "queue_time", "ttft_from_intended",
        "e2e_from_intended", "normalized_latency"};

    struct counters {
        std::size_t requests = 0, completed = 0, errors = 0, timeouts = 0, cancelled = 0, rejected = 0;
        std::size_t completed_without_tokens = 0, good = 0, met_ttft = 0, met_tpot = 0, met_e2e = 0;
        std::int64_t input_tokens = 0, output_tokens = 0, cached_tokens = 0, busy_ns = 0;
        std::chrono::nanoseconds t0 = std::chrono::nanoseconds::max(), t_end = std::chrono::nanoseconds::min();
        void merge(const counters& o) {
            requests += o.requests;
            completed += o.completed;
            errors += o.errors;
            timeouts += o.timeouts;
            cancelled += o.cancelled;
            rejected += o.rejected;
            completed_without_tokens += o.completed_without_tokens;
            good += o.good;
            met_ttft += o.met_ttft;
            met_tpot += o.met_tpot;
            met_e2e += o.met_e2e;
            input_tokens += o.input_tokens;
            output_tokens += o.output_tokens;
            cached_tokens += o.cached_tokens;
            busy_ns += o.busy_ns;
            t0 = std::min(t0, o.t0);
            t_end = std::max(t_end, o.t_end);
        }
    };

    detail::sample_set& set(metric m) { return sets_[m]; }
    // Consecutive chunks mostly fall in the same second: they are summed in `pending_` and reach
    // the map when the second changes (or when merging).
    void count_in_second(std::chrono::nanoseconds t, std::int64_t tokens, std::int64_t chunks) {
        if (t.count() < pending_from_ns_ || t.count() >= pending_from_ns_ + 1'000'000'000) {  // another second
            flush_pending();
            pending_second_ = second_of(t);
            pending_from_ns_ = pending_second_ * 1'000'000'000;
        }
        pending_.first += tokens;
        pending_.second += chunks;
    }
    void flush_pending() {
        if (pending_.first == 0 && pending_.second == 0) return;
        auto& b = per_second_[pending_second_];
        b.first += pending_.first;
        b.second += pending_.second;
        pending_ = {0, 0};
    }
    static std::int64_t second_of(std::chrono::nanoseconds t) noexcept {
        return t.count() >= 0 ? t.count() / 1'000'000'000 : -1 - (-t.count() - 1) / 1'000'000'000;
    }

    // Everything but the peak output per second, which depends on how buckets are aligned.
    metrics_summary finish(const std::vector<double>& ps, std::optional<std::chrono::nanoseconds> duration) const {
        metrics_summary s;
        s.mode = mode_;
        s.percentiles = ps;
        s.goodput_slo = goodput_;
        s.requests = c_.requests;
        s.completed = c_.completed;
        s.errors = c_.errors;
        s.timeouts = c_.timeouts;
        s.cancelled = c_.cancelled;
        s.rejected = c_.rejected;
        s.completed_without_tokens = c_.completed_without_tokens;
        s.input_tokens = c_.input_tokens;
        s.output_tokens = c_.output_tokens;
        s.cached_tokens = c_.cached_tokens;
        s.good_requests = c_.good;
        distribution* dists[metric_count] = {&s.ttft,       &s.ttft_zero_filled,   &s.tpot,
                                             &s.itl,        &s.itl_per_token,      &s.e2e,
                                             &s.queue_time, &s.ttft_from_intended, &s.e2e_from_intended,
                                             &s.normalized_latency};
        for (std::size_t m = 0; m < metric_count; ++m) *dists[m] = sets_[m].finish(ps);
        if (mode_ == statistics_mode::hdr)
            for (std::size_t m = 0; m < metric_count; ++m)
                if (m != ttft_zero_filled) s.histograms.emplace_back(metric_names[m], sets_[m].hdr());
        if (c_.requests == 0) return s;

        s.duration = duration ? *duration : c_.t_end - c_.t0;
        const double dur_s = s.duration.count();
        auto per_second = [dur_s](double x) { return dur_s > 0 ? x / dur_s : 0.0; };
        const auto n = static_cast<double>(c_.requests);
        s.error_rate = static_cast<double>(c_.errors) / n;
        s.timeout_rate = static_cast<double>(c_.timeouts) / n;
        s.reject_rate = static_cast<double>(c_.rejected) / n;
        s.cancel_rate = static_cast<double>(c_.cancelled) / n;
        s.request_throughput = per_second(static_cast<double>(c_.completed));
        s.input_throughput = per_second(static_cast<double>(c_.input_tokens));
        s.output_throughput = per_second(static_cast<double>(c_.output_tokens));
        s.total_token_throughput = per_second(static_cast<double>(c_.input_tokens + c_.output_tokens));
        s.mean_concurrency = per_second(static_cast<double>(c_.busy_ns) / 1e9);
        if (!goodput_.empty()) {
            s.request_goodput = per_second(static_cast<double>(c_.good));
            s.goodput_fraction = static_cast<double>(c_.good) / n;
            if (goodput_.ttft) s.ttft_attainment = static_cast<double>(c_.met_ttft) / n;
            if (goodput_.tpot) s.tpot_attainment = static_cast<double>(c_.met_tpot) / n;
            if (goodput_.e2e) s.e2e_attainment = static_cast<double>(c_.met_e2e) / n;
        }
        // departures before arrivals at equal times: [sent, end) intervals
        std::vector<std::pair<std::chrono::nanoseconds, int>> events = events_;
        std::sort(events.begin(), events.end());
        std::int64_t current = 0;
        for (const auto& e : events) s.max_concurrent_requests = std::max(s.max_concurrent_requests, current += e.second);
        return s;
    }

    statistics_mode mode_;
    slo goodput_;
    counters c_;
    std::array<detail::sample_set, metric_count> sets_;
    std::vector<std::pair<std::chrono::nanoseconds, int>> events_;       // concurrency sweep over completed requests
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> per_second_;  // second -> (tokens, chunks)
    std::int64_t pending_second_ = 0;
    std::int64_t pending_from_ns_ = 0;                     // where pending_second_ starts
    std::pair<std::int64_t, std::int64_t> pending_{0, 0};  // not yet in per_second_
};

/// Summarizes timelines. Pure: no I/O, no clock. Expects valid timelines (see validate()).
[[nodiscard]] inline metrics_summary summarize(const std::vector<request_timeline>& all, const summary_options& opt = {}) {
    using std::chrono::nanoseconds;

    // ---- the window: order by send time, drop warmup and cooldown -------------------------------
    std::vector<const request_timeline*> order;
    order.reserve(all.size());
    for (const auto& t : all) order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const request_timeline* a, const request_timeline* b) { return a->sent < b->sent; });
    std::vector<const request_timeline*> kept;
    std::size_t excluded_warmup = 0, excluded_cooldown = 0;
    if (!order.empty()) {
        const nanoseconds first_sent = order.front()->sent, last_sent = order.back()->sent;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const request_timeline* t = order[i];
            if (i < opt.warmup_requests || t->sent < first_sent + opt.warmup) ++excluded_warmup;
            else if (order.size() - i <= opt.cooldown_requests || t->sent > last_sent - opt.cooldown) ++excluded_cooldown;
            else kept.push_back(t);
        }
    }

    metrics_accumulator acc(opt.mode, opt.goodput);
    for (const request_timeline* t : kept) acc.add(*t);
    metrics_summary s = acc.finish(opt.percentiles, opt.duration);
    s.excluded_warmup = excluded_warmup;
    s.excluded_cooldown = excluded_cooldown;
    if (kept.empty()) return s;

    // ---- peak output per 1 s bucket, buckets from the first completed request's send (vLLM's) ----
    if (s.completed > 0) {
        nanoseconds ok_min_sent = nanoseconds::max(), ok_max_end = nanoseconds::min();
        for (const request_timeline* t : kept) {
            if (!t->ok()) continue;
            ok_min_sent = std::min(ok_min_sent, t->sent);
            ok_max_end = std::max(ok_max_end, t->end);
        }
        const double span_s = std::chrono::duration<double>(ok_max_end - ok_min_sent).count();
        const auto buckets = static_cast<std::size_t>(std::ceil(span_s)) + 1;
        std::vector<double> tokens(buckets, 0.0), chunks(buckets, 0.0);
        auto bucket = [&](nanoseconds t) { return static_cast<std::size_t>(std::chrono::duration<double>(t - ok_min_sent).count()); };
        for (const request_timeline* t : kept) {
            if (!t->ok()) continue;
            if (t->chunks.empty()) chunks[bucket(t->sent)] += 1;  // vLLM counts one "token" at the send
            for (const chunk& c : t->chunks) {
                const std::size_t b = bucket(c.at);
                if (b < buckets) {
                    tokens[b] += c.tokens;
                    chunks[b] += 1;
                }
            }
        }
        s.peak_output_tokens_per_s = *std::max_element(tokens.begin(), tokens.end());
        s.peak_output_chunks_per_s = *std::max_element(chunks.begin(), chunks.end());
    }

    // ---- time series -----------------------------------------------------------------------------
    if (opt.time_series_interval && opt.time_series_interval->count() > 0) {
        nanoseconds t0 = nanoseconds::max(), t_end = nanoseconds::min();
        for (const request_timeline* t : kept) {
            t0 = std::min(t0, t->intended_start());
            t_end = std::max(t_end, t->end);
        }
        const std::int64_t step = opt.time_series_interval->count();
        const auto count = static_cast<std::size_t>((t_end - t0).count() / step + 1);
        std::vector<detail::interval_samples> iv(count);
        auto index = [&](nanoseconds t) {
            return std::min(count - 1, static_cast<std::size_t>(std::max<std::int64_t>(0, (t - t0).count()) / step));
        };
        for (const request_timeline* t : kept) {
            // time in flight, split over the intervals it spans
            for (std::size_t i = index(t->sent); i <= index(t->end) && i < count; ++i) {
                const std::int64_t lo = std::max<std::int64_t>((t->sent - t0).count(), static_cast<std::int64_t>(i) * step);
                const std::int64_t hi = std::min<std::int64_t>((t->end - t0).count(), static_cast<std::int64_t>(i + 1) * step);
                if (hi > lo) iv[i].busy_ns += static_cast<double>(hi - lo);
            }
            if (!t->ok()) continue;
            ++iv[index(t->end)].completed;
            for (std::size_t c = 0; c < t->chunks.size(); ++c) {
                auto& slot = iv[index(t->chunks[c].at)];
                slot.tokens += t->chunks[c].tokens;
                if (c > 0) slot.itl_s.push_back(std::chrono::duration<double>(t->chunks[c].at - t->chunks[c - 1].at).count());
            }
        }
        const double step_s = static_cast<double>(step) / 1e9;
        s.time_series.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            time_series_point p;
            p.start = seconds_f(static_cast<double>(i) * step_s);
            p.output_tokens_per_s = iv[i].tokens / step_s;
            p.mean_running = iv[i].busy_ns / static_cast<double>(step);
            p.completed = iv[i].completed;
            p.itl_count = iv[i].itl_s.size();
            std::sort(iv[i].itl_s.begin(), iv[i].itl_s.end());
            p.itl_p50 = seconds_f(detail::numpy_percentile_sorted(iv[i].itl_s, 50.0));
            p.itl_p99 = seconds_f(detail::numpy_percentile_sorted(iv[i].itl_s, 99.0));
            s.time_series.push_back(p);
        }
    }
    return s;
}

}  // namespace v1
}  // namespace inferlab
