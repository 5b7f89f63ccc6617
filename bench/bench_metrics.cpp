// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Benchmarks of the recorder (the per-token hot path, a request's start + finish, the longest
// finish), of summarize() over a million requests, and of metrics_accumulator's add, merge and
// summary. For context: the cost of a clock read (steady_clock, and the time-stamp counter through
// a clock defined here) and of the first write to a new page. docs/performance.md has the results.
//
// Method. Every benchmark times only the operation it names, with one steady_clock pair around a
// block of work (manual timing): data generation, start/finish around the token loops, copies and
// take() are outside the timed blocks. Each reports its unit cost as a counter (`ns_per_token`,
// `ns_per_request`, ...); the Time column is per block. With 2 threads, each thread drives its own
// requests through one shared recorder, the counters are per thread (the cost of one call while
// the other thread records too), and items_per_second is the sum over threads.
//
// Allocations. This program replaces the global operator new and delete (all forms but the
// over-aligned ones, which nothing here uses) to count allocations per thread and the bytes alive
// on the heap. `allocs_per_token` proves that the token path does not allocate;
// `heap_peak_bytes` is the most heap that summarize() or merge() held at once beyond what was
// alive when it started.

#include <inferlab/random.hpp>
#include <inferlab/recorder.hpp>
#include <inferlab/summary.hpp>
#include <inferlab/timeline.hpp>

#include <benchmark/benchmark.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// ---- allocation counting ---------------------------------------------------------------------------

namespace {

thread_local std::uint64_t thread_allocations = 0;
std::atomic<std::int64_t> heap_live_bytes{0};
std::atomic<std::int64_t> heap_peak_bytes{0};

// Every block carries its size in a header of the default new alignment, so that delete can
// account for it without a non-standard malloc_usable_size.
constexpr std::size_t header_bytes = alignof(std::max_align_t);

void* counted_new(std::size_t n) {
    void* p = std::malloc(n + header_bytes);
    if (p == nullptr) throw std::bad_alloc();
    *static_cast<std::size_t*>(p) = n;
    ++thread_allocations;
    const std::int64_t live = heap_live_bytes.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed) +
                              static_cast<std::int64_t>(n);
    std::int64_t peak = heap_peak_bytes.load(std::memory_order_relaxed);
    while (live > peak && !heap_peak_bytes.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
    }
    return static_cast<char*>(p) + header_bytes;
}

void counted_delete(void* q) noexcept {
    if (q == nullptr) return;
    void* p = static_cast<char*>(q) - header_bytes;
    heap_live_bytes.fetch_sub(static_cast<std::int64_t>(*static_cast<std::size_t*>(p)), std::memory_order_relaxed);
    std::free(p);
}

/// Starts a peak measurement: returns the bytes alive now, and makes that the peak so far.
std::int64_t reset_heap_peak() noexcept {
    const std::int64_t live = heap_live_bytes.load(std::memory_order_relaxed);
    heap_peak_bytes.store(live, std::memory_order_relaxed);
    return live;
}

}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_delete(p); }

namespace {

using std::chrono::nanoseconds;
using wall = std::chrono::steady_clock;

double seconds_between(wall::time_point a, wall::time_point b) { return std::chrono::duration<double>(b - a).count(); }

/// A per-thread value reported as the mean over threads (the default would sum them).
benchmark::Counter per_thread(double v) { return benchmark::Counter(v, benchmark::Counter::kAvgThreads); }

// ---- the recorder ------------------------------------------------------------------------------------

constexpr std::int64_t tokens_per_request = 512;  // each request: expected_chunks = 512, then 512 tokens

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define INFERLAB_BENCH_TSC 1
/// A clock on the time-stamp counter, scaled to nanoseconds by a calibration against steady_clock
/// at the first use: what a TSC clock source would cost the recorder (not part of inferlab).
struct tsc_clock {
    static double ns_per_tick() {
        static const double scale = [] {
            const auto t0 = std::chrono::steady_clock::now();
            const auto c0 = __rdtsc();
            while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(20)) {
            }
            const auto t1 = std::chrono::steady_clock::now();
            const auto c1 = __rdtsc();
            return static_cast<double>(std::chrono::duration_cast<nanoseconds>(t1 - t0).count()) / static_cast<double>(c1 - c0);
        }();
        return scale;
    }
    double scale = ns_per_tick();
    [[nodiscard]] nanoseconds now() const noexcept {
        return nanoseconds{static_cast<std::int64_t>(static_cast<double>(__rdtsc()) * scale)};
    }
};
#else
#define INFERLAB_BENCH_TSC 0
#endif

/// The one recorder that every thread of a benchmark shares.
template <class Clock = inferlab::steady_clock_source>
inferlab::basic_recorder<Clock>& shared_recorder() {
    static inferlab::basic_recorder<Clock> rec;
    return rec;
}

/// A request id that fits the small-string buffer, so that it costs no allocation of its own.
std::string request_id(int thread, std::int64_t n) { return "r" + std::to_string(thread) + "-" + std::to_string(n); }

/// Where a token's timestamp comes from.
enum class stamp {
    clock,  ///< token(): the recorder reads steady_clock for every token
    given,  ///< token_at(t): the engine already has t (no clock read in the loop)
    step,   ///< token_at(t): one recorder.now() per engine step, shared by the requests in flight
};

/// What happens to finished timelines, and so which memory the next requests get.
enum class memory {
    reused,  ///< taken and dropped at once (untimed): the allocator hands the same, warm blocks back
    fresh,   ///< kept in the recorder, as over a real run: every request's chunks land on new pages
};

/// Gives freed memory back to the system (glibc), so that the next allocations get new pages.
void return_free_memory() noexcept {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// Takes every timeline the recorder holds and checks it (untimed): `chunks` chunks, status ok.
/// Counts them into `finished`; false if one is wrong.
template <class Clock>
bool take_and_check(inferlab::basic_recorder<Clock>& rec, std::size_t chunks, std::size_t& finished) {
    bool ok = true;
    for (const auto& t : rec.take()) {
        ok &= t.chunks.size() == chunks && t.ok();
        ++finished;
    }
    return ok;
}

/// Per thread: start `in_flight` requests (untimed), record tokens_per_request tokens in each
/// (timed), finish them (untimed); repeat. Reports ns per token.
template <stamp S, memory M, class Clock = inferlab::steady_clock_source>
void bm_tokens(benchmark::State& state) {
    inferlab::basic_recorder<Clock>& rec = shared_recorder<Clock>();
    const auto in_flight = static_cast<std::size_t>(state.range(0));
    std::vector<typename inferlab::basic_recorder<Clock>::request> requests(in_flight);
    std::int64_t n = 0;
    double timed_s = 0;
    std::uint64_t allocations = 0;
    std::size_t finished = 0;
    bool ok = true;
    if (M == memory::fresh) return_free_memory();
    for (auto _ : state) {
        for (auto& r : requests) r = rec.start(request_id(state.thread_index(), n++), 128, tokens_per_request);
        const nanoseconds base = rec.now();
        const std::uint64_t allocations_before = thread_allocations;
        const auto t0 = wall::now();
        for (std::int64_t k = 0; k < tokens_per_request; ++k) {
            if constexpr (S == stamp::clock) {
                for (auto& r : requests) r.token();
            } else {
                const nanoseconds t = S == stamp::given ? base + nanoseconds{1000 * k} : rec.now();
                for (auto& r : requests) r.token_at(t);
            }
        }
        const auto t1 = wall::now();
        allocations += thread_allocations - allocations_before;
        state.SetIterationTime(seconds_between(t0, t1));
        timed_s += seconds_between(t0, t1);
        // token_at's stamps may run ahead of the clock: end no earlier than the last of them.
        const nanoseconds end = std::max(rec.now(), base + nanoseconds{1000 * tokens_per_request});
        for (auto& r : requests) r.finish_at(end);
        if (M == memory::reused) ok &= take_and_check(rec, tokens_per_request, finished);
    }
    if (M == memory::fresh) ok &= take_and_check(rec, tokens_per_request, finished);
    if (!ok) state.SkipWithError("a timeline lost chunks or failed");
    const double tokens = static_cast<double>(state.iterations()) * static_cast<double>(in_flight * tokens_per_request);
    state.SetItemsProcessed(static_cast<std::int64_t>(tokens));
    state.counters["ns_per_token"] = per_thread(timed_s * 1e9 / tokens);
    state.counters["allocs_per_token"] = per_thread(static_cast<double>(allocations) / tokens);
}

/// Per thread: blocks of requests, each started (expected_chunks 512) and finished at once, with
/// ids made before the block (untimed), 256 per block. reused: the timelines are taken and dropped
/// after each block; fresh: kept until the end of the run.
template <memory M>
void bm_start_finish(benchmark::State& state) {
    constexpr std::size_t block = 256;
    inferlab::recorder& rec = shared_recorder<>();
    std::vector<std::string> ids(block);
    std::int64_t n = 0;
    double timed_s = 0;
    std::uint64_t allocations = 0;
    std::size_t finished = 0;
    bool ok = true;
    if (M == memory::fresh) return_free_memory();
    for (auto _ : state) {
        for (auto& id : ids) id = request_id(state.thread_index(), n++);
        const std::uint64_t allocations_before = thread_allocations;
        const auto t0 = wall::now();
        for (auto& id : ids) {
            auto r = rec.start(std::move(id), 128, tokens_per_request);
            r.finish();
        }
        const auto t1 = wall::now();
        allocations += thread_allocations - allocations_before;
        state.SetIterationTime(seconds_between(t0, t1));
        timed_s += seconds_between(t0, t1);
        if (M == memory::reused) ok &= take_and_check(rec, 0, finished);
    }
    if (M == memory::fresh) ok &= take_and_check(rec, 0, finished);
    if (!ok) state.SkipWithError("a timeline has chunks or failed");
    state.counters["finished"] = static_cast<double>(finished);  // summed over threads: every request arrived
    const double requests = static_cast<double>(state.iterations()) * static_cast<double>(block);
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
    state.counters["ns_per_request"] = per_thread(timed_s * 1e9 / requests);
    state.counters["allocs_per_request"] = per_thread(static_cast<double>(allocations) / requests);
}

/// The longest single finish() in a run of 2^20 + 1 requests (no chunks) into a new recorder: the
/// finished timelines are kept in one vector, so some finish() calls grow it, under the recorder's
/// mutex. The counters: the longest call, the request it was, and the mean.
void bm_finish_longest(benchmark::State& state) {
    constexpr std::size_t requests = (std::size_t{1} << 20) + 1;
    double longest_s = 0, timed_s = 0;
    std::size_t longest_at = 0;
    for (auto _ : state) {
        inferlab::recorder rec;
        for (std::size_t i = 0; i < requests; ++i) {
            auto r = rec.start(request_id(0, static_cast<std::int64_t>(i)), 128);
            const auto t0 = wall::now();
            r.finish();
            const double s = seconds_between(t0, wall::now());
            timed_s += s;
            if (s > longest_s) {
                longest_s = s;
                longest_at = i + 1;
            }
        }
        state.SetIterationTime(timed_s);
        timed_s = 0;
        if (rec.finished_count() != requests) state.SkipWithError("a timeline is missing");
    }
    state.counters["longest_finish_ms"] = longest_s * 1e3;
    state.counters["longest_at_request"] = static_cast<double>(longest_at);
}

/// One clock read, for context: token() costs at least this.
void bm_steady_clock_now(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(wall::now());
}
void bm_recorder_now(benchmark::State& state) {
    const inferlab::recorder& rec = shared_recorder<>();
    for (auto _ : state) benchmark::DoNotOptimize(rec.now());
}

#if INFERLAB_BENCH_TSC
/// For comparison with steady_clock: one read of tsc_clock.
void bm_tsc_clock_now(benchmark::State& state) {
    const tsc_clock clock;
    for (auto _ : state) benchmark::DoNotOptimize(clock.now());
}
#endif

/// The first write to a 4 KiB page of new memory (page fault, zeroing, mapping): what a recorder
/// pays per 256 tokens once its timelines outgrow reused memory, and what every large new buffer of
/// a summary or a merge pays. 64 MiB per iteration; the allocation and its release are untimed.
void bm_first_touch_page(benchmark::State& state) {
    constexpr std::size_t page = 4096, bytes = std::size_t{64} << 20;
    double timed_s = 0;
    for (auto _ : state) {
        auto* p = new char[bytes];  // large enough to be a fresh mapping, not reused heap
        const auto t0 = wall::now();
        for (std::size_t i = 0; i < bytes; i += page) p[i] = 1;
        benchmark::DoNotOptimize(p);
        const auto t1 = wall::now();
        delete[] p;
        state.SetIterationTime(seconds_between(t0, t1));
        timed_s += seconds_between(t0, t1);
    }
    state.counters["ns_per_page"] = timed_s * 1e9 / (static_cast<double>(state.iterations()) * (bytes / page));
}

// ---- summaries ---------------------------------------------------------------------------------------

constexpr std::size_t run_requests = 1'000'000;

double ms_to_ns(double ms) { return ms * 1e6; }

/// A synthetic open-loop run of run_requests requests, made once with a fixed seed, before any timing:
/// Poisson arrivals at 200 requests/s (5,000 s), sends 20 us (median) after their schedule, prompts
/// lognormal (median 512 tokens), outputs lognormal (median 48, sigma 0.8, mean ~66, 1..2048) streamed
/// one token per chunk, TTFT lognormal (median 150 ms), inter-chunk gaps lognormal (median 25 ms,
/// sigma 0.3). 0.5% of the requests fail after their TTFT without a chunk.
struct synthetic_run {
    std::vector<inferlab::request_timeline> timelines;
    std::int64_t chunks = 0;
    std::int64_t heap_bytes = 0;  ///< what the timelines occupy on the heap, vector included
};

const synthetic_run& run_of_1m() {
    static const synthetic_run run = [] {
        synthetic_run r;
        const std::int64_t heap_before = heap_live_bytes.load();
        inferlab::rng rng(0x5eed'ba5e'1234'5678ULL);
        r.timelines.resize(run_requests);
        double arrival_s = 0;
        for (std::size_t i = 0; i < run_requests; ++i) {
            inferlab::request_timeline& t = r.timelines[i];
            arrival_s += -std::log(1.0 - rng.uniform()) / 200.0;
            t.id = "q" + std::to_string(i);
            t.scheduled = nanoseconds{std::llround(arrival_s * 1e9)};
            t.sent = *t.scheduled + nanoseconds{std::llround(rng.lognormal(20e3, 0.5))};
            t.prompt_tokens = std::clamp<std::int64_t>(std::llround(rng.lognormal(512, 1.0)), 1, 32768);
            nanoseconds at = t.sent + nanoseconds{std::llround(ms_to_ns(rng.lognormal(150, 0.7)))};
            if (rng.below(200) == 0) {
                t.status = inferlab::request_status::error;
                t.error_kind = "http_500";
                t.end = at;
                continue;
            }
            const auto out = static_cast<std::size_t>(std::clamp<std::int64_t>(std::llround(rng.lognormal(48, 0.8)), 1, 2048));
            t.chunks.reserve(out);
            for (std::size_t c = 0; c < out; ++c) {
                if (c > 0) at += nanoseconds{std::llround(ms_to_ns(rng.lognormal(25, 0.3)))};
                t.chunks.push_back(inferlab::chunk{at, 1});
            }
            t.end = at + nanoseconds{std::llround(rng.lognormal(1e6, 0.5))};
            r.chunks += static_cast<std::int64_t>(out);
        }
        r.heap_bytes = heap_live_bytes.load() - heap_before;
        return r;
    }();
    return run;
}

void report_run(benchmark::State& state, const synthetic_run& run, double timed_s, std::int64_t heap_peak) {
    const double iterations = static_cast<double>(state.iterations());
    state.counters["requests"] = static_cast<double>(run.timelines.size());
    state.counters["chunks"] = static_cast<double>(run.chunks);
    state.counters["input_heap_bytes"] = static_cast<double>(run.heap_bytes);
    state.counters["heap_peak_bytes"] = static_cast<double>(heap_peak);
    state.counters["ns_per_request"] = timed_s * 1e9 / (iterations * static_cast<double>(run.timelines.size()));
}

/// summarize() of the synthetic run with the default options (5 percentiles, no time series).
void bm_summarize(benchmark::State& state, inferlab::statistics_mode mode) {
    const synthetic_run& run = run_of_1m();
    inferlab::summary_options opt;
    opt.mode = mode;
    double timed_s = 0;
    std::int64_t heap_peak = 0;
    std::size_t counted = 0;
    for (auto _ : state) {
        const std::int64_t live = reset_heap_peak();
        const auto t0 = wall::now();
        const inferlab::metrics_summary s = inferlab::summarize(run.timelines, opt);
        const auto t1 = wall::now();
        heap_peak = std::max(heap_peak, heap_peak_bytes.load() - live);
        state.SetIterationTime(seconds_between(t0, t1));
        timed_s += seconds_between(t0, t1);
        counted = s.requests;
    }
    if (counted != run.timelines.size()) state.SkipWithError("summarize did not count every request");
    report_run(state, run, timed_s, heap_peak);
}

// ---- metrics_accumulator -----------------------------------------------------------------------------

/// Per iteration, add() of the next 1,000 requests of the synthetic run; every million requests the
/// accumulator starts afresh (untimed), so that exact mode's samples stay bounded.
void bm_accumulator_add(benchmark::State& state, inferlab::statistics_mode mode) {
    constexpr std::size_t block = 1000;
    const synthetic_run& run = run_of_1m();
    std::optional<inferlab::metrics_accumulator> acc(std::in_place, mode);
    std::size_t next = 0;
    double timed_s = 0, chunks = 0;
    for (auto _ : state) {
        if (next + block > run.timelines.size()) {
            next = 0;
            acc.emplace(mode);
        }
        const auto t0 = wall::now();
        for (std::size_t i = next; i < next + block; ++i) acc->add(run.timelines[i]);
        const auto t1 = wall::now();
        for (std::size_t i = next; i < next + block; ++i) chunks += static_cast<double>(run.timelines[i].chunks.size());
        next += block;
        state.SetIterationTime(seconds_between(t0, t1));
        timed_s += seconds_between(t0, t1);
    }
    const double requests = static_cast<double>(state.iterations()) * static_cast<double>(block);
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
    state.counters["ns_per_request"] = timed_s * 1e9 / requests;
    state.counters["ns_per_chunk"] = timed_s * 1e9 / chunks;
}

/// Two accumulators of half the synthetic run each (500,000 requests), kept for the benchmarks of one
/// mode after another.
struct halves {
    inferlab::statistics_mode mode;
    inferlab::metrics_accumulator first, second;
};

const halves& halves_of_1m(inferlab::statistics_mode mode) {
    static std::optional<halves> cached;
    if (!cached || cached->mode != mode) {
        cached.reset();
        const synthetic_run& run = run_of_1m();
        cached.emplace(halves{mode, inferlab::metrics_accumulator(mode), inferlab::metrics_accumulator(mode)});
        const std::size_t half = run.timelines.size() / 2;
        for (std::size_t i = 0; i < run.timelines.size(); ++i) (i < half ? cached->first : cached->second).add(run.timelines[i]);
    }
    return *cached;
}

/// merge() of one half into a copy of the other (the copy is made untimed before each merge).
void bm_accumulator_merge(benchmark::State& state, inferlab::statistics_mode mode) {
    const halves& h = halves_of_1m(mode);
    std::int64_t heap_peak = 0;
    std::size_t merged = 0;
    for (auto _ : state) {
        inferlab::metrics_accumulator to = h.first;
        const std::int64_t live = reset_heap_peak();
        const auto t0 = wall::now();
        to.merge(h.second);
        const auto t1 = wall::now();
        heap_peak = std::max(heap_peak, heap_peak_bytes.load() - live);
        state.SetIterationTime(seconds_between(t0, t1));
        merged = to.requests();
    }
    if (merged != run_requests) state.SkipWithError("the merge lost requests");
    state.counters["requests_each"] = static_cast<double>(h.first.requests());
    state.counters["heap_peak_bytes"] = static_cast<double>(heap_peak);
}

/// summary() of an accumulator holding the whole run (the two halves merged, untimed).
void bm_accumulator_summary(benchmark::State& state, inferlab::statistics_mode mode) {
    const halves& h = halves_of_1m(mode);
    inferlab::metrics_accumulator all = h.first;
    all.merge(h.second);
    const std::vector<double> percentiles = inferlab::summary_options{}.percentiles;
    std::size_t counted = 0;
    for (auto _ : state) {
        const auto t0 = wall::now();
        const inferlab::metrics_summary s = all.summary(percentiles);
        const auto t1 = wall::now();
        state.SetIterationTime(seconds_between(t0, t1));
        counted = s.requests;
    }
    if (counted != run_requests) state.SkipWithError("summary did not count every request");
}

}  // namespace

int main(int argc, char** argv) {
    using mode = inferlab::statistics_mode;
    benchmark::RegisterBenchmark("clock/steady_clock_now", bm_steady_clock_now);
    benchmark::RegisterBenchmark("clock/recorder_now", bm_recorder_now);
#if INFERLAB_BENCH_TSC
    benchmark::RegisterBenchmark("clock/tsc_clock_now", bm_tsc_clock_now);
#endif
    benchmark::RegisterBenchmark("memory/first_touch_4kib_page", bm_first_touch_page)->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    auto one_and_two_threads = [](benchmark::internal::Benchmark* b) {
        b->Threads(1)->Threads(2)->UseManualTime()->Unit(benchmark::kMicrosecond);
    };
    auto per_token = [&](const char* name, void (*fn)(benchmark::State&), std::int64_t in_flight) {
        one_and_two_threads(benchmark::RegisterBenchmark(name, fn)->Arg(in_flight)->ArgName("in_flight"));
    };
    per_token("recorder/token", bm_tokens<stamp::clock, memory::reused>, 1);
#if INFERLAB_BENCH_TSC
    per_token("recorder/token_tsc_clock", bm_tokens<stamp::clock, memory::reused, tsc_clock>, 1);
#endif
    per_token("recorder/token_at", bm_tokens<stamp::given, memory::reused>, 1);
    per_token("recorder/token_at", bm_tokens<stamp::given, memory::reused>, 64);
    per_token("recorder/token_at_step_clock", bm_tokens<stamp::step, memory::reused>, 64);
    per_token("recorder/token_at_fresh_memory", bm_tokens<stamp::given, memory::fresh>, 1);
    one_and_two_threads(benchmark::RegisterBenchmark("recorder/start_finish", bm_start_finish<memory::reused>));
    one_and_two_threads(benchmark::RegisterBenchmark("recorder/start_finish_fresh_memory", bm_start_finish<memory::fresh>));
    benchmark::RegisterBenchmark("recorder/finish_longest_of_1m", bm_finish_longest)->UseManualTime()->Iterations(1)
        ->Unit(benchmark::kMillisecond);

    for (auto [name, m] : {std::pair{"hdr", mode::hdr}, std::pair{"exact", mode::exact}}) {
        benchmark::RegisterBenchmark((std::string("summarize_1m/") + name).c_str(), bm_summarize, m)
            ->UseManualTime()->Unit(benchmark::kMillisecond);
    }
    for (auto [name, m] : {std::pair{"hdr", mode::hdr}, std::pair{"exact", mode::exact}}) {
        benchmark::RegisterBenchmark((std::string("accumulator/add_x1000/") + name).c_str(), bm_accumulator_add, m)
            ->UseManualTime()->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark((std::string("accumulator/merge_500k_500k/") + name).c_str(), bm_accumulator_merge, m)
            ->UseManualTime()->Unit(benchmark::kMillisecond);
        // Exact mode's summary() is summarize_1m/exact's work less the window; hdr's is the interesting one.
        if (m == mode::hdr)
            benchmark::RegisterBenchmark("accumulator/summary_1m/hdr", bm_accumulator_summary, m)->UseManualTime()
                ->Unit(benchmark::kMillisecond);
    }

    benchmark::AddCustomContext("recorder", "512 tokens per request (expected_chunks 512)");
    benchmark::AddCustomContext("synthetic run", "1,000,000 requests, ~66 one-token chunks each, fixed seed");
#if defined(__GLIBC__)
    // No automatic trimming: memory freed by "reused" benchmarks stays with the allocator and is
    // handed out again; "fresh" ones give it back explicitly before they start.
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
