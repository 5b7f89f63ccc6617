// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The timelines JSONL format: one request_timeline per line, times in seconds from the run start.
//
//   {"id":"r1","scheduled_s":0.0,"sent_s":0.001,"chunks":[[0.12,1],[0.14,1],[0.161,2]],"end_s":0.161,
//    "prompt_tokens":512,"output_tokens":4,"status":"ok"}
//
// The contract (what a writer may rely on and a reader must accept):
//   required  "id"             string
//             "sent_s"         number: seconds from the run start (finite, >= 0)
//             "chunks"         array of [time_s, tokens] pairs in arrival order; may be empty
//             "end_s"          number: seconds
//             "prompt_tokens"  integer >= 0
//             "status"         "ok" | "error" | "timeout" | "cancelled" | "rejected"
//   optional  "scheduled_s"    number: when the request was meant to be sent (open loops)
//             "output_tokens"  integer >= 0 (the server's count; else the chunks' tokens are summed)
//             "cached_tokens"  integer in 0..prompt_tokens
//             "error"          {"kind": string, "message": string} (both optional), or a plain
//                              string, read as the message
//             "tags"           {"workload": string, "tenant": string, "conversation": string,
//                               "turn": integer >= -1} (all optional; -1 means no conversation)
//   - An optional key whose value is null counts as absent.
//   - Unknown keys, at the top level and inside "error" and "tags", are ignored, so later versions
//     can add fields without breaking older readers.
//   - Times: a reader converts with ns = llround(s * 1e9); a writer prints ns / 1e9 with the
//     shortest digits that read back as the same double. Times below 2^51 ns (about 26 days)
//     therefore survive a write and a read exactly, to the nanosecond.
//   - Chunk tokens are integers in 0..2^31-1; token counts are integers (1.0 is refused).
//   - A line must also pass inferlab::validate (timeline.hpp): chunks in order, after the send,
//     the end after the last chunk, cached tokens within the prompt.
//   - Lines are separated by "\n"; a "\r" before it is ignored, and blank lines are skipped.
//   - A writer puts keys in the order above and omits optional keys at their defaults; strings
//     that are not valid UTF-8 are written with U+FFFD in place of the bad bytes.
//
// Every malformed line throws inferlab::parse_error (id 220, errc::timeline_json) naming the line,
// the byte offset of the line's start (for invalid JSON, of the offending byte) and the field:
//   [inferlab.parse_error.220] line 3, byte 211: timelines: field "chunks[2][1]": expected a
//   non-negative integer, got 1.5
#pragma once

#include <inferlab/detail/json_error.hpp>
#include <inferlab/detail/lines.hpp>
#include <inferlab/error.hpp>
#include <inferlab/timeline.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace detail {

/// ns / 1e9: the seconds written for a time.
[[nodiscard]] inline double timeline_seconds(std::chrono::nanoseconds ns) noexcept {
    return static_cast<double>(ns.count()) / 1e9;
}

/// Fills any nlohmann basic_json (json, whose keys are sorted, or ordered_json, which keeps the
/// documented order) with a timeline.
template <class Json>
void timeline_to_json(Json& j, const request_timeline& t) {
    j = Json::object();
    j["id"] = t.id;
    if (t.scheduled) j["scheduled_s"] = timeline_seconds(*t.scheduled);
    j["sent_s"] = timeline_seconds(t.sent);
    Json chunks = Json::array();
    for (const chunk& c : t.chunks) chunks.push_back(Json::array({timeline_seconds(c.at), c.tokens}));
    j["chunks"] = std::move(chunks);
    j["end_s"] = timeline_seconds(t.end);
    j["prompt_tokens"] = t.prompt_tokens;
    if (t.output_tokens) j["output_tokens"] = *t.output_tokens;
    if (t.cached_tokens) j["cached_tokens"] = *t.cached_tokens;
    j["status"] = std::string(to_string(t.status));
    if (!t.error_kind.empty() || !t.error_message.empty())
        j["error"] = Json::object({{"kind", t.error_kind}, {"message", t.error_message}});
    Json tags = Json::object();
    if (!t.tags.workload.empty()) tags["workload"] = t.tags.workload;
    if (!t.tags.tenant.empty()) tags["tenant"] = t.tags.tenant;
    if (!t.tags.conversation.empty()) tags["conversation"] = t.tags.conversation;
    if (t.tags.turn != -1) tags["turn"] = t.tags.turn;
    if (!tags.empty()) j["tags"] = std::move(tags);
}

/// Reads one timeline's fields; every complaint names the line, the offset and the field.
class timeline_json_reader {
public:
    using json = nlohmann::json;

    timeline_json_reader(std::size_t line, std::size_t byte_offset) : line_(line), offset_(byte_offset) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw parse_error(errc::timeline_json, "timelines: " + what, offset_, line_);
    }
    [[noreturn]] void fail(std::string_view field, const std::string& what) const {
        fail("field \"" + std::string(field) + "\": " + what);
    }

    /// A value as a message shows it: numbers and literals as written, containers by kind.
    static std::string describe(const json& v) {
        if (v.is_number_float()) {
            const double d = v.get<double>();
            if (std::isnan(d)) return "NaN";
            if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
        }
        if (v.is_number() || v.is_boolean() || v.is_null()) return v.dump();
        if (v.is_string()) return "a string";
        if (v.is_array()) return "an array of " + std::to_string(v.size());
        return "an " + std::string(v.type_name());  // object, binary, discarded
    }

    /// The member, or nullptr when absent (or null, for optional members).
    static const json* member(const json& obj, const char* key, bool optional) {
        const auto it = obj.find(key);
        if (it == obj.end() || (optional && it->is_null())) return nullptr;
        return &*it;
    }
    const json& required(const json& obj, const char* key) const {
        const json* v = member(obj, key, false);
        if (v == nullptr) fail("missing required field \"" + std::string(key) + "\"");
        return *v;
    }

    std::chrono::nanoseconds read_time(const json& v, std::string_view field) const {
        if (!v.is_number()) fail(field, "expected a number of seconds, got " + describe(v));
        const double s = v.get<double>();
        if (!std::isfinite(s) || s < 0)
            fail(field, "must be a finite, non-negative number of seconds, got " + describe(v));
        const double ns = s * 1e9;
        if (!(ns < 0x1p63)) fail(field, describe(v) + " s is too large (nanoseconds must fit in 64 bits)");
        return std::chrono::nanoseconds{static_cast<std::chrono::nanoseconds::rep>(std::llround(ns))};
    }

    /// An integer in [lowest, highest].
    std::int64_t read_integer(const json& v, std::string_view field, std::int64_t lowest, std::int64_t highest) const {
        const std::string expected = lowest == 0 ? std::string("a non-negative integer")
                                                 : "an integer >= " + std::to_string(lowest);
        if (!v.is_number_integer()) fail(field, "expected " + expected + ", got " + describe(v));
        if (v.is_number_unsigned()) {
            const auto u = v.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(highest))
                fail(field, describe(v) + " is too large (at most " + std::to_string(highest) + ")");
            return static_cast<std::int64_t>(u);
        }
        const auto i = v.get<std::int64_t>();
        if (i < lowest) fail(field, "expected " + expected + ", got " + describe(v));
        if (i > highest) fail(field, describe(v) + " is too large (at most " + std::to_string(highest) + ")");
        return i;
    }

    std::string read_string(const json& v, std::string_view field) const {
        if (!v.is_string()) fail(field, "expected a string, got " + describe(v));
        return v.get<std::string>();
    }

    request_timeline read(const json& j) const {
        if (!j.is_object()) fail("expected a JSON object per line, got " + describe(j));
        constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
        constexpr std::int64_t int32_max = std::numeric_limits<std::int32_t>::max();
        request_timeline t;
        t.id = read_string(required(j, "id"), "id");
        if (const json* v = member(j, "scheduled_s", true)) t.scheduled = read_time(*v, "scheduled_s");
        t.sent = read_time(required(j, "sent_s"), "sent_s");

        const json& chunks = required(j, "chunks");
        if (!chunks.is_array()) fail("chunks", "expected an array of [time_s, tokens] pairs, got " + describe(chunks));
        t.chunks.reserve(chunks.size());
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            const std::string where = "chunks[" + std::to_string(i) + "]";
            const json& c = chunks[i];
            if (!c.is_array() || c.size() != 2) fail(where, "expected a [time_s, tokens] pair, got " + describe(c));
            chunk out;
            out.at = read_time(c[0], where + "[0]");
            out.tokens = static_cast<std::int32_t>(read_integer(c[1], where + "[1]", 0, int32_max));
            t.chunks.push_back(out);
        }

        t.end = read_time(required(j, "end_s"), "end_s");
        t.prompt_tokens = read_integer(required(j, "prompt_tokens"), "prompt_tokens", 0, int64_max);
        if (const json* v = member(j, "output_tokens", true)) t.output_tokens = read_integer(*v, "output_tokens", 0, int64_max);
        if (const json* v = member(j, "cached_tokens", true)) t.cached_tokens = read_integer(*v, "cached_tokens", 0, int64_max);

        const std::string status = read_string(required(j, "status"), "status");
        const std::optional<request_status> st = parse_request_status(status);
        if (!st)
            fail("status", "unknown status \"" + status + "\" (expected ok, error, timeout, cancelled or rejected)");
        t.status = *st;

        if (const json* e = member(j, "error", true)) {
            if (e->is_string()) {
                t.error_message = e->get<std::string>();
            } else if (e->is_object()) {
                if (const json* v = member(*e, "kind", true)) t.error_kind = read_string(*v, "error.kind");
                if (const json* v = member(*e, "message", true)) t.error_message = read_string(*v, "error.message");
            } else {
                fail("error", "expected an object {\"kind\": ..., \"message\": ...} or a string, got " + describe(*e));
            }
        }
        if (const json* g = member(j, "tags", true)) {
            if (!g->is_object()) fail("tags", "expected an object, got " + describe(*g));
            if (const json* v = member(*g, "workload", true)) t.tags.workload = read_string(*v, "tags.workload");
            if (const json* v = member(*g, "tenant", true)) t.tags.tenant = read_string(*v, "tags.tenant");
            if (const json* v = member(*g, "conversation", true)) t.tags.conversation = read_string(*v, "tags.conversation");
            if (const json* v = member(*g, "turn", true))
                t.tags.turn = static_cast<std::int32_t>(read_integer(*v, "tags.turn", -1, int32_max));
        }

        const std::string problem = validate(t);
        if (!problem.empty()) fail("request \"" + t.id + "\" is impossible: " + problem);
        return t;
    }

private:
    std::size_t line_;
    std::size_t offset_;
};

/// Parses one non-blank line (without its line break) that starts at `line_offset` in the input.
inline request_timeline parse_timeline_line(std::string_view text, std::size_t line, std::size_t line_offset) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.data(), text.data() + text.size());
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts from 1 and names the last byte read: the one that made the text invalid
        // (one past the end when the line ended too soon).
        const std::size_t in_line = e.byte > 0 ? (e.byte - 1 < text.size() ? e.byte - 1 : text.size()) : 0;
        throw parse_error(errc::timeline_json, "timelines: invalid JSON: " + json_error_text(e.what()),
                          line_offset + in_line, line);
    } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range.406: number overflow
        throw parse_error(errc::timeline_json, "timelines: invalid JSON: " + json_error_text(e.what()), line_offset,
                          line);
    }
    return timeline_json_reader(line, line_offset).read(j);
}

}  // namespace detail

/// `json j = timeline;` (keys in nlohmann::json's sorted order; the JSONL writer keeps the
/// documented order).
inline void to_json(nlohmann::json& j, const request_timeline& t) { detail::timeline_to_json(j, t); }

/// Reads a timeline from JSON, checking every field and validate(). Errors are
/// inferlab::parse_error (errc::timeline_json) carrying `line` and `byte_offset`, which say where
/// the object came from (0: not from a file).
[[nodiscard]] inline request_timeline timeline_from_json(const nlohmann::json& j, std::size_t line = 0,
                                                         std::size_t byte_offset = 0) {
    return detail::timeline_json_reader(line, byte_offset).read(j);
}

/// Writes one timeline as one compact line (keys in the documented order), ending in "\n".
inline void write_timeline_jsonl(std::ostream& os, const request_timeline& t) {
    nlohmann::ordered_json j;
    detail::timeline_to_json(j, t);
    os << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

/// Writes timelines, one per line.
inline void write_timelines_jsonl(std::ostream& os, const std::vector<request_timeline>& timelines) {
    for (const request_timeline& t : timelines) write_timeline_jsonl(os, t);
}

/// Reads timelines line by line and calls f(request_timeline&&) for each, holding only one line in
/// memory. Blank lines are skipped; a "\r" before "\n" is ignored. Stops at the first malformed
/// line with inferlab::parse_error (errc::timeline_json).
template <class F>
void for_each_timeline_jsonl(std::istream& is, F&& f) {
    detail::for_each_line(is, [&f](std::string_view line, std::size_t line_no, std::size_t line_offset) {
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) f(detail::parse_timeline_line(line, line_no, line_offset));
    });
}

/// Reads every timeline of a JSONL stream (see for_each_timeline_jsonl).
[[nodiscard]] inline std::vector<request_timeline> read_timelines_jsonl(std::istream& is) {
    std::vector<request_timeline> out;
    for_each_timeline_jsonl(is, [&out](request_timeline&& t) { out.push_back(std::move(t)); });
    return out;
}

}  // namespace v1
}  // namespace inferlab
