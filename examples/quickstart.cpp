// Quickstart: record a latency stream into an HDR histogram and print what people quote from it.
//
// The stream is synthetic: time to first token of 100,000 requests, lognormal around 180 ms, plus
// 0.5% of requests stuck 3 s behind a long prefill. It comes from inferlab's seeded PRNG, so the
// output is the same on every machine.
#include <inferlab/hdr_log.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/random.hpp>

#include <cstdio>
#include <iostream>

int main() {
    // 1 us .. 60 s, 3 significant digits: every value is kept to within 0.1%
    inferlab::histogram ttft_us{1, 60'000'000, 3};

    inferlab::rng rng(42);
    for (int i = 0; i < 100'000; ++i) {
        const double us = rng.lognormal(180'000.0, 0.35) + (rng.uniform() < 0.005 ? 3'000'000.0 : 0.0);
        ttft_us.record(static_cast<std::int64_t>(us));
    }

    std::printf("TTFT over %lld requests (%zu KiB of histogram)\n", static_cast<long long>(ttft_us.total_count()),
                ttft_us.memory_footprint() / 1024);
    std::printf("  mean %8.1f ms   stddev %8.1f ms\n", ttft_us.mean() / 1e3, ttft_us.stddev() / 1e3);
    for (double p : {50.0, 90.0, 95.0, 99.0, 99.9})
        std::printf("  p%-5g %8.1f ms\n", p, static_cast<double>(ttft_us.value_at_percentile(p)) / 1e3);
    std::printf("  max    %8.1f ms\n\n", static_cast<double>(ttft_us.max()) / 1e3);

    // The full percentile distribution, in HdrHistogram's .hgrm format (values in milliseconds),
    // which HdrHistogram's plotters read as they are.
    inferlab::write_percentile_distribution(std::cout, ttft_us, {1, 1000.0, false});
}
