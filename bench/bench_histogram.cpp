// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Benchmarks of inferlab::histogram and its HdrHistogram codecs. Built with
// INFERLAB_BENCH_HAVE_HDR_C=1 (see bench/CMakeLists.txt), every comparable benchmark also runs
// against HdrHistogram_c and the two appear side by side as "<benchmark>/inferlab" and
// "<benchmark>/HdrHistogram_c".
//
// Configuration: lowest 1, highest 60 s in ns, 3 significant figures (27,648 counters). Values are
// pre-generated, before any timing, from a fixed-seed lognormal latency distribution and cycled
// through a 64K-value buffer. Throughputs of merge and codecs are in bytes of counts
// (counts_length x 8) per second, whatever the size of the encoded form.

#include <inferlab/hdr_codec.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/random.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(INFERLAB_BENCH_HAVE_HDR_C) && INFERLAB_BENCH_HAVE_HDR_C
#include <hdr/hdr_histogram.h>
#include <hdr/hdr_histogram_log.h>
#include <hdr/hdr_histogram_version.h>

// Exported by the library, declared only in its private src/hdr_tests.h: the binary (not base64)
// V2 compressed codec, the counterpart of inferlab::hdr::encode_compressed / decode.
extern "C" int hdr_encode_compressed(struct hdr_histogram* h, uint8_t** compressed_histogram, size_t* compressed_len);
extern "C" int hdr_decode_compressed(uint8_t* buffer, size_t length, struct hdr_histogram** histogram);
#define INFERLAB_BENCH_HDR_C 1
#else
#define INFERLAB_BENCH_HDR_C 0
#endif

#if defined(INFERLAB_HAS_ZLIB) && INFERLAB_HAS_ZLIB
#define INFERLAB_BENCH_ZLIB 1
#else
#define INFERLAB_BENCH_ZLIB 0
#endif

namespace {

constexpr std::int64_t lowest_ns = 1;
constexpr std::int64_t highest_ns = 60'000'000'000;  // 60 s
constexpr int significant_figures = 3;
constexpr std::size_t value_mask = (std::size_t{1} << 16) - 1;  // the value buffer holds 64K values
constexpr std::int64_t full_count = std::int64_t{1} << 20;       // values in a "full" histogram

/// 64K latencies in ns: lognormal with a median of 20 ms and sigma 1 (inferlab::rng, fixed seed),
/// clamped to the trackable range; generated once, before the first benchmark runs.
const std::vector<std::int64_t>& latencies_ns() {
    static const std::vector<std::int64_t> values = [] {
        std::vector<std::int64_t> v(value_mask + 1);
        inferlab::rng rng(0x1d872b41c3a9f5e7ULL);
        for (auto& x : v) {
            const double ns = std::round(rng.lognormal(20e6, 1.0));
            x = ns < static_cast<double>(lowest_ns)    ? lowest_ns
                : ns > static_cast<double>(highest_ns) ? highest_ns
                                                       : static_cast<std::int64_t>(ns);
        }
        return v;
    }();
    return values;
}

// ---- implementations under test: the same small interface over each ------------------------------

struct inferlab_impl {
    static constexpr const char* name = "inferlab";
    using type = inferlab::histogram;

    static type make() { return type(lowest_ns, highest_ns, significant_figures); }
    static bool record(type& h, std::int64_t v) noexcept { return h.record(v); }
    static std::int64_t total_count(const type& h) noexcept { return h.total_count(); }
    static std::int32_t counts_length(const type& h) noexcept { return h.counts_length(); }
    static std::size_t memory_footprint(const type& h) noexcept { return h.memory_footprint(); }
    static std::int64_t value_at_percentile(const type& h, double p) noexcept { return h.value_at_percentile(p); }
    static void values_at_percentiles(const type& h, const double* ps, std::int64_t* out, std::size_t n) noexcept {
        h.values_at_percentiles(ps, out, n);
    }
    static void add(type& to, const type& from) { to += from; }
#if INFERLAB_BENCH_ZLIB
    static std::vector<std::uint8_t> encode_compressed(const type& h) { return inferlab::hdr::encode_compressed(h); }
    static std::size_t encode_compressed_base64(const type& h) { return inferlab::hdr::encode_compressed_base64(h).size(); }
    static std::int64_t decode_total_count(const std::vector<std::uint8_t>& blob) {
        return inferlab::hdr::decode(blob.data(), blob.size()).total_count();
    }
#endif
};

#if INFERLAB_BENCH_ZLIB
/// inferlab with zlib level 1 instead of zlib's default (6, what HdrHistogram_c and Java use).
struct inferlab_level1_impl : inferlab_impl {
    static constexpr const char* name = "inferlab_level1";
    static std::vector<std::uint8_t> encode_compressed(const type& h) { return inferlab::hdr::encode_compressed(h, 1); }
};
#endif

/// record() without the running-total index: the same layout arithmetic and range checks as
/// inferlab::histogram::record, updating only a plain counts array and the total. Measures what
/// the index costs on the recording path without changing the library.
struct without_index_impl {
    static constexpr const char* name = "inferlab_without_index";
    struct type {
        inferlab::detail::hdr_layout layout;
        std::vector<std::int64_t> counts;
        std::int64_t total = 0;
        std::int64_t out_of_range = 0;
    };

    static type make() {
        const inferlab::histogram h = inferlab_impl::make();
        return type{h.layout(), std::vector<std::int64_t>(static_cast<std::size_t>(h.counts_length()), 0), 0, 0};
    }
    static bool record(type& h, std::int64_t v) noexcept {
        if (v < 0) {
            ++h.out_of_range;
            return false;
        }
        const std::int32_t i = h.layout.counts_index(v);
        if (i >= h.layout.counts_length) {
            ++h.out_of_range;
            return false;
        }
        ++h.counts[static_cast<std::size_t>(i)];
        ++h.total;
        return true;
    }
    static std::int64_t total_count(const type& h) noexcept { return h.total; }
    static std::size_t memory_footprint(const type& h) noexcept {
        return sizeof(type) + h.counts.capacity() * sizeof(std::int64_t);
    }
};

#if INFERLAB_BENCH_HDR_C
struct hdr_c_impl {
    static constexpr const char* name = "HdrHistogram_c";
    struct closer {
        void operator()(hdr_histogram* h) const noexcept { hdr_close(h); }
    };
    using type = std::unique_ptr<hdr_histogram, closer>;

    static type make() {
        hdr_histogram* h = nullptr;
        if (hdr_init(lowest_ns, highest_ns, significant_figures, &h) != 0) throw std::runtime_error("hdr_init failed");
        return type(h);
    }
    static bool record(type& h, std::int64_t v) noexcept { return hdr_record_value(h.get(), v); }
    static std::int64_t total_count(const type& h) noexcept { return h->total_count; }
    static std::int32_t counts_length(const type& h) noexcept { return h->counts_len; }
    static std::size_t memory_footprint(const type& h) noexcept { return hdr_get_memory_size(h.get()); }
    static std::int64_t value_at_percentile(const type& h, double p) noexcept {
        return hdr_value_at_percentile(h.get(), p);
    }
    static void values_at_percentiles(const type& h, const double* ps, std::int64_t* out, std::size_t n) noexcept {
        hdr_value_at_percentiles(h.get(), ps, out, n);
    }
    static void add(type& to, const type& from) noexcept { hdr_add(to.get(), from.get()); }
    static std::vector<std::uint8_t> encode_compressed(const type& h) {
        std::uint8_t* buffer = nullptr;
        std::size_t size = 0;
        if (hdr_encode_compressed(h.get(), &buffer, &size) != 0) return {};
        std::vector<std::uint8_t> out(buffer, buffer + size);
        std::free(buffer);
        return out;
    }
    static std::size_t encode_compressed_base64(const type& h) {
        char* text = nullptr;
        if (hdr_log_encode(h.get(), &text) != 0) return 0;
        const std::size_t size = std::strlen(text);
        std::free(text);
        return size;
    }
    static std::int64_t decode_total_count(const std::vector<std::uint8_t>& blob) {
        hdr_histogram* h = nullptr;
        if (hdr_decode_compressed(const_cast<std::uint8_t*>(blob.data()), blob.size(), &h) != 0) return -1;
        const type owned(h);
        return owned->total_count;
    }
};
#endif

/// Calls f(Impl{}) for inferlab and, when built with it, HdrHistogram_c.
template <class F>
void for_each_impl(F&& f) {
    f(inferlab_impl{});
#if INFERLAB_BENCH_HDR_C
    f(hdr_c_impl{});
#endif
}

/// A histogram holding full_count values from the buffer.
template <class Impl>
typename Impl::type full_histogram() {
    auto h = Impl::make();
    const auto& values = latencies_ns();
    for (std::int64_t k = 0; k < full_count; ++k) Impl::record(h, values[static_cast<std::size_t>(k) & value_mask]);
    return h;
}

template <class Impl>
std::int64_t counts_bytes(const typename Impl::type& h) {
    return static_cast<std::int64_t>(Impl::counts_length(h)) * static_cast<std::int64_t>(sizeof(std::int64_t));
}

// ---- benchmarks: each a struct with a name and run<Impl> -------------------------------------------

/// One record() of a value from the buffer, ns per value. With threads, each thread records into its
/// own histogram (items_per_second is then the sum over threads).
struct record_bench {
    static constexpr const char* name = "record";
    template <class Impl>
    static void run(benchmark::State& state) {
        auto h = Impl::make();
        const auto& values = latencies_ns();
        std::size_t k = static_cast<std::size_t>(state.thread_index()) * 4099;  // threads start apart
        for (auto _ : state) benchmark::DoNotOptimize(Impl::record(h, values[k++ & value_mask]));
        if (Impl::total_count(h) != static_cast<std::int64_t>(state.iterations())) state.SkipWithError("lost counts");
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
        state.counters["footprint_bytes"] = static_cast<double>(Impl::memory_footprint(h));
    }
};

/// One percentile (p99) of a histogram holding ~1M values; the counter `value` is the answer.
struct p99_bench {
    static constexpr const char* name = "value_at_percentile_p99";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        double p = 99.0;
        std::int64_t v = 0;
        for (auto _ : state) {
            // Pass the address, never the double itself: DoNotOptimize on a double lvalue can
            // corrupt it with GCC (google/benchmark#903). The level escapes and is reloaded.
            benchmark::DoNotOptimize(&p);
            v = Impl::value_at_percentile(h, p);
            benchmark::DoNotOptimize(v);
        }
        if (v != Impl::value_at_percentile(h, 99.0)) state.SkipWithError("the timed loop answered another percentile");
        state.counters["value"] = static_cast<double>(v);
    }
};

constexpr double seven_levels[7] = {50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0};

/// Seven percentiles in one call: inferlab's values_at_percentiles, HdrHistogram_c's
/// hdr_value_at_percentiles (one pass of its iterator). The counter `p999` is one of the answers.
struct percentiles7_bench {
    static constexpr const char* name = "values_at_percentiles_x7";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        double ps[7] = {};
        std::copy(std::begin(seven_levels), std::end(seven_levels), ps);
        std::int64_t out[7] = {};
        for (auto _ : state) {
            benchmark::DoNotOptimize(&ps[0]);  // the levels escape and are reloaded (see p99_bench)
            Impl::values_at_percentiles(h, ps, out, 7);
            benchmark::DoNotOptimize(out);
        }
        std::int64_t expected[7] = {};
        Impl::values_at_percentiles(h, seven_levels, expected, 7);
        if (!std::equal(out, out + 7, expected)) state.SkipWithError("the timed loop answered other percentiles");
        state.counters["p999"] = static_cast<double>(out[4]);
    }
};

/// Merge of two histograms of the same configuration, each holding ~1M values (into an accumulator).
struct add_bench {
    static constexpr const char* name = "add";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto from = full_histogram<Impl>();
        auto to = full_histogram<Impl>();
        for (auto _ : state) {
            Impl::add(to, from);
            benchmark::ClobberMemory();
        }
        if (Impl::total_count(to) != full_count * (1 + static_cast<std::int64_t>(state.iterations())))
            state.SkipWithError("lost counts");
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(to));
    }
};

#if INFERLAB_BENCH_ZLIB
/// Compressed V2 encoding (DEFLATE) of a ~1M-value histogram; the counter `encoded_bytes` is its size.
struct encode_compressed_bench {
    static constexpr const char* name = "encode_compressed";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        std::size_t size = 0;
        for (auto _ : state) {
            const std::vector<std::uint8_t> blob = Impl::encode_compressed(h);
            size = blob.size();
            benchmark::DoNotOptimize(blob.data());
        }
        if (size == 0) state.SkipWithError("encoding failed");
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(h));
        state.counters["encoded_bytes"] = static_cast<double>(size);
    }
};

/// As encode_compressed, then base64 (the form of HdrHistogram log lines; HdrHistogram_c's hdr_log_encode).
struct encode_compressed_base64_bench {
    static constexpr const char* name = "encode_compressed_base64";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        std::size_t size = 0;
        for (auto _ : state) {
            size = Impl::encode_compressed_base64(h);
            benchmark::DoNotOptimize(size);
        }
        if (size == 0) state.SkipWithError("encoding failed");
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(h));
        state.counters["encoded_bytes"] = static_cast<double>(size);
    }
};

/// Decoding of the blob that the same implementation's compressed encoder produced.
struct decode_compressed_bench {
    static constexpr const char* name = "decode_compressed";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        const std::vector<std::uint8_t> blob = Impl::encode_compressed(h);
        std::int64_t total = 0;
        for (auto _ : state) {
            total = Impl::decode_total_count(blob);
            benchmark::DoNotOptimize(total);
        }
        if (total != full_count) state.SkipWithError("decoding failed");
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(h));
    }
};
#endif

/// Uncompressed V2 encoding (inferlab only: HdrHistogram_c has no uncompressed encoder).
struct encode_bench {
    static constexpr const char* name = "encode";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        std::size_t size = 0;
        for (auto _ : state) {
            const std::vector<std::uint8_t> blob = inferlab::hdr::encode(h);
            size = blob.size();
            benchmark::DoNotOptimize(blob.data());
        }
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(h));
        state.counters["encoded_bytes"] = static_cast<double>(size);
    }
};

/// Uncompressed V2 decoding (inferlab only).
struct decode_bench {
    static constexpr const char* name = "decode";
    template <class Impl>
    static void run(benchmark::State& state) {
        const auto h = full_histogram<Impl>();
        const std::vector<std::uint8_t> blob = inferlab::hdr::encode(h);
        std::int64_t total = 0;
        for (auto _ : state) {
            total = inferlab::hdr::decode(blob.data(), blob.size()).total_count();
            benchmark::DoNotOptimize(total);
        }
        if (total != full_count) state.SkipWithError("decoding failed");
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * counts_bytes<Impl>(h));
    }
};

template <class Bench, class Impl>
benchmark::internal::Benchmark* register_one() {
    return benchmark::RegisterBenchmark((std::string(Bench::name) + "/" + Impl::name).c_str(),
                                        &Bench::template run<Impl>);
}

/// Registers Bench for every implementation, one after the other, so that they report side by side.
template <class Bench>
void register_each() {
    for_each_impl([](auto impl) { register_one<Bench, decltype(impl)>(); });
}

}  // namespace

int main(int argc, char** argv) {
    register_each<record_bench>();
    register_one<record_bench, without_index_impl>();
    register_one<record_bench, inferlab_impl>()->Name("record_per_thread/inferlab")->Threads(1)->Threads(2)->UseRealTime();
    register_each<p99_bench>();
    register_each<percentiles7_bench>();
    register_each<add_bench>();
#if INFERLAB_BENCH_ZLIB
    register_each<encode_compressed_bench>();
    register_one<encode_compressed_bench, inferlab_level1_impl>();
    register_each<encode_compressed_base64_bench>();
    register_each<decode_compressed_bench>();
#endif
    register_one<encode_bench, inferlab_impl>();
    register_one<decode_bench, inferlab_impl>();

    benchmark::AddCustomContext("histogram", "lowest 1, highest 60e9 (60 s in ns), 3 significant figures");
#if INFERLAB_BENCH_HDR_C
    benchmark::AddCustomContext("HdrHistogram_c", HDR_HISTOGRAM_VERSION);
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
