// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// What happened to one request: the raw result every serving metric is derived from. Times are
// durations since the start of the run (std::chrono::nanoseconds); seconds as double appear only
// at the JSON edge (metrics_json.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inferlab {
inline namespace v1 {

/// How a request ended.
enum class request_status : std::uint8_t {
    ok,         ///< completed
    error,      ///< failed (connection error, HTTP 4xx/5xx other than rejects, malformed stream, ...)
    timeout,    ///< gave up waiting
    cancelled,  ///< cancelled by the client (or its handle was dropped before finishing)
    rejected,   ///< refused by the server for load (HTTP 429 / 503)
};

[[nodiscard]] constexpr std::string_view to_string(request_status s) noexcept {
    switch (s) {
        case request_status::ok: return "ok";
        case request_status::error: return "error";
        case request_status::timeout: return "timeout";
        case request_status::cancelled: return "cancelled";
        case request_status::rejected: return "rejected";
    }
    return "error";
}

[[nodiscard]] inline std::optional<request_status> parse_request_status(std::string_view s) noexcept {
    for (auto st : {request_status::ok, request_status::error, request_status::timeout, request_status::cancelled,
                    request_status::rejected})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

/// One streamed piece of output: when it arrived and how many tokens it carried.
struct chunk {
    std::chrono::nanoseconds at{0};
    std::int32_t tokens = 1;
    friend bool operator==(const chunk& a, const chunk& b) noexcept { return a.at == b.at && a.tokens == b.tokens; }
};

/// Labels for slicing results: which workload, which tenant, which conversation turn.
struct request_tags {
    std::string workload;
    std::string tenant;
    std::string conversation;
    std::int32_t turn = -1;  ///< -1: not part of a conversation
    friend bool operator==(const request_tags& a, const request_tags& b) {
        return a.workload == b.workload && a.tenant == b.tenant && a.conversation == b.conversation && a.turn == b.turn;
    }
};

/// The timeline of one request.
struct request_timeline {
    std::string id;
    /// When the request was meant to be sent (open-loop arrivals); absent for closed loops, where the
    /// intended time is the send time.
    std::optional<std::chrono::nanoseconds> scheduled;
    std::chrono::nanoseconds sent{0};       ///< when it was actually sent
    std::vector<chunk> chunks;              ///< streamed output, in arrival order; the first is the first token
    std::chrono::nanoseconds end{0};        ///< when it completed or failed
    std::int64_t prompt_tokens = 0;
    std::optional<std::int64_t> output_tokens;  ///< as reported by the server; else the chunks' tokens are counted
    std::optional<std::int64_t> cached_tokens;  ///< prompt tokens served from a prefix cache, when known
    request_status status = request_status::ok;
    std::string error_kind;                 ///< e.g. "http_503", "connect", "timeout", "malformed_sse"
    std::string error_message;
    request_tags tags;

    [[nodiscard]] bool ok() const noexcept { return status == request_status::ok; }
    /// Output tokens: the server's count when known, else the sum over chunks.
    [[nodiscard]] std::int64_t output_token_count() const noexcept {
        if (output_tokens) return *output_tokens;
        std::int64_t n = 0;
        for (const chunk& c : chunks) n += c.tokens;
        return n;
    }
    /// The intended start: scheduled when known, else sent.
    [[nodiscard]] std::chrono::nanoseconds intended_start() const noexcept { return scheduled ? *scheduled : sent; }
    [[nodiscard]] std::optional<std::chrono::nanoseconds> first_token() const noexcept {
        if (chunks.empty()) return std::nullopt;
        return chunks.front().at;
    }
    /// Time to first token, from the actual send.
    [[nodiscard]] std::optional<std::chrono::nanoseconds> ttft() const noexcept {
        if (chunks.empty()) return std::nullopt;
        return chunks.front().at - sent;
    }
    /// End-to-end latency, from the actual send.
    [[nodiscard]] std::chrono::nanoseconds e2e() const noexcept { return end - sent; }
    /// Client-side queueing: how late the request was sent compared with its schedule.
    [[nodiscard]] std::chrono::nanoseconds queue_time() const noexcept { return sent - intended_start(); }

    friend bool operator==(const request_timeline& a, const request_timeline& b) {
        return a.id == b.id && a.scheduled == b.scheduled && a.sent == b.sent && a.chunks == b.chunks &&
               a.end == b.end && a.prompt_tokens == b.prompt_tokens && a.output_tokens == b.output_tokens &&
               a.cached_tokens == b.cached_tokens && a.status == b.status && a.error_kind == b.error_kind &&
               a.error_message == b.error_message && a.tags == b.tags;
    }
};

/// Checks that a timeline is physically possible. Returns an empty string when it is, else what is
/// wrong, naming the field: "chunks[3].at: 0.120000000 s is before chunks[2].at (0.130000000 s)".
[[nodiscard]] inline std::string validate(const request_timeline& t) {
    auto s = [](std::chrono::nanoseconds d) {
        const auto n = d.count();
        const std::string sign = n < 0 ? "-" : "";
        const auto a = n < 0 ? -n : n;
        std::string frac = std::to_string(a % 1'000'000'000);
        frac.insert(0, 9 - frac.size(), '0');
        return sign + std::to_string(a / 1'000'000'000) + "." + frac + " s";
    };
    if (t.scheduled && *t.scheduled < std::chrono::nanoseconds{0}) return "scheduled_s: negative (" + s(*t.scheduled) + ")";
    if (t.sent < std::chrono::nanoseconds{0}) return "sent_s: negative (" + s(t.sent) + ")";
    if (t.prompt_tokens < 0) return "prompt_tokens: negative";
    if (t.output_tokens && *t.output_tokens < 0) return "output_tokens: negative";
    if (t.cached_tokens && (*t.cached_tokens < 0 || *t.cached_tokens > t.prompt_tokens))
        return "cached_tokens: must be within 0..prompt_tokens";
    std::chrono::nanoseconds prev = t.sent;
    for (std::size_t i = 0; i < t.chunks.size(); ++i) {
        const std::string where = "chunks[" + std::to_string(i) + "]";
        if (t.chunks[i].tokens < 0) return where + ".tokens: negative";
        if (t.chunks[i].at < prev)
            return where + ".at: " + s(t.chunks[i].at) + " is before " + (i == 0 ? std::string("sent_s") : "chunks[" + std::to_string(i - 1) + "].at") +
                   " (" + s(prev) + ")";
        prev = t.chunks[i].at;
    }
    if (t.end < prev)
        return "end_s: " + s(t.end) + " is before " + (t.chunks.empty() ? std::string("sent_s") : "the last chunk") + " (" + s(prev) + ")";
    return {};
}

}  // namespace v1
}  // namespace inferlab
