// The histogram, specified by hand-derived expectations. Bucket sizes follow from HdrHistogram's
// layout: 2*10^s needs 2^k sub-buckets (s=1: 32, s=2: 256, s=3: 2048, s=4: 32768, s=5: 262144);
// values below that are exact, and each further bucket doubles the size of an equivalent range.
#include <inferlab/histogram.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using inferlab::histogram;

TEST_CASE("construction validates every argument and names it") {
    auto message_of = [](std::int64_t lo, std::int64_t hi, int s) -> std::string {
        try {
            histogram h{lo, hi, s};
        } catch (const inferlab::invalid_argument& e) {
            CHECK(e.code() == inferlab::errc::histogram_config);
            return e.what();
        }
        return "";
    };
    CHECK(message_of(0, 100, 3).find("lowest_discernible_value must be >= 1") != std::string::npos);
    CHECK(message_of(10, 19, 3).find("highest_trackable_value must be >= 2 * lowest") != std::string::npos);
    CHECK(message_of(1, 100, 0).find("significant_figures must be in 1..5 (got 0)") != std::string::npos);
    CHECK(message_of(1, 100, 6).find("significant_figures must be in 1..5 (got 6)") != std::string::npos);
    CHECK(message_of(1, 100, 3).empty());
    CHECK(message_of(1, 2, 1).empty());
    CHECK(message_of(10, 20, 5).empty());
    CHECK(std::string(message_of(0, 100, 3)).rfind("[inferlab.invalid_argument.101]", 0) == 0);
}

TEST_CASE("layout: bucket and sub-bucket counts") {
    // 1 ns .. 60 s at 3 significant figures: 2048 sub-buckets; 2048 * 2^25 > 60e9 > 2048 * 2^24,
    // so 26 buckets and (26 + 1) * 1024 counters.
    histogram h{1, 60'000'000'000, 3};
    CHECK(h.sub_bucket_count() == 2048);
    CHECK(h.bucket_count() == 26);
    CHECK(h.counts_length() == 27 * 1024);
    // 1 .. 3.6e9: 2^31 < 3.6e9 < 2^32 -> 22 buckets, 23552 counters
    histogram g{1, 3'600'000'000, 3};
    CHECK(g.bucket_count() == 22);
    CHECK(g.counts_length() == 23552);
    // the last bucket ends at 2^32 - 1, which is accepted though above highest_trackable_value
    CHECK(g.max_trackable_value() == 4294967295);
}

TEST_CASE("bucket boundaries for 1..5 significant figures, lowest = 1") {
    const std::int64_t sub_buckets[] = {32, 256, 2048, 32768, 262144};
    for (int s = 1; s <= 5; ++s) {
        CAPTURE(s);
        const std::int64_t n = sub_buckets[s - 1];
        histogram h{1, std::int64_t{1} << 40, s};
        CHECK(h.sub_bucket_count() == n);
        // exact below n
        CHECK(h.size_of_equivalent_value_range(0) == 1);
        CHECK(h.size_of_equivalent_value_range(n - 1) == 1);
        CHECK(h.lowest_equivalent_value(n - 1) == n - 1);
        // [n, 2n): pairs
        CHECK(h.size_of_equivalent_value_range(n) == 2);
        CHECK(h.lowest_equivalent_value(n + 1) == n);
        CHECK(h.highest_equivalent_value(n) == n + 1);
        CHECK(h.next_non_equivalent_value(n) == n + 2);
        CHECK(h.median_equivalent_value(n) == n + 1);
        CHECK(h.size_of_equivalent_value_range(2 * n - 1) == 2);
        // [2n, 4n): quads
        CHECK(h.size_of_equivalent_value_range(2 * n) == 4);
        CHECK(h.lowest_equivalent_value(2 * n + 3) == 2 * n);
        CHECK(h.highest_equivalent_value(2 * n) == 2 * n + 3);
        CHECK(h.median_equivalent_value(2 * n + 1) == 2 * n + 2);
        CHECK(h.values_are_equivalent(2 * n, 2 * n + 3));
        CHECK_FALSE(h.values_are_equivalent(2 * n + 3, 2 * n + 4));
        // [4n, 8n): size 8
        CHECK(h.size_of_equivalent_value_range(4 * n + 5) == 8);
        CHECK(h.lowest_equivalent_value(4 * n + 13) == 4 * n + 8);
        // relative precision: the range never exceeds value / 10^s
        for (std::int64_t v : {n / 2 + 1, n, 3 * n + 7, 1000 * n + 1, std::int64_t{1} << 39}) {
            double limit = static_cast<double>(v);
            for (int k = 0; k < s; ++k) limit /= 10;
            CHECK(static_cast<double>(h.size_of_equivalent_value_range(v)) <= std::max(1.0, limit) * 1.0000001);
        }
    }
}

TEST_CASE("bucket boundaries with lowest = 1000 and lowest = 2^20") {
    SUBCASE("lowest 1000: unit 512 (2^9), 2048 sub-buckets of 512 in the first bucket") {
        histogram h{1000, 1'000'000'000'000, 3};
        CHECK(h.size_of_equivalent_value_range(0) == 512);
        CHECK(h.lowest_equivalent_value(511) == 0);
        CHECK(h.lowest_equivalent_value(512) == 512);
        CHECK(h.highest_equivalent_value(1000) == 1023);
        CHECK(h.size_of_equivalent_value_range(2048 * 512 - 1) == 512);
        CHECK(h.size_of_equivalent_value_range(2048 * 512) == 1024);
        CHECK(h.lowest_equivalent_value(2048 * 512 + 1023) == 2048 * 512);
        // a value in the zero bucket makes min() 0, as in HdrHistogram
        h.record(300);
        CHECK(h.min() == 0);
        CHECK(h.max() == 511);
        CHECK(h.min_non_zero() == std::numeric_limits<std::int64_t>::max());
        h.record(5000);
        CHECK(h.min_non_zero() == 4608);  // 5000 lies in [9*512, 10*512)
        CHECK(h.max() == 5119);
    }
    SUBCASE("lowest 2^20, 2 significant figures: unit 2^20, 256 sub-buckets") {
        const std::int64_t unit = std::int64_t{1} << 20;
        histogram h{unit, std::int64_t{1} << 40, 2};
        CHECK(h.sub_bucket_count() == 256);
        CHECK(h.size_of_equivalent_value_range(unit) == unit);
        CHECK(h.lowest_equivalent_value(unit + 5) == unit);
        CHECK(h.size_of_equivalent_value_range(256 * unit) == 2 * unit);
        CHECK(h.lowest_equivalent_value(256 * unit + unit + 1) == 256 * unit);
        CHECK(h.highest_equivalent_value(512 * unit) == 512 * unit + 4 * unit - 1);
    }
}

TEST_CASE("record: out-of-range values are refused and counted, never clamped") {
    histogram h{1, 1000, 2};  // 256 sub-buckets; 3 buckets reach 1023
    CHECK(h.max_trackable_value() == 1023);
    CHECK(h.record(1023));
    CHECK_FALSE(h.record(1024));
    CHECK_FALSE(h.record(-1));
    CHECK_FALSE(h.record(std::numeric_limits<std::int64_t>::max(), 3));
    CHECK_FALSE(h.record(5, -2));  // negative counts are refused and not counted
    CHECK(h.record(5, 0));
    CHECK(h.total_count() == 1);
    CHECK(h.out_of_range_count() == 5);
    CHECK(h.max() == 1023);
}

TEST_CASE("min, max, mean and stddev of 1..100") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 100; ++v) h.record(v);
    CHECK(h.total_count() == 100);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.mean() == 50.5);
    CHECK(h.stddev() == std::sqrt(833.25));  // population: (100^2 - 1) / 12
    SUBCASE("empty") {
        histogram e{1, 1000, 3};
        CHECK(e.min() == 0);
        CHECK(e.max() == 0);
        CHECK(e.mean() == 0.0);
        CHECK(e.stddev() == 0.0);
        CHECK(e.value_at_percentile(50) == 0);
        CHECK(e.percentile_at_or_below(5) == 100.0);
    }
    SUBCASE("mean and stddev use median equivalent values") {
        histogram g{1, 3'600'000'000, 3};
        g.record(12345, 3);  // bucket [12344, 12351], median 12348
        g.record(1);
        CHECK(g.mean() == (3 * 12348.0 + 1) / 4);
        CHECK(g.max() == 12351);
    }
}

TEST_CASE("value_at_percentile: rank = max(1, ceil(p/100 * n - ulp)); highest equivalent value") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 1000; ++v) h.record(v);
    CHECK(h.value_at_percentile(50) == 500);
    CHECK(h.value_at_percentile(50.01) == 501);
    CHECK(h.value_at_percentile(99) == 990);
    // 99.9 / 100 * 1000 == 999.0000000000001 in binary floating point; the ulp step keeps rank 999
    CHECK(h.value_at_percentile(99.9) == 999);
    CHECK(h.value_at_percentile(100) == 1000);
    CHECK(h.value_at_percentile(250) == 1000);  // clamped
    CHECK(h.value_at_percentile(0) == 1);       // lowest equivalent value of the min
    CHECK(h.value_at_percentile(0.0001) == 1);  // rank 1
    CHECK(h.value_at_percentile(-5) == 1);
    CHECK(h.value_at_percentile(std::nan("")) == 1);

    SUBCASE("p = 0 gives the lowest, other p the highest equivalent value") {
        histogram g{1, 3'600'000'000, 3};
        g.record(12345, 100);
        CHECK(g.value_at_percentile(0) == 12344);
        CHECK(g.value_at_percentile(50) == 12351);
    }
    SUBCASE("several at once, in any order, equal one at a time") {
        const std::vector<double> ps{99.9, 50, 0, 90, 100, 25, 99.99};
        const auto many = h.values_at_percentiles(ps);
        for (std::size_t i = 0; i < ps.size(); ++i) CHECK(many[i] == h.value_at_percentile(ps[i]));
    }
}

TEST_CASE("percentile_at_or_below, count_at_value, count_between_values") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 4; ++v) h.record(v * 1000, v);  // 1000 x1, 2000 x2, 3000 x3, 4000 x4 (exact: < 2048 or size 2)
    CHECK(h.percentile_at_or_below(999) == 0.0);
    CHECK(h.percentile_at_or_below(1000) == 10.0);
    CHECK(h.percentile_at_or_below(3001) == 60.0);  // 3000 and 3001 share a bucket of size 2
    CHECK(h.percentile_at_or_below(1'000'000'000'000) == 100.0);
    CHECK(h.count_at_value(3000) == 3);
    CHECK(h.count_at_value(3001) == 3);
    CHECK(h.count_at_value(2999) == 0);
    CHECK(h.count_between_values(1500, 3001) == 5);
}

TEST_CASE("record_corrected fills in the samples a stalled loop missed") {
    histogram h{1, 3'600'000'000, 3};
    // expected every 100: a 1000 reading implies missed readings of 900, 800, ..., 100
    h.record_corrected(1000, 100);
    CHECK(h.total_count() == 10);
    CHECK(h.value_at_percentile(0) == 100);
    CHECK(h.mean() == 550.0);
    CHECK(h.record_corrected(50, 100));  // below the interval: just the value
    CHECK(h.total_count() == 11);
    histogram raw{1, 3'600'000'000, 3};
    raw.record(1000);
    raw.record(50);
    CHECK(raw.corrected_copy(100) == h);
}

TEST_CASE("iteration: recorded values") {
    histogram h{1, 3'600'000'000, 3};
    for (int v : {1, 2, 3, 1000}) h.record(v);
    h.record(12345, 100);
    std::vector<std::pair<std::int64_t, std::int64_t>> seen;
    for (const auto& v : h.recorded_values()) seen.emplace_back(v.value_iterated_to, v.count_at_value_iterated_to);
    CHECK(seen == std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}, {2, 1}, {3, 1}, {1000, 1}, {12351, 100}});
}

TEST_CASE("iteration: percentiles (the .hgrm steps)") {
    histogram h{1, 3'600'000'000, 3};
    for (int v : {1, 2, 3, 1000}) h.record(v);
    // ticks 5: levels 0,10,...,50, then 5 ticks per half distance: 55,...,75, then 77.5, ... and a final 100
    std::vector<double> levels;
    std::vector<std::int64_t> values;
    for (const auto& v : h.percentiles(5)) {
        levels.push_back(v.percentile_level_iterated_to);
        values.push_back(v.value_iterated_to);
    }
    CHECK(levels == std::vector<double>{0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 100});
    CHECK(values == std::vector<std::int64_t>{1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 1000, 1000});
    CHECK_THROWS_AS((void)h.percentiles(0), inferlab::invalid_argument);
}

TEST_CASE("iteration: linear and logarithmic steps") {
    histogram h{1, 3'600'000'000, 3};
    h.record(5);
    h.record(15);
    h.record(25, 2);
    std::vector<std::int64_t> to, counts;
    for (const auto& v : h.linear_values(10)) {
        to.push_back(v.value_iterated_to);
        counts.push_back(v.count_added_in_this_step);
    }
    CHECK(to == std::vector<std::int64_t>{9, 19, 29});
    CHECK(counts == std::vector<std::int64_t>{1, 1, 2});
    to.clear();
    counts.clear();
    for (const auto& v : h.logarithmic_values(4, 2.0)) {
        to.push_back(v.value_iterated_to);
        counts.push_back(v.count_added_in_this_step);
    }
    CHECK(to == std::vector<std::int64_t>{3, 7, 15, 31});
    CHECK(counts == std::vector<std::int64_t>{0, 1, 1, 2});
    std::int64_t n = 0;
    for (const auto& v : h.all_values()) n += v.count_at_value_iterated_to;
    CHECK(n == 4);
    std::int64_t steps = 0;
    for (const auto& v : h.all_values()) steps += (void(v), 1);
    CHECK(steps == h.counts_length());
}

TEST_CASE("merge, subtract, reset, equality") {
    histogram a{1, 3'600'000'000, 3}, b{1, 3'600'000'000, 3};
    a.record(10, 2);
    b.record(10);
    b.record(5000);
    b.record(-1);
    a += b;
    CHECK(a.total_count() == 4);
    CHECK(a.count_at_value(10) == 3);
    CHECK(a.out_of_range_count() == 1);
    CHECK(a.max() == 5003);  // [4096, 8192) has ranges of 4: 5000..5003

    SUBCASE("across configurations, counts move by value") {
        histogram coarse{1, 1'000'000, 1};  // 32 sub-buckets: [4096, 8192) has ranges of 256
        CHECK(coarse.add(a) == 0);
        CHECK(coarse.count_at_value(4864) == 1);  // 5000 -> [4864, 5119]
        CHECK(coarse.count_at_value(10) == 3);
        histogram tiny{1, 100, 2};
        CHECK(tiny.add(a) == 1);  // 5000 does not fit
        CHECK(tiny.out_of_range_count() == 2);
        CHECK(tiny.total_count() == 3);
    }
    SUBCASE("subtract") {
        a -= b;
        CHECK(a.total_count() == 2);
        CHECK(a.count_at_value(10) == 2);
        CHECK(a.max() == 10);
        histogram c{1, 3'600'000'000, 3};
        c.record(10, 5);
        CHECK_THROWS_WITH_AS(a -= c, doctest::Contains("cannot subtract 5 counts at value 10: only 2"),
                             inferlab::invalid_argument);
        CHECK(a.count_at_value(10) == 2);  // unchanged after the failure
    }
    SUBCASE("reset and equality") {
        histogram copy = a;
        CHECK(copy == a);
        copy.record(7);
        CHECK(copy != a);
        copy.reset();
        CHECK(copy.total_count() == 0);
        CHECK(copy.max() == 0);
        CHECK(copy == histogram{1, 3'600'000'000, 3});
        CHECK(histogram{1, 1000, 3} != histogram{1, 1001, 3});
    }
}

TEST_CASE("memory footprint: counters plus a 1/64 running-total index") {
    histogram h{1, 60'000'000'000, 3};
    const std::size_t counters = 27648 * 8;
    CHECK(h.memory_footprint() >= counters + counters / 64);
    CHECK(h.memory_footprint() <= counters + counters / 64 + 1024);
}

TEST_CASE("summaries") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 1000; ++v) h.record(v);
    const auto s = inferlab::summarize(h, {50, 99.9});
    CHECK(s.total_count == 1000);
    CHECK(s.percentiles == std::vector<std::pair<double, std::int64_t>>{{50, 500}, {99.9, 999}});
    CHECK(inferlab::percentile_label(99.9) == "p99.9");
    CHECK(inferlab::percentile_label(50) == "p50");
    CHECK(inferlab::default_percentiles() == std::vector<double>{50, 90, 95, 99, 99.9});
}
