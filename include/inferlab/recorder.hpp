// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Recording request timelines from a running program: a load generator, or a custom engine's
// test harness. One `recorder` per run; one `request` handle per request:
//
//   inferlab::recorder rec;                               // steady clock; t = 0 now
//   auto r = rec.start("req-17", /*prompt_tokens=*/512, /*expected_chunks=*/256);
//   r.token();                                            // each streamed chunk (noexcept)
//   r.finish();                                           // or r.fail(status, kind, message)
//   std::vector<inferlab::request_timeline> done = rec.take();
//
// Cost model. start() allocates (the id, and room for expected_chunks chunks); token() only
// reads the clock and appends, with no allocation while the reserved room lasts (beyond it the
// room doubles, so a request that under-declares costs O(log n) allocations, never one per token);
// finish() and fail() hand the timeline to the recorder under a mutex. Handles are independent, so
// any number of threads can each drive their own requests; a handle itself belongs to one thread
// at a time. An engine that already has a timestamp for a whole step passes it: token_at(t, n).
#pragma once

#include <inferlab/clock.hpp>
#include <inferlab/timeline.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {

template <class Clock>
class basic_recorder;

/// The handle of one in-flight request. Move-only; dropping an unfinished handle records the
/// request as cancelled (kind "abandoned"), so that no request silently disappears.
template <class Clock>
class basic_request {
public:
    basic_request() = default;
    basic_request(const basic_request&) = delete;
    basic_request& operator=(const basic_request&) = delete;
    basic_request(basic_request&& o) noexcept : rec_(std::exchange(o.rec_, nullptr)), t_(std::move(o.t_)), last_(o.last_) {}
    basic_request& operator=(basic_request&& o) noexcept {
        if (this != &o) {
            abandon();
            rec_ = std::exchange(o.rec_, nullptr);
            t_ = std::move(o.t_);
            last_ = o.last_;
        }
        return *this;
    }
    ~basic_request() { abandon(); }

    /// True until finish() or fail().
    [[nodiscard]] bool active() const noexcept { return rec_ != nullptr; }

    /// A chunk of `tokens` tokens arrived now.
    void token(std::int32_t tokens = 1) noexcept {
        if (rec_) token_at(rec_->now(), tokens);
    }
    /// A chunk arrived at `t` (time since the recorder's start, e.g. one clock read per engine step).
    void token_at(std::chrono::nanoseconds t, std::int32_t tokens = 1) noexcept {
        if (!rec_) return;
        if (!monotonic(t, "chunk")) return;
        if (t_.chunks.size() == t_.chunks.capacity()) {
            try {
                t_.chunks.reserve(t_.chunks.capacity() < 8 ? 16 : 2 * t_.chunks.capacity());
            } catch (...) {
                fail_at(t, request_status::error, "out_of_memory", "no memory for more chunks");
                return;
            }
        }
        t_.chunks.push_back(chunk{t, tokens});
    }

    void set_cached_tokens(std::int64_t n) noexcept { t_.cached_tokens = n; }
    void set_scheduled(std::chrono::nanoseconds t) noexcept { t_.scheduled = t; }
    /// Tags (workload, tenant, conversation, turn) for slicing results.
    [[nodiscard]] request_tags& tags() noexcept { return t_.tags; }

    /// Completed now. `output_tokens`: the server's count, when it gave one.
    void finish(std::optional<std::int64_t> output_tokens = std::nullopt) noexcept {
        if (rec_) finish_at(rec_->now(), output_tokens);
    }
    void finish_at(std::chrono::nanoseconds t, std::optional<std::int64_t> output_tokens = std::nullopt) noexcept {
        if (!rec_ || !monotonic(t, "end")) return;
        t_.output_tokens = output_tokens;
        t_.end = t;
        commit();
    }
    /// Ended without completing: error, timeout, cancelled or rejected, with a kind
    /// ("http_503", "connect", ...) and a message.
    void fail(request_status status, std::string_view kind, std::string_view message) noexcept {
        if (rec_) fail_at(rec_->now(), status, kind, message);
    }
    void fail_at(std::chrono::nanoseconds t, request_status status, std::string_view kind, std::string_view message) noexcept {
        if (!rec_) return;
        t_.status = status == request_status::ok ? request_status::error : status;
        try {
            t_.error_kind = std::string(kind);
            t_.error_message = std::string(message);
        } catch (...) {
        }
        t_.end = t < last_ ? last_ : t;
        commit();
    }

private:
    friend class basic_recorder<Clock>;
    basic_request(basic_recorder<Clock>* rec, request_timeline t) noexcept
        : rec_(rec), t_(std::move(t)), last_(t_.sent) {}

    // A clock that runs backwards makes the request an error rather than a silently wrong number.
    bool monotonic(std::chrono::nanoseconds t, const char* what) noexcept {
        if (t >= last_) {
            last_ = t;
            return true;
        }
        try {
            const std::string message = std::string("the clock went backwards by ") +
                                        std::to_string((last_ - t).count()) + " ns at " + what;
            fail_at(last_, request_status::error, "clock_backwards", message);
        } catch (...) {
            fail_at(last_, request_status::error, "clock_backwards", "the clock went backwards");
        }
        return false;
    }
    void commit() noexcept {
        basic_recorder<Clock>* rec = std::exchange(rec_, nullptr);
        rec->commit(std::move(t_));
    }
    void abandon() noexcept {
        if (rec_) fail(request_status::cancelled, "abandoned", "the request handle was dropped before finish()");
    }

    basic_recorder<Clock>* rec_ = nullptr;
    request_timeline t_;
    std::chrono::nanoseconds last_{0};
};

/// Collects the timelines of finished requests. Thread-safe.
template <class Clock = steady_clock_source>
class basic_recorder {
public:
    using request = basic_request<Clock>;

    /// The run starts now: every time is measured from this moment.
    explicit basic_recorder(Clock clock = Clock{}) : clock_(std::move(clock)), start_(clock_.now()) {}
    basic_recorder(const basic_recorder&) = delete;
    basic_recorder& operator=(const basic_recorder&) = delete;

    /// Time since the start of the run.
    [[nodiscard]] std::chrono::nanoseconds now() const noexcept { return clock_.now() - start_; }

    /// A request sent now, with room for `expected_chunks` chunks (its max_tokens is a good value).
    [[nodiscard]] request start(std::string id, std::int64_t prompt_tokens, std::size_t expected_chunks = 0) {
        return start_at(now(), std::move(id), prompt_tokens, expected_chunks);
    }
    /// A request sent at `sent` (time since the run start).
    [[nodiscard]] request start_at(std::chrono::nanoseconds sent, std::string id, std::int64_t prompt_tokens,
                                   std::size_t expected_chunks = 0) {
        request_timeline t;
        t.id = std::move(id);
        t.sent = sent;
        t.prompt_tokens = prompt_tokens;
        t.chunks.reserve(expected_chunks);
        return request(this, std::move(t));
    }

    /// Moves out every timeline finished so far (in finishing order). The lock is held only to swap
    /// the storage out; the vector is built after it is released.
    [[nodiscard]] std::vector<request_timeline> take() {
        std::deque<request_timeline> done;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done.swap(done_);
        }
        return std::vector<request_timeline>(std::make_move_iterator(done.begin()), std::make_move_iterator(done.end()));
    }
    /// Requests finished and not yet taken.
    [[nodiscard]] std::size_t finished_count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return done_.size();
    }
    /// Timelines that could not be stored for lack of memory (never expected; never hidden).
    [[nodiscard]] std::size_t dropped_count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return dropped_;
    }

private:
    friend class basic_request<Clock>;
    void commit(request_timeline&& t) noexcept {
        std::lock_guard<std::mutex> lock(mutex_);
        try {
            done_.push_back(std::move(t));
        } catch (...) {
            ++dropped_;
        }
    }

    Clock clock_;
    std::chrono::nanoseconds start_;
    mutable std::mutex mutex_;
    std::deque<request_timeline> done_;  // a deque never moves what it holds: finish() never stalls on growth
    std::size_t dropped_ = 0;
};

/// The recorder on std::chrono::steady_clock.
using recorder = basic_recorder<steady_clock_source>;

}  // namespace v1
}  // namespace inferlab
