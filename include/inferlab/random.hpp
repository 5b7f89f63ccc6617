// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The library's own seeded random numbers. std:: distributions differ between standard libraries,
// so everything inferlab samples goes through this generator: xoshiro256** seeded with splitmix64,
// producing the same sequence for the same seed on every compiler and platform.
#pragma once

#include <cmath>
#include <cstdint>

namespace inferlab {
inline namespace v1 {

/// splitmix64: a tiny generator used to expand one 64-bit seed into xoshiro's state.
class splitmix64 {
public:
    explicit constexpr splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
    constexpr std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_;
};

/// xoshiro256** (Blackman and Vigna), with samplers whose arithmetic is spelled out here.
class rng {
public:
    using result_type = std::uint64_t;
    explicit constexpr rng(std::uint64_t seed) noexcept : s_{} {
        splitmix64 sm(seed);
        for (auto& w : s_) w = sm.next();
    }
    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    constexpr result_type operator()() noexcept { return next(); }
    constexpr std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1) with 53 random bits.
    constexpr double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform integer in [0, n) (n > 0), unbiased: draws below 2^64 mod n are rejected.
    constexpr std::uint64_t below(std::uint64_t n) noexcept {
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t x = next();
            if (x >= threshold) return x % n;
        }
    }
    /// Standard normal by the Marsaglia polar method (uses only log and sqrt).
    double normal() noexcept {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = 2.0 * uniform() - 1.0;
            v = 2.0 * uniform() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * f;
        has_spare_ = true;
        return u * f;
    }
    /// Lognormal with the given median and sigma of the underlying normal.
    double lognormal(double median, double sigma) noexcept { return median * std::exp(sigma * normal()); }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace v1
}  // namespace inferlab
