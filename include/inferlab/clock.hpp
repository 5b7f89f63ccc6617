// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Clocks the recorder can read. A clock is any copyable type with `std::chrono::nanoseconds now()`
// (time since an arbitrary epoch; only differences matter):
//  - steady_clock_source: std::chrono::steady_clock, the default;
//  - manual_clock: time set by hand, shared by its copies, for tests and simulators.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace inferlab {
inline namespace v1 {

/// std::chrono::steady_clock as a clock source.
struct steady_clock_source {
    [[nodiscard]] std::chrono::nanoseconds now() const noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
    }
};

/// A clock that moves only when told to. Copies share the same time, so a test or a simulator keeps
/// one copy and hands another to the recorder. Thread-safe.
class manual_clock {
public:
    explicit manual_clock(std::chrono::nanoseconds start = std::chrono::nanoseconds{0})
        : t_(std::make_shared<std::atomic<std::int64_t>>(start.count())) {}
    [[nodiscard]] std::chrono::nanoseconds now() const noexcept { return std::chrono::nanoseconds{t_->load()}; }
    void set(std::chrono::nanoseconds t) noexcept { t_->store(t.count()); }
    void advance(std::chrono::nanoseconds d) noexcept { t_->fetch_add(d.count()); }

private:
    std::shared_ptr<std::atomic<std::int64_t>> t_;
};

}  // namespace v1
}  // namespace inferlab
