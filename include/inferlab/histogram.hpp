// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// An HDR (high dynamic range) histogram with HdrHistogram's exact bucket layout and semantics, so
// counts, percentiles and encoded blobs are interchangeable with the C, Java and JavaScript
// implementations. Recording is noexcept, allocation-free and O(1); percentile queries use a
// per-block running total so they touch ~1/64 of the counters.
//
// This header is deliberately light: no I/O, no JSON, no fmt. Codecs live in hdr_codec.hpp,
// text formats in hdr_log.hpp, adapters in histogram_json.hpp and histogram_format.hpp.
#pragma once

#include <inferlab/error.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {

class histogram;

namespace detail {

inline int count_leading_zeros(std::uint64_t x) noexcept {  // x != 0
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_clzll(x);
#else
    int n = 0;
    for (std::uint64_t bit = std::uint64_t{1} << 63; (x & bit) == 0; bit >>= 1) ++n;
    return n;
#endif
}

/// HdrHistogram's bucket layout: every value maps to a counter index; all arithmetic mirrors the
/// reference implementations (including their floating-point derivation of unit_magnitude).
struct hdr_layout {
    std::int64_t lowest_discernible_value = 1;
    std::int64_t highest_trackable_value = 2;
    int significant_figures = 1;
    int unit_magnitude = 0;
    int sub_bucket_half_count_magnitude = 0;
    std::int32_t sub_bucket_count = 0;
    std::int32_t sub_bucket_half_count = 0;
    std::int64_t sub_bucket_mask = 0;
    std::int64_t unit_magnitude_mask = 0;
    std::int32_t bucket_count = 0;
    std::int32_t counts_length = 0;
    int leading_zero_count_base = 0;

    static hdr_layout make(std::int64_t lowest, std::int64_t highest, int significant_figures) {
        auto fail = [](const std::string& what) { throw invalid_argument(errc::histogram_config, "histogram: " + what); };
        if (lowest < 1) fail("lowest_discernible_value must be >= 1 (got " + std::to_string(lowest) + ")");
        if (lowest > std::numeric_limits<std::int64_t>::max() / 2)
            fail("lowest_discernible_value must be <= 2^62 (got " + std::to_string(lowest) + ")");
        if (highest < 2 * lowest)
            fail("highest_trackable_value must be >= 2 * lowest_discernible_value (got highest " +
                 std::to_string(highest) + ", lowest " + std::to_string(lowest) + ")");
        if (significant_figures < 1 || significant_figures > 5)
            fail("significant_figures must be in 1..5 (got " + std::to_string(significant_figures) + ")");

        hdr_layout l;
        l.lowest_discernible_value = lowest;
        l.highest_trackable_value = highest;
        l.significant_figures = significant_figures;

        std::int64_t largest_single_unit = 2;
        for (int i = 0; i < significant_figures; ++i) largest_single_unit *= 10;
        int sub_bucket_count_magnitude = 0;
        while ((std::int64_t{1} << sub_bucket_count_magnitude) < largest_single_unit) ++sub_bucket_count_magnitude;
        l.sub_bucket_half_count_magnitude = (sub_bucket_count_magnitude > 1 ? sub_bucket_count_magnitude : 1) - 1;
        // The references compute floor(log(lowest) / log(2)) in floating point; so do we, so that a
        // layout read from a blob is the layout its writer used.
        l.unit_magnitude = static_cast<int>(std::floor(std::log(static_cast<double>(lowest)) / std::log(2.0)));
        if (l.unit_magnitude + l.sub_bucket_half_count_magnitude > 61)
            fail("lowest_discernible_value " + std::to_string(lowest) + " with " + std::to_string(significant_figures) +
                 " significant figures exceeds the 64-bit range");
        l.unit_magnitude_mask = (std::int64_t{1} << l.unit_magnitude) - 1;
        l.sub_bucket_count = std::int32_t{1} << (l.sub_bucket_half_count_magnitude + 1);
        l.sub_bucket_half_count = l.sub_bucket_count / 2;
        l.sub_bucket_mask = (static_cast<std::int64_t>(l.sub_bucket_count) - 1) << l.unit_magnitude;

        // buckets needed to cover `highest`
        std::int64_t smallest_untrackable = static_cast<std::int64_t>(l.sub_bucket_count) << l.unit_magnitude;
        std::int32_t buckets = 1;
        while (smallest_untrackable <= highest) {
            if (smallest_untrackable > std::numeric_limits<std::int64_t>::max() / 2) {
                ++buckets;
                break;
            }
            smallest_untrackable <<= 1;
            ++buckets;
        }
        l.bucket_count = buckets;
        l.counts_length = (buckets + 1) * l.sub_bucket_half_count;
        l.leading_zero_count_base = 64 - l.unit_magnitude - l.sub_bucket_half_count_magnitude - 1;
        return l;
    }

    [[nodiscard]] bool same_configuration(const hdr_layout& o) const noexcept {
        return lowest_discernible_value == o.lowest_discernible_value &&
               highest_trackable_value == o.highest_trackable_value && significant_figures == o.significant_figures;
    }

    [[nodiscard]] std::int32_t bucket_index(std::int64_t v) const noexcept {
        return leading_zero_count_base -
               count_leading_zeros(static_cast<std::uint64_t>(v) | static_cast<std::uint64_t>(sub_bucket_mask));
    }
    [[nodiscard]] std::int32_t sub_bucket_index(std::int64_t v, std::int32_t bucket) const noexcept {
        return static_cast<std::int32_t>(v >> (bucket + unit_magnitude));
    }
    [[nodiscard]] std::int32_t counts_index(std::int32_t bucket, std::int32_t sub_bucket) const noexcept {
        return ((bucket + 1) << sub_bucket_half_count_magnitude) + (sub_bucket - sub_bucket_half_count);
    }
    /// Counter index of a value >= 0 (may be >= counts_length for values beyond the range).
    [[nodiscard]] std::int32_t counts_index(std::int64_t v) const noexcept {
        const std::int32_t b = bucket_index(v);
        return counts_index(b, sub_bucket_index(v, b));
    }
    [[nodiscard]] std::int64_t value_from_index(std::int32_t bucket, std::int32_t sub_bucket) const noexcept {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(sub_bucket) << (bucket + unit_magnitude));
    }
    [[nodiscard]] std::int64_t value_from_index(std::int32_t index) const noexcept {
        std::int32_t bucket = (index >> sub_bucket_half_count_magnitude) - 1;
        std::int32_t sub_bucket = (index & (sub_bucket_half_count - 1)) + sub_bucket_half_count;
        if (bucket < 0) {
            sub_bucket -= sub_bucket_half_count;
            bucket = 0;
        }
        return value_from_index(bucket, sub_bucket);
    }
    [[nodiscard]] std::int64_t size_of_equivalent_value_range(std::int64_t v) const noexcept {
        const std::int32_t b = bucket_index(v);
        const std::int32_t sb = sub_bucket_index(v, b);
        const int shift = unit_magnitude + (sb >= sub_bucket_count ? b + 1 : b);
        return static_cast<std::int64_t>(std::uint64_t{1} << shift);
    }
    [[nodiscard]] std::int64_t lowest_equivalent_value(std::int64_t v) const noexcept {
        const std::int32_t b = bucket_index(v);
        return value_from_index(b, sub_bucket_index(v, b));
    }
    [[nodiscard]] std::int64_t next_non_equivalent_value(std::int64_t v) const noexcept {
        // unsigned: the top bucket of a full-range histogram ends at 2^63
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lowest_equivalent_value(v)) +
                                         static_cast<std::uint64_t>(size_of_equivalent_value_range(v)));
    }
    [[nodiscard]] std::int64_t highest_equivalent_value(std::int64_t v) const noexcept {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(next_non_equivalent_value(v)) - 1);
    }
    [[nodiscard]] std::int64_t median_equivalent_value(std::int64_t v) const noexcept {
        return lowest_equivalent_value(v) + (size_of_equivalent_value_range(v) >> 1);
    }
};

struct histogram_access;  // lets the codecs fill counters directly

}  // namespace detail

/// One step of an iteration over a histogram, with HdrHistogram's HistogramIterationValue fields.
struct iteration_value {
    std::int64_t value_iterated_to = 0;           ///< the reporting level reached by this step
    std::int64_t value_iterated_from = 0;         ///< the previous step's value_iterated_to
    std::int64_t count_at_value_iterated_to = 0;  ///< count in the bucket that holds value_iterated_to
    std::int64_t count_added_in_this_step = 0;    ///< counts between the previous step and this one
    std::int64_t total_count_to_this_value = 0;   ///< cumulative count up to and including this step
    std::int64_t total_value_to_this_value = 0;   ///< cumulative sum of (count x median equivalent value)
    double percentile = 0.0;                      ///< 100 * total_count_to_this_value / total_count
    double percentile_level_iterated_to = 0.0;    ///< the percentile level of the step (percentile iteration)
};

namespace detail {

/// The state HdrHistogram's AbstractHistogramIterator keeps, shared by every iteration policy.
struct iteration_state {
    const histogram* h = nullptr;
    std::int64_t array_total_count = 0;
    std::int32_t current_index = 0;
    std::int64_t current_value_at_index = 0;
    std::int64_t next_value_at_index = 0;
    std::int64_t total_count_to_current_index = 0;
    std::int64_t total_value_to_current_index = 0;
    std::int64_t count_at_this_value = 0;

    [[nodiscard]] bool base_has_next() const noexcept { return total_count_to_current_index < array_total_count; }
    /// 100 x the share of counts up to the current counter (100 for an empty histogram).
    [[nodiscard]] double percentile() const noexcept {
        return array_total_count == 0 ? 100.0
                                      : (100.0 * static_cast<double>(total_count_to_current_index)) /
                                            static_cast<double>(array_total_count);
    }
    /// The highest value sharing the current counter: what most iterations report.
    [[nodiscard]] std::int64_t highest_value_at_index() const noexcept;
};

struct recorded_policy {
    std::int32_t visited_index = -1;
    bool has_next(iteration_state& s) const noexcept { return s.base_has_next(); }
    bool reached(const iteration_state& s) const noexcept {
        return s.count_at_this_value != 0 && visited_index != s.current_index;
    }
    void increment(const iteration_state& s) noexcept { visited_index = s.current_index; }
    std::int64_t value_iterated_to(const iteration_state& s) const noexcept { return s.highest_value_at_index(); }
    double percentile_level(const iteration_state& s) const noexcept { return s.percentile(); }
};

struct all_values_policy {
    std::int32_t visited_index = -1;
    bool has_next(iteration_state& s) const noexcept;
    bool reached(const iteration_state& s) const noexcept { return visited_index != s.current_index; }
    void increment(const iteration_state& s) noexcept { visited_index = s.current_index; }
    std::int64_t value_iterated_to(const iteration_state& s) const noexcept { return s.highest_value_at_index(); }
    double percentile_level(const iteration_state& s) const noexcept { return s.percentile(); }
};

struct linear_policy {
    std::int64_t value_units_per_bucket = 1;
    std::int64_t step_highest = 0;
    std::int64_t step_lowest = 0;
    bool has_next(iteration_state& s) const noexcept {
        return s.base_has_next() || step_highest + 1 < s.next_value_at_index;
    }
    bool reached(const iteration_state& s) const noexcept;
    void increment(const iteration_state& s) noexcept;
    std::int64_t value_iterated_to(const iteration_state&) const noexcept { return step_highest; }
    double percentile_level(const iteration_state& s) const noexcept { return s.percentile(); }
};

struct logarithmic_policy {
    double log_base = 2.0;
    double next_level = 1.0;
    std::int64_t step_highest = 0;
    std::int64_t step_lowest = 0;
    bool has_next(iteration_state& s) const noexcept;
    bool reached(const iteration_state& s) const noexcept;
    void increment(const iteration_state& s) noexcept;
    std::int64_t value_iterated_to(const iteration_state&) const noexcept { return step_highest; }
    double percentile_level(const iteration_state& s) const noexcept { return s.percentile(); }
};

struct percentile_policy {
    std::int64_t ticks_per_half_distance = 1;
    double level_to = 0.0;
    bool reached_last = false;
    bool has_next(iteration_state& s) noexcept {
        if (s.base_has_next()) return true;
        if (!reached_last && s.array_total_count > 0) {  // one additional last step to 100%
            level_to = 100.0;
            reached_last = true;
            return true;
        }
        return false;
    }
    bool reached(const iteration_state& s) const noexcept {
        if (s.count_at_this_value == 0) return false;
        const double current = (100.0 * static_cast<double>(s.total_count_to_current_index)) /
                               static_cast<double>(s.array_total_count);
        return current >= level_to;
    }
    void increment(const iteration_state&) noexcept {
        // Fixed-size ticks within each half of the remaining distance to 100%, as HdrHistogram does.
        const double halvings = std::log(100.0 / (100.0 - level_to)) / std::log(2.0);
        if (!(halvings < 61.0)) {  // at (or numerically at) 100%: nothing further to reach
            level_to = std::numeric_limits<double>::infinity();
            return;
        }
        const std::uint64_t scale = std::uint64_t{1} << (static_cast<std::int64_t>(halvings) + 1);
        const auto ticks = static_cast<std::int64_t>(static_cast<std::uint64_t>(ticks_per_half_distance) * scale);
        level_to += 100.0 / static_cast<double>(ticks);
    }
    std::int64_t value_iterated_to(const iteration_state& s) const noexcept { return s.highest_value_at_index(); }
    double percentile_level(const iteration_state&) const noexcept { return level_to; }
};

}  // namespace detail

/// End marker of every histogram iteration range.
struct iteration_end {};

/// An input iterator over a histogram, following HdrHistogram's iteration semantics exactly.
template <class Policy>
class histogram_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = iteration_value;
    using difference_type = std::ptrdiff_t;
    using reference = const iteration_value&;
    using pointer = const iteration_value*;

    histogram_iterator(const histogram& h, Policy policy) noexcept;

    reference operator*() const noexcept { return value_; }
    pointer operator->() const noexcept { return &value_; }
    histogram_iterator& operator++() noexcept {
        advance();
        return *this;
    }
    friend bool operator==(const histogram_iterator& it, iteration_end) noexcept { return it.done_; }
    friend bool operator!=(const histogram_iterator& it, iteration_end) noexcept { return !it.done_; }
    friend bool operator==(iteration_end, const histogram_iterator& it) noexcept { return it.done_; }
    friend bool operator!=(iteration_end, const histogram_iterator& it) noexcept { return !it.done_; }

private:
    void advance() noexcept;
    detail::iteration_state s_;
    Policy policy_;
    iteration_value value_;
    std::int64_t prev_value_iterated_to_ = 0;
    std::int64_t total_count_to_prev_index_ = 0;
    bool fresh_ = true;
    bool done_ = false;
};

/// A range over a histogram: `for (const auto& v : h.percentiles(5)) ...`.
template <class Policy>
class iteration_range {
public:
    iteration_range(const histogram& h, Policy policy) noexcept : h_(&h), policy_(policy) {}
    [[nodiscard]] histogram_iterator<Policy> begin() const noexcept { return {*h_, policy_}; }
    [[nodiscard]] iteration_end end() const noexcept { return {}; }

private:
    const histogram* h_;
    Policy policy_;
};

/// An HDR histogram of non-negative 64-bit integer values with 64-bit counts.
///
/// Layout and semantics are HdrHistogram's: `significant_figures` decimal digits of precision over
/// [lowest_discernible_value, highest_trackable_value]. Values beyond highest_trackable_value are
/// accepted up to the end of the last bucket (max_trackable_value()), exactly as the references do;
/// anything beyond that, or negative, is rejected, counted in out_of_range_count(), and never clamped.
class histogram {
public:
    /// Number of counters summed by each entry of the running-total index.
    static constexpr int block_shift = 6;
    static constexpr std::int32_t block_size = std::int32_t{1} << block_shift;

    /// Throws invalid_argument (errc::histogram_config) naming the bad argument.
    histogram(std::int64_t lowest_discernible_value, std::int64_t highest_trackable_value, int significant_figures)
        : layout_(detail::hdr_layout::make(lowest_discernible_value, highest_trackable_value, significant_figures)),
          counts_(padded_length(layout_.counts_length), 0),
          blocks_(padded_length(layout_.counts_length) / block_size, 0) {}

    // ---- recording (noexcept, no allocation) ------------------------------------------------------

    /// Records one occurrence of `value`. Returns false (and counts it as out of range) when the
    /// value is negative or beyond max_trackable_value().
    bool record(std::int64_t value) noexcept { return record(value, 1); }

    /// Records `count` occurrences of `value`. A negative count is refused (returns false, nothing changes).
    bool record(std::int64_t value, std::int64_t count) noexcept {
        if (count < 0) return false;
        if (value < 0) {
            out_of_range_ += count;
            return false;
        }
        const std::int32_t i = layout_.counts_index(value);
        if (i >= layout_.counts_length) {
            out_of_range_ += count;
            return false;
        }
        add_at_index(i, count);
        return true;
    }

    /// Records `value` and, when it exceeds `expected_interval`, the samples a stalled measurement
    /// loop would have taken meanwhile (value - interval, value - 2*interval, ... >= interval):
    /// HdrHistogram's correction for coordinated omission. expected_interval <= 0 disables it.
    bool record_corrected(std::int64_t value, std::int64_t expected_interval) noexcept {
        return record_corrected(value, 1, expected_interval);
    }
    bool record_corrected(std::int64_t value, std::int64_t count, std::int64_t expected_interval) noexcept {
        if (!record(value, count)) return false;
        if (expected_interval <= 0) return true;
        for (std::int64_t missing = value - expected_interval; missing >= expected_interval; missing -= expected_interval)
            record(missing, count);
        return true;
    }

    // ---- configuration ----------------------------------------------------------------------------

    [[nodiscard]] std::int64_t lowest_discernible_value() const noexcept { return layout_.lowest_discernible_value; }
    [[nodiscard]] std::int64_t highest_trackable_value() const noexcept { return layout_.highest_trackable_value; }
    [[nodiscard]] int significant_figures() const noexcept { return layout_.significant_figures; }
    /// The largest value record() accepts (the top of the last bucket, >= highest_trackable_value()).
    [[nodiscard]] std::int64_t max_trackable_value() const noexcept {
        return layout_.highest_equivalent_value(layout_.value_from_index(layout_.counts_length - 1));
    }
    [[nodiscard]] std::int32_t counts_length() const noexcept { return layout_.counts_length; }
    [[nodiscard]] std::int32_t bucket_count() const noexcept { return layout_.bucket_count; }
    [[nodiscard]] std::int32_t sub_bucket_count() const noexcept { return layout_.sub_bucket_count; }
    [[nodiscard]] const detail::hdr_layout& layout() const noexcept { return layout_; }
    /// Bytes this histogram occupies, counters and running-total index included.
    [[nodiscard]] std::size_t memory_footprint() const noexcept {
        return sizeof(*this) + counts_.capacity() * sizeof(std::int64_t) + blocks_.capacity() * sizeof(std::int64_t);
    }

    // ---- queries ----------------------------------------------------------------------------------

    [[nodiscard]] std::int64_t total_count() const noexcept { return total_; }
    /// Occurrences refused by record() because the value was negative or beyond max_trackable_value().
    [[nodiscard]] std::int64_t out_of_range_count() const noexcept { return out_of_range_; }
    [[nodiscard]] bool empty() const noexcept { return total_ == 0; }

    /// Lowest equivalent value of the smallest recorded value; 0 when empty (as HdrHistogram).
    [[nodiscard]] std::int64_t min() const noexcept {
        const std::int32_t i = first_nonzero_index();
        return i < 0 ? 0 : layout_.value_from_index(i);
    }
    /// As min(), ignoring values that share the zero bucket; int64 max when there are none.
    [[nodiscard]] std::int64_t min_non_zero() const noexcept {
        const std::int32_t i = first_nonzero_index(1);
        return i < 0 ? std::numeric_limits<std::int64_t>::max() : layout_.value_from_index(i);
    }
    /// Highest equivalent value of the largest recorded value; 0 when empty (as HdrHistogram).
    [[nodiscard]] std::int64_t max() const noexcept {
        const std::int32_t i = last_nonzero_index();
        return i < 0 ? 0 : layout_.highest_equivalent_value(layout_.value_from_index(i));
    }
    /// Mean over median equivalent values, computed in HdrHistogram's order; 0 when empty.
    [[nodiscard]] double mean() const noexcept {
        if (total_ == 0) return 0.0;
        double sum = 0.0;
        for_each_nonzero([&](std::int32_t i, std::int64_t c) {
            sum += static_cast<double>(layout_.median_equivalent_value(layout_.value_from_index(i))) *
                   static_cast<double>(c);
        });
        return sum / static_cast<double>(total_);
    }
    /// Population standard deviation over median equivalent values; 0 when empty.
    [[nodiscard]] double stddev() const noexcept {
        if (total_ == 0) return 0.0;
        const double m = mean();
        double sum = 0.0;
        for_each_nonzero([&](std::int32_t i, std::int64_t c) {
            const double d =
                static_cast<double>(layout_.median_equivalent_value(layout_.value_from_index(i))) - m;
            sum += (d * d) * static_cast<double>(c);
        });
        return std::sqrt(sum / static_cast<double>(total_));
    }

    /// The value at percentile p (0..100, clamped; NaN counts as 0) with HdrHistogram's Java/JS
    /// semantics: rank = max(1, ceil(p/100 * total_count - 1 ulp)); the result is the highest equivalent
    /// value of the bucket holding that rank, or its lowest equivalent value when p == 0. 0 when empty.
    [[nodiscard]] std::int64_t value_at_percentile(double p) const noexcept {
        std::int64_t out = 0;
        values_at_percentiles(&p, &out, 1);
        return out;
    }

    /// Several percentiles in one pass over the running-total index (ascending input is fastest;
    /// any order is correct). Writes n results to `out`; allocation-free.
    void values_at_percentiles(const double* ps, std::int64_t* out, std::size_t n) const noexcept {
        std::size_t block = 0;
        std::int64_t before_block = 0;  // cumulative count of all blocks before `block`
        for (std::size_t k = 0; k < n; ++k) {
            if (total_ == 0) {
                out[k] = 0;
                continue;
            }
            const std::int64_t rank = rank_at_percentile(ps[k]);
            if (rank <= before_block) {  // unsorted request: restart the scan
                block = 0;
                before_block = 0;
            }
            while (before_block + blocks_[block] < rank) before_block += blocks_[block++];
            std::int64_t acc = before_block;
            auto i = static_cast<std::int32_t>(block << block_shift);
            while ((acc += counts_[static_cast<std::size_t>(i)]) < rank) ++i;
            const std::int64_t v = layout_.value_from_index(i);
            out[k] = ps[k] == 0.0 ? layout_.lowest_equivalent_value(v) : layout_.highest_equivalent_value(v);
        }
    }
    [[nodiscard]] std::vector<std::int64_t> values_at_percentiles(const std::vector<double>& ps) const {
        std::vector<std::int64_t> out(ps.size());
        values_at_percentiles(ps.data(), out.data(), ps.size());
        return out;
    }
    [[nodiscard]] std::vector<std::int64_t> values_at_percentiles(std::initializer_list<double> ps) const {
        return values_at_percentiles(std::vector<double>(ps));
    }

    /// Percentage of recorded values <= `value` (at bucket resolution); 100 when empty.
    [[nodiscard]] double percentile_at_or_below(std::int64_t value) const noexcept {
        if (total_ == 0) return 100.0;
        const std::int32_t target = clamp_index(value);
        std::int64_t acc = 0;
        const std::int32_t full_blocks = (target + 1) >> block_shift;
        for (std::int32_t b = 0; b < full_blocks; ++b) acc += blocks_[static_cast<std::size_t>(b)];
        for (std::int32_t i = full_blocks << block_shift; i <= target; ++i) acc += counts_[static_cast<std::size_t>(i)];
        return (100.0 * static_cast<double>(acc)) / static_cast<double>(total_);
    }
    /// Count recorded in the bucket holding `value` (values beyond the range map to the last bucket).
    [[nodiscard]] std::int64_t count_at_value(std::int64_t value) const noexcept {
        return counts_[static_cast<std::size_t>(clamp_index(value))];
    }
    /// Count recorded in the buckets from the one holding `low` to the one holding `high`, inclusive.
    [[nodiscard]] std::int64_t count_between_values(std::int64_t low, std::int64_t high) const noexcept {
        std::int64_t acc = 0;
        for (std::int32_t i = clamp_index(low), e = clamp_index(high); i <= e; ++i) acc += counts_[static_cast<std::size_t>(i)];
        return acc;
    }
    /// Count in counter `index` (0 <= index < counts_length()).
    [[nodiscard]] std::int64_t count_at_index(std::int32_t index) const noexcept {
        return counts_[static_cast<std::size_t>(index)];
    }

    // ---- equivalent-value helpers -----------------------------------------------------------------

    [[nodiscard]] std::int64_t lowest_equivalent_value(std::int64_t v) const noexcept { return layout_.lowest_equivalent_value(v); }
    [[nodiscard]] std::int64_t highest_equivalent_value(std::int64_t v) const noexcept { return layout_.highest_equivalent_value(v); }
    [[nodiscard]] std::int64_t median_equivalent_value(std::int64_t v) const noexcept { return layout_.median_equivalent_value(v); }
    [[nodiscard]] std::int64_t next_non_equivalent_value(std::int64_t v) const noexcept { return layout_.next_non_equivalent_value(v); }
    [[nodiscard]] std::int64_t size_of_equivalent_value_range(std::int64_t v) const noexcept {
        return layout_.size_of_equivalent_value_range(v);
    }
    [[nodiscard]] bool values_are_equivalent(std::int64_t a, std::int64_t b) const noexcept {
        return layout_.lowest_equivalent_value(a) == layout_.lowest_equivalent_value(b);
    }

    // ---- iteration (HdrHistogram's iterators, as ranges) ------------------------------------------

    /// Every bucket that holds a count, in value order.
    [[nodiscard]] iteration_range<detail::recorded_policy> recorded_values() const noexcept { return {*this, {}}; }
    /// Every bucket, empty or not.
    [[nodiscard]] iteration_range<detail::all_values_policy> all_values() const noexcept { return {*this, {}}; }
    /// Steps of `value_units_per_bucket` (>= 1) until the last recorded value.
    [[nodiscard]] iteration_range<detail::linear_policy> linear_values(std::int64_t value_units_per_bucket) const {
        if (value_units_per_bucket < 1)
            throw invalid_argument(errc::histogram_argument, "histogram::linear_values: value_units_per_bucket must be >= 1");
        detail::linear_policy p;
        p.value_units_per_bucket = value_units_per_bucket;
        p.step_highest = value_units_per_bucket - 1;
        p.step_lowest = layout_.lowest_equivalent_value(p.step_highest);
        return {*this, p};
    }
    /// Steps growing by `log_base` (> 1), the first ending at `value_units_in_first_bucket` (>= 1).
    [[nodiscard]] iteration_range<detail::logarithmic_policy> logarithmic_values(std::int64_t value_units_in_first_bucket,
                                                                                 double log_base) const {
        if (value_units_in_first_bucket < 1 || !(log_base > 1.0))
            throw invalid_argument(errc::histogram_argument,
                                   "histogram::logarithmic_values: need value_units_in_first_bucket >= 1 and log_base > 1");
        detail::logarithmic_policy p;
        p.log_base = log_base;
        p.next_level = static_cast<double>(value_units_in_first_bucket);
        p.step_highest = value_units_in_first_bucket - 1;
        p.step_lowest = layout_.lowest_equivalent_value(p.step_highest);
        return {*this, p};
    }
    /// Percentile levels with `ticks_per_half_distance` (>= 1) steps in each half of the remaining
    /// distance to 100%, ending with a step at 100% (the iteration behind .hgrm output).
    [[nodiscard]] iteration_range<detail::percentile_policy> percentiles(std::int64_t ticks_per_half_distance) const {
        if (ticks_per_half_distance < 1)
            throw invalid_argument(errc::histogram_argument, "histogram::percentiles: ticks_per_half_distance must be >= 1");
        detail::percentile_policy p;
        p.ticks_per_half_distance = ticks_per_half_distance;
        return {*this, p};
    }

    // ---- combining --------------------------------------------------------------------------------

    /// Adds every count of `other`. With the same configuration this is a counter-wise sum; otherwise
    /// each of other's buckets is recorded at its lowest value, as HdrHistogram does. Returns the
    /// number of other's counts that did not fit; they, and other's out_of_range_count(), are added
    /// to this out_of_range_count().
    std::int64_t add(const histogram& other) {
        std::int64_t dropped = 0;
        if (layout_.same_configuration(other.layout_)) {
            for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
            for (std::size_t b = 0; b < blocks_.size(); ++b) blocks_[b] += other.blocks_[b];
            total_ += other.total_;
        } else {
            other.for_each_nonzero([&](std::int32_t i, std::int64_t c) {
                const std::int32_t j = layout_.counts_index(other.layout_.value_from_index(i));
                if (j < layout_.counts_length) add_at_index(j, c);
                else dropped += c;
            });
        }
        out_of_range_ += other.out_of_range_ + dropped;
        return dropped;
    }
    histogram& operator+=(const histogram& other) {
        add(other);
        return *this;
    }

    /// Removes every count of `other` (mapped by value when configurations differ). Throws
    /// invalid_argument (errc::histogram_subtract) and changes nothing if a bucket would go negative.
    histogram& operator-=(const histogram& other) {
        if (!layout_.same_configuration(other.layout_)) {
            histogram mapped(layout_.lowest_discernible_value, layout_.highest_trackable_value, layout_.significant_figures);
            if (mapped.add(other) != 0)
                throw invalid_argument(errc::histogram_subtract,
                                       "histogram: cannot subtract counts beyond this histogram's range");
            mapped.out_of_range_ = 0;
            return *this -= mapped;
        }
        // validate first, so that a failure leaves *this untouched
        other.for_each_nonzero([&](std::int32_t i, std::int64_t c) {
            if (counts_[static_cast<std::size_t>(i)] < c)
                throw invalid_argument(errc::histogram_subtract,
                                       "histogram: cannot subtract " + std::to_string(c) + " counts at value " +
                                           std::to_string(layout_.value_from_index(i)) + ": only " +
                                           std::to_string(counts_[static_cast<std::size_t>(i)]) + " recorded there");
        });
        other.for_each_nonzero([&](std::int32_t i, std::int64_t c) { add_at_index(i, -c); });
        return *this;
    }

    /// Copy of this histogram as if every value had been recorded with record_corrected().
    [[nodiscard]] histogram corrected_copy(std::int64_t expected_interval) const {
        histogram out(layout_.lowest_discernible_value, layout_.highest_trackable_value, layout_.significant_figures);
        for_each_nonzero([&](std::int32_t i, std::int64_t c) {
            out.record_corrected(layout_.highest_equivalent_value(layout_.value_from_index(i)), c, expected_interval);
        });
        out.out_of_range_ += out_of_range_;
        return out;
    }

    /// Clears every count; keeps the configuration and memory.
    void reset() noexcept {
        std::fill(counts_.begin(), counts_.end(), 0);
        std::fill(blocks_.begin(), blocks_.end(), 0);
        total_ = 0;
        out_of_range_ = 0;
    }

    /// Same configuration, same counts in every bucket and the same out-of-range count.
    friend bool operator==(const histogram& a, const histogram& b) noexcept {
        return a.layout_.same_configuration(b.layout_) && a.total_ == b.total_ && a.out_of_range_ == b.out_of_range_ &&
               a.counts_ == b.counts_;
    }
    friend bool operator!=(const histogram& a, const histogram& b) noexcept { return !(a == b); }

    /// Calls f(index, count) for every non-zero counter, in index order, skipping empty blocks.
    template <class F>
    void for_each_nonzero(F&& f) const {
        for (std::size_t b = 0; b < blocks_.size(); ++b) {
            if (blocks_[b] == 0) continue;
            const std::size_t end = (b + 1) << block_shift;
            for (std::size_t i = b << block_shift; i < end; ++i)
                if (counts_[i] != 0) f(static_cast<std::int32_t>(i), counts_[i]);
        }
    }

private:
    friend struct detail::histogram_access;

    static std::size_t padded_length(std::int32_t n) noexcept {
        return (static_cast<std::size_t>(n) + block_size - 1) / block_size * block_size;
    }
    std::int64_t rank_at_percentile(double p) const noexcept {
        const double requested = std::isnan(p) ? 0.0 : std::min(std::max(p, 0.0), 100.0);
        // As HdrHistogram (Java >= 2.1.12, JS): step back one ulp before rounding up, so that
        // 99.9% of 1000 is rank 999 and not 1000 because of 999.0000000000001.
        const double fp_rank = (requested / 100.0) * static_cast<double>(total_);
        const double ulp = std::nextafter(fp_rank, std::numeric_limits<double>::infinity()) - fp_rank;
        const auto rank = static_cast<std::int64_t>(std::ceil(fp_rank - ulp));
        return std::max<std::int64_t>(std::min(rank, total_), 1);
    }
    std::int32_t clamp_index(std::int64_t value) const noexcept {
        if (value <= 0) return 0;
        return std::min(layout_.counts_index(value), layout_.counts_length - 1);
    }
    std::int32_t first_nonzero_index(std::int32_t from = 0) const noexcept {
        for (std::size_t b = static_cast<std::size_t>(from) >> block_shift; b < blocks_.size(); ++b) {
            if (blocks_[b] == 0) continue;
            for (std::size_t i = std::max(b << block_shift, static_cast<std::size_t>(from)); i < (b + 1) << block_shift; ++i)
                if (counts_[i] != 0) return static_cast<std::int32_t>(i);
        }
        return -1;
    }
    std::int32_t last_nonzero_index() const noexcept {
        for (std::size_t b = blocks_.size(); b-- > 0;) {
            if (blocks_[b] == 0) continue;
            for (std::size_t i = (b + 1) << block_shift; i-- > b << block_shift;)
                if (counts_[i] != 0) return static_cast<std::int32_t>(i);
        }
        return -1;
    }
    void add_at_index(std::int32_t i, std::int64_t c) noexcept {
        counts_[static_cast<std::size_t>(i)] += c;
        blocks_[static_cast<std::size_t>(i >> block_shift)] += c;
        total_ += c;
    }

    detail::hdr_layout layout_;
    std::vector<std::int64_t> counts_;  // padded to a multiple of block_size
    std::vector<std::int64_t> blocks_;  // blocks_[b] == sum of counts_[b*block_size, (b+1)*block_size)
    std::int64_t total_ = 0;
    std::int64_t out_of_range_ = 0;
};

namespace detail {

/// Direct counter access for codecs that rebuild a histogram from counts.
inline std::int64_t iteration_state::highest_value_at_index() const noexcept {
    return h->highest_equivalent_value(current_value_at_index);
}

struct histogram_access {
    static void add_at_index(histogram& h, std::int32_t index, std::int64_t count) noexcept { h.add_at_index(index, count); }
    static void add_out_of_range(histogram& h, std::int64_t count) noexcept { h.out_of_range_ += count; }
};

inline bool all_values_policy::has_next(iteration_state& s) const noexcept {
    return s.current_index < s.h->counts_length() - 1;
}
inline bool linear_policy::reached(const iteration_state& s) const noexcept {
    return s.current_value_at_index >= step_lowest || s.current_index >= s.h->counts_length() - 1;
}
inline void linear_policy::increment(const iteration_state& s) noexcept {
    step_highest += value_units_per_bucket;
    step_lowest = s.h->lowest_equivalent_value(step_highest);
}
inline bool logarithmic_policy::has_next(iteration_state& s) const noexcept {
    return s.base_has_next() ||
           s.h->lowest_equivalent_value(static_cast<std::int64_t>(next_level)) < s.next_value_at_index;
}
inline bool logarithmic_policy::reached(const iteration_state& s) const noexcept {
    return s.current_value_at_index >= step_lowest || s.current_index >= s.h->counts_length() - 1;
}
inline void logarithmic_policy::increment(const iteration_state& s) noexcept {
    next_level *= log_base;
    step_highest = static_cast<std::int64_t>(next_level) - 1;
    step_lowest = s.h->lowest_equivalent_value(step_highest);
}

}  // namespace detail

template <class Policy>
histogram_iterator<Policy>::histogram_iterator(const histogram& h, Policy policy) noexcept : policy_(policy) {
    s_.h = &h;
    s_.array_total_count = h.total_count();
    s_.current_index = 0;
    s_.current_value_at_index = 0;
    s_.next_value_at_index = h.layout().value_from_index(1);
    advance();
}

template <class Policy>
void histogram_iterator<Policy>::advance() noexcept {
    if (done_ || !policy_.has_next(s_)) {
        done_ = true;
        return;
    }
    const histogram& h = *s_.h;
    while (s_.current_index < h.counts_length()) {
        s_.count_at_this_value = h.count_at_index(s_.current_index);
        if (fresh_) {
            s_.total_count_to_current_index += s_.count_at_this_value;
            s_.total_value_to_current_index += s_.count_at_this_value * h.median_equivalent_value(s_.current_value_at_index);
            fresh_ = false;
        }
        if (policy_.reached(s_)) {
            const std::int64_t to = policy_.value_iterated_to(s_);
            value_.value_iterated_to = to;
            value_.value_iterated_from = prev_value_iterated_to_;
            value_.count_at_value_iterated_to = s_.count_at_this_value;
            value_.count_added_in_this_step = s_.total_count_to_current_index - total_count_to_prev_index_;
            value_.total_count_to_this_value = s_.total_count_to_current_index;
            value_.total_value_to_this_value = s_.total_value_to_current_index;
            value_.percentile = s_.percentile();
            value_.percentile_level_iterated_to = policy_.percentile_level(s_);
            prev_value_iterated_to_ = to;
            total_count_to_prev_index_ = s_.total_count_to_current_index;
            policy_.increment(s_);
            return;
        }
        fresh_ = true;
        ++s_.current_index;
        s_.current_value_at_index = h.layout().value_from_index(s_.current_index);
        s_.next_value_at_index = h.layout().value_from_index(s_.current_index + 1);
    }
    done_ = true;  // only reachable for inconsistent counts
}

/// The numbers people quote from a histogram, computed once (pure: no I/O).
struct histogram_summary {
    std::int64_t total_count = 0;
    std::int64_t out_of_range_count = 0;
    std::int64_t min = 0;
    std::int64_t max = 0;
    double mean = 0.0;
    double stddev = 0.0;
    std::vector<std::pair<double, std::int64_t>> percentiles;  ///< (percentile, value), in the order asked
};

/// The percentiles inferlab reports unless told otherwise.
inline const std::vector<double>& default_percentiles() {
    static const std::vector<double> ps{50.0, 90.0, 95.0, 99.0, 99.9};
    return ps;
}

[[nodiscard]] inline histogram_summary summarize(const histogram& h, const std::vector<double>& percentiles = default_percentiles()) {
    histogram_summary s;
    s.total_count = h.total_count();
    s.out_of_range_count = h.out_of_range_count();
    s.min = h.min();
    s.max = h.max();
    s.mean = h.mean();
    s.stddev = h.stddev();
    const std::vector<std::int64_t> values = h.values_at_percentiles(percentiles);
    s.percentiles.reserve(percentiles.size());
    for (std::size_t i = 0; i < percentiles.size(); ++i) s.percentiles.emplace_back(percentiles[i], values[i]);
    return s;
}

/// "p50", "p99.9": the label of a percentile (shortest decimal form).
[[nodiscard]] inline std::string percentile_label(double p) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, p);
    return "p" + std::string(buf, static_cast<std::size_t>(r.ptr - buf));
}

}  // namespace v1
}  // namespace inferlab
