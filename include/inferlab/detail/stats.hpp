// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Statistics over samples computed the way numpy computes them, so that summaries reproduce the
// numbers of Python tools built on numpy (vLLM's and SGLang's benchmark clients):
//  - sums by numpy's pairwise summation (8 accumulators in blocks of up to 128, halves above that);
//  - mean = sum / n; std = sqrt(sum((x - mean)^2) / n) (population, numpy's default ddof = 0);
//  - percentiles by numpy's default 'linear' method: index (n - 1) * p / 100, then numpy's lerp;
//  - median as numpy's: the middle value, or the mean of the two middle values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace detail {

inline double pairwise_sum(const double* a, std::size_t n) noexcept {
    if (n < 8) {
        double res = -0.0;  // numpy starts from -0.0 so that a sum of -0.0 stays -0.0
        for (std::size_t i = 0; i < n; ++i) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += a[i];
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/// numpy.mean; 0 for no samples (vLLM's `np.mean(x or 0)`).
inline double numpy_mean(const std::vector<double>& x) noexcept {
    if (x.empty()) return 0.0;
    return pairwise_sum(x.data(), x.size()) / static_cast<double>(x.size());
}

/// numpy.std (population); 0 for no samples.
inline double numpy_std(const std::vector<double>& x) {
    if (x.empty()) return 0.0;
    const double m = numpy_mean(x);
    std::vector<double> sq(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double d = x[i] - m;
        sq[i] = d * d;
    }
    return std::sqrt(pairwise_sum(sq.data(), sq.size()) / static_cast<double>(x.size()));
}

/// numpy.percentile(sorted, p) with the default 'linear' method; `sorted` must be ascending.
inline double numpy_percentile_sorted(const std::vector<double>& sorted, double p) noexcept {
    if (sorted.empty()) return 0.0;
    const double q = p / 100.0;
    const double index = static_cast<double>(sorted.size() - 1) * q;
    const double floor_index = std::floor(index);
    const auto last = sorted.size() - 1;
    const auto lo = static_cast<std::size_t>(std::min(std::max(floor_index, 0.0), static_cast<double>(last)));
    const std::size_t hi = std::min(lo + 1, last);
    const double t = index - floor_index;
    const double a = sorted[lo], b = sorted[hi];
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

/// numpy.median of an ascending vector.
inline double numpy_median_sorted(const std::vector<double>& sorted) noexcept {
    const std::size_t n = sorted.size();
    if (n == 0) return 0.0;
    if (n % 2 == 1) return sorted[n / 2];
    return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

}  // namespace detail
}  // namespace v1
}  // namespace inferlab
