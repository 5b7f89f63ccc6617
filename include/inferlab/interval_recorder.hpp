// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Recording from many threads. Two ways, for two situations:
//
//  * One `histogram` per thread, merged with `+=` when a result is wanted. Fastest (a plain
//    increment, no shared cache lines); the reader must know when the writers are done (join them,
//    or hand histograms over at a barrier). Use it in hot loops: an engine's token path, a load
//    generator's per-connection loop.
//
//  * `interval_recorder`: any number of threads record concurrently and never block or allocate;
//    a reader asks for interval_histogram() at any time and gets a stable snapshot of everything
//    recorded since its previous call, while recording goes on. This is HdrHistogram's Recorder
//    (Java), built on the same writer-reader phaser. Each record costs two atomic increments on a
//    shared counter plus one on the bucket, so under heavy contention it is several times slower
//    than per-thread histograms; use it for periodic reporting (time series, HdrHistogram logs).
#pragma once

#include <inferlab/histogram.hpp>

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

namespace inferlab {
inline namespace v1 {

/// Lets one reader wait until every writer that started before a phase flip has finished (Gil
/// Tene's WriterReaderPhaser). Writers are wait-free: two atomic increments.
class writer_reader_phaser {
public:
    /// Returns a token for writer_exit().
    std::int64_t writer_enter() noexcept { return start_epoch_.fetch_add(1); }
    void writer_exit(std::int64_t token) noexcept { (token < 0 ? odd_end_ : even_end_).fetch_add(1); }

    /// Flips the phase and waits for the writers of the previous phase to leave. One reader at a
    /// time: callers serialize flips themselves.
    void flip_phase() noexcept {
        const bool next_phase_is_even = start_epoch_.load() < 0;
        const std::int64_t initial = next_phase_is_even ? 0 : std::numeric_limits<std::int64_t>::min();
        (next_phase_is_even ? even_end_ : odd_end_).store(initial);
        const std::int64_t start_at_flip = start_epoch_.exchange(initial);
        auto& previous_end = next_phase_is_even ? odd_end_ : even_end_;
        while (previous_end.load() != start_at_flip) std::this_thread::yield();
    }

private:
    std::atomic<std::int64_t> start_epoch_{0};
    std::atomic<std::int64_t> even_end_{0};
    std::atomic<std::int64_t> odd_end_{std::numeric_limits<std::int64_t>::min()};
};

/// Concurrent recording with interval snapshots (see the top of this file for when to use it).
class interval_recorder {
public:
    /// Same parameters (and errors) as histogram's constructor.
    interval_recorder(std::int64_t lowest_discernible_value, std::int64_t highest_trackable_value,
                      int significant_figures)
        : layout_(detail::hdr_layout::make(lowest_discernible_value, highest_trackable_value, significant_figures)) {
        for (auto& c : counts_) {
            c.reset(new std::atomic<std::int64_t>[static_cast<std::size_t>(layout_.counts_length)]);
            for (std::int32_t i = 0; i < layout_.counts_length; ++i) c[static_cast<std::size_t>(i)].store(0);
        }
    }

    /// As histogram::record; safe from any number of threads at once.
    bool record(std::int64_t value, std::int64_t count = 1) noexcept {
        if (count < 0) return false;
        const std::int64_t token = phaser_.writer_enter();
        const int a = active_.load();
        bool ok = value >= 0;
        const std::int32_t i = ok ? layout_.counts_index(value) : 0;
        ok = ok && i < layout_.counts_length;
        if (ok) counts_[a][static_cast<std::size_t>(i)].fetch_add(count, std::memory_order_relaxed);
        else out_of_range_[a].fetch_add(count, std::memory_order_relaxed);
        phaser_.writer_exit(token);
        return ok;
    }
    /// As histogram::record_corrected.
    bool record_corrected(std::int64_t value, std::int64_t expected_interval) noexcept {
        if (!record(value)) return false;
        if (expected_interval <= 0) return true;
        for (std::int64_t missing = value - expected_interval; missing >= expected_interval; missing -= expected_interval)
            record(missing);
        return true;
    }

    /// Everything recorded since the previous call (or construction), as a new histogram.
    [[nodiscard]] histogram interval_histogram() {
        histogram out(layout_.lowest_discernible_value, layout_.highest_trackable_value, layout_.significant_figures);
        interval_histogram(out);
        return out;
    }
    /// As above, into `recycled` (reset first; same configuration required), so that a periodic
    /// reader allocates nothing.
    void interval_histogram(histogram& recycled) {
        if (!recycled.layout().same_configuration(layout_))
            throw invalid_argument(errc::histogram_argument,
                                   "interval_recorder: the recycled histogram has a different configuration");
        recycled.reset();
        std::lock_guard<std::mutex> lock(reader_mutex_);
        const int inactive = active_.load();
        active_.store(1 - inactive);
        phaser_.flip_phase();  // writers that may still hold the old index are done after this
        auto& counts = counts_[inactive];
        for (std::int32_t i = 0; i < layout_.counts_length; ++i) {
            const std::int64_t c = counts[static_cast<std::size_t>(i)].load(std::memory_order_relaxed);
            if (c != 0) {
                detail::histogram_access::add_at_index(recycled, i, c);
                counts[static_cast<std::size_t>(i)].store(0, std::memory_order_relaxed);
            }
        }
        detail::histogram_access::add_out_of_range(recycled, out_of_range_[inactive].exchange(0));
    }

    [[nodiscard]] const detail::hdr_layout& layout() const noexcept { return layout_; }

private:
    detail::hdr_layout layout_;
    std::unique_ptr<std::atomic<std::int64_t>[]> counts_[2];
    std::atomic<std::int64_t> out_of_range_[2] = {{0}, {0}};
    std::atomic<int> active_{0};
    writer_reader_phaser phaser_;
    std::mutex reader_mutex_;
};

}  // namespace v1
}  // namespace inferlab
