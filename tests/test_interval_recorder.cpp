#include <inferlab/interval_recorder.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using inferlab::histogram;

TEST_CASE("interval_recorder: snapshots while writers run lose and duplicate nothing") {
    inferlab::interval_recorder rec{1, 3'600'000'000, 3};
    constexpr int writers = 4;
    constexpr int per_writer = 50'000;
    std::atomic<int> running{writers};
    std::vector<std::thread> threads;
    for (int t = 0; t < writers; ++t) {
        threads.emplace_back([&rec, &running, t] {
            for (int i = 0; i < per_writer; ++i) rec.record(1 + (i % 1000) + t * 1000);
            rec.record(-1);  // one out-of-range value per writer
            running.fetch_sub(1);
        });
    }
    histogram total{1, 3'600'000'000, 3};
    histogram interval{1, 3'600'000'000, 3};
    int snapshots = 0;
    while (running.load() > 0) {
        rec.interval_histogram(interval);  // recycled: no allocation per interval
        total += interval;
        ++snapshots;
    }
    for (auto& th : threads) th.join();
    total += rec.interval_histogram();
    CHECK(snapshots >= 1);
    CHECK(total.total_count() == writers * per_writer);
    CHECK(total.out_of_range_count() == writers);
    // each writer recorded each of its 1000 values 50 times
    CHECK(total.count_at_value(1) == 50);
    CHECK(total.count_at_value(3500) == 100);  // 3500 and 3501 share a bucket at this precision
    CHECK(total.min() == 1);
    CHECK(total.max() == 4000 + 1);  // 4000 shares [4000, 4001] at this precision
    CHECK(rec.interval_histogram().total_count() == 0);
}

TEST_CASE("interval_recorder: corrected recording and configuration checks") {
    inferlab::interval_recorder rec{1, 1'000'000, 3};
    CHECK(rec.record_corrected(1000, 100));
    CHECK_FALSE(rec.record(2'000'000));
    const histogram h = rec.interval_histogram();
    CHECK(h.total_count() == 10);
    CHECK(h.out_of_range_count() == 1);
    histogram other{1, 1000, 3};
    CHECK_THROWS_AS(rec.interval_histogram(other), inferlab::invalid_argument);
}

TEST_CASE("per-thread histograms merged after join equal one histogram fed serially") {
    constexpr int threads_n = 2;
    std::vector<histogram> per_thread(threads_n, histogram{1, 60'000'000'000, 3});
    std::vector<std::thread> threads;
    for (int t = 0; t < threads_n; ++t)
        threads.emplace_back([&per_thread, t] {
            for (std::int64_t v = 1; v <= 100'000; ++v) per_thread[static_cast<std::size_t>(t)].record(v * (t + 1));
        });
    for (auto& th : threads) th.join();
    histogram merged{1, 60'000'000'000, 3}, serial{1, 60'000'000'000, 3};
    for (const auto& h : per_thread) merged += h;
    for (int t = 0; t < threads_n; ++t)
        for (std::int64_t v = 1; v <= 100'000; ++v) serial.record(v * (t + 1));
    CHECK(merged == serial);
}
