// The timelines JSONL format (metrics_json.hpp): exact text, round trips, and an error for every
// way a line can be wrong, each naming its line, byte offset and field.
#include <inferlab/metrics_json.hpp>
#include <inferlab/random.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using inferlab::chunk;
using inferlab::request_status;
using inferlab::request_timeline;

namespace {

request_timeline example() {  // the example line of the format's documentation
    request_timeline t;
    t.id = "r1";
    t.scheduled = 0ns;
    t.sent = 1ms;
    t.chunks = {{120ms, 1}, {140ms, 1}, {161ms, 2}};
    t.end = 161ms;
    t.prompt_tokens = 512;
    t.output_tokens = 4;
    return t;
}

std::string write(const std::vector<request_timeline>& ts) {
    std::ostringstream os;
    inferlab::write_timelines_jsonl(os, ts);
    return os.str();
}

std::vector<request_timeline> read(const std::string& text) {
    std::istringstream is(text);
    return inferlab::read_timelines_jsonl(is);
}

/// The message of the parse_error that reading `text` throws ("" if none). Also checks that the
/// exception's line() and byte_offset() agree with its message.
std::string error_of(const std::string& text) {
    try {
        (void)read(text);
    } catch (const inferlab::parse_error& e) {
        CHECK(e.code() == inferlab::errc::timeline_json);
        const std::string where = "line " + std::to_string(e.line()) + ", byte " + std::to_string(e.byte_offset()) + ": ";
        CHECK(std::string(e.what()).find(where) != std::string::npos);
        return e.what();
    }
    return "";
}

// 75 bytes, so the line after it starts at byte 76 (77 with CRLF)
const std::string ok_line = R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})";

}  // namespace

TEST_CASE("a timeline is written as one compact line, keys in the documented order") {
    CHECK(write({example()}) ==
          R"({"id":"r1","scheduled_s":0.0,"sent_s":0.001,"chunks":[[0.12,1],[0.14,1],[0.161,2]],"end_s":0.161,)"
          R"("prompt_tokens":512,"output_tokens":4,"status":"ok"})"
          "\n");

    request_timeline f;
    f.id = "r2";
    f.sent = 1500ms;
    f.end = 2s;
    f.prompt_tokens = 10;
    f.cached_tokens = 8;
    f.status = request_status::rejected;
    f.error_kind = "http_429";
    f.error_message = "Too \"Many\" Requests\n";
    f.tags.workload = "chat";
    f.tags.turn = 3;
    CHECK(write({f}) ==
          R"({"id":"r2","sent_s":1.5,"chunks":[],"end_s":2.0,"prompt_tokens":10,"cached_tokens":8,"status":"rejected",)"
          R"("error":{"kind":"http_429","message":"Too \"Many\" Requests\n"},"tags":{"workload":"chat","turn":3}})"
          "\n");

    // json j = t: the same content, in nlohmann::json's sorted key order
    const nlohmann::json j = example();
    CHECK(j.dump() ==
          R"({"chunks":[[0.12,1],[0.14,1],[0.161,2]],"end_s":0.161,"id":"r1","output_tokens":4,"prompt_tokens":512,)"
          R"("scheduled_s":0.0,"sent_s":0.001,"status":"ok"})");
    CHECK(inferlab::timeline_from_json(j) == example());
}

TEST_CASE("timelines survive a write and a read") {
    std::vector<request_timeline> ts;
    ts.push_back(example());

    request_timeline failed;  // failed after a few chunks, with an error object and every tag
    failed.id = "req-\xC3\xA9\xE2\x9C\x93";  // UTF-8 is kept as it is
    failed.scheduled = 2s;
    failed.sent = 2'000'000'123ns;
    failed.chunks = {{2'500'000'000ns, 1}, {2'600'000'000ns, 0}};
    failed.end = 3s;
    failed.prompt_tokens = 100;
    failed.status = request_status::error;
    failed.error_kind = "malformed_sse";
    failed.error_message = "unexpected \"data:\" line\twith a tab";
    failed.tags = {"rag", "tenant-7", "conv-1", 0};
    ts.push_back(failed);

    request_timeline timeout;  // no chunks, message only, no output count
    timeout.id = "t";
    timeout.sent = 10s;
    timeout.end = 70s;
    timeout.prompt_tokens = 0;
    timeout.status = request_status::timeout;
    timeout.error_message = "gave up after 60 s";
    ts.push_back(timeout);

    request_timeline multi;  // multi-token chunks (speculative decoding), cached prefix
    multi.id = "m";
    multi.sent = 5ms;
    multi.chunks = {{40ms, 1}, {41ms, 4}, {41ms, 3}, {55ms, 2}};
    multi.end = 56ms;
    multi.prompt_tokens = 2048;
    multi.cached_tokens = 2048;
    multi.tags.tenant = "x";
    ts.push_back(multi);

    request_timeline kinds;  // kind only; cancelled and zero-length
    kinds.id = "";
    kinds.status = request_status::cancelled;
    kinds.error_kind = "client";
    ts.push_back(kinds);

    const std::string text = write(ts);
    CHECK(read(text) == ts);
    CHECK(write(read(text)) == text);

    // and through nlohmann::json values
    for (const request_timeline& t : ts) CHECK(inferlab::timeline_from_json(nlohmann::json(t)) == t);
}

TEST_CASE("times round-trip to the nanosecond, awkward values included") {
    std::vector<std::int64_t> values = {0,         1,         3,         7,          100'000'001,
                                        123'456'789, 299'999'999, 300'000'000, 999'999'999, 1'000'000'001,
                                        86'400'000'000'001,  // a day and a nanosecond
                                        (std::int64_t{1} << 51) - 1};
    inferlab::rng rng(20240501);
    for (int i = 0; i < 20000; ++i) {
        const int bits = 1 + static_cast<int>(rng.below(51));  // 1..51 bits: up to about 26 days
        values.push_back(static_cast<std::int64_t>(rng.below(std::uint64_t{1} << bits)));
    }
    std::vector<request_timeline> ts;
    for (std::int64_t v : values) {
        request_timeline t;
        t.id = std::to_string(v);
        t.scheduled = std::chrono::nanoseconds{v};
        t.sent = std::chrono::nanoseconds{v};
        t.chunks = {{std::chrono::nanoseconds{v}, 1}};
        t.end = std::chrono::nanoseconds{v};
        ts.push_back(t);
    }
    CHECK(read(write(ts)) == ts);

    // shortest digits: 0.3 s is written "0.3", not 0.30000000000000004
    CHECK(write({ts[7]}).find(R"("sent_s":0.3,)") != std::string::npos);
    CHECK(write({ts[5]}).find(R"("sent_s":0.123456789,)") != std::string::npos);
}

TEST_CASE("reading: blank lines, CRLF, unknown keys, nulls, an error given as a string") {
    const std::string text = "\n" + ok_line + "\r\n   \r\n\t\n" +
                             R"({"id":"b","sent_s":0.25,"chunks":[[0.5,2]],"end_s":1e0,"prompt_tokens":7,"status":"error",)"
                             R"("error":"HTTP 500","scheduled_s":null,"output_tokens":null,"tags":{"turn":-1,"future":[1]},)"
                             R"("future_field":{"x":1}})";  // no final line break
    const std::vector<request_timeline> ts = read(text);
    REQUIRE(ts.size() == 2);
    CHECK(ts[0].id == "a");
    CHECK(ts[0].sent == 0ns);
    CHECK(ts[0].end == 1s);
    CHECK(ts[0].status == request_status::ok);
    CHECK(ts[1].id == "b");
    CHECK(!ts[1].scheduled);
    CHECK(ts[1].sent == 250ms);
    CHECK(ts[1].chunks == std::vector<chunk>{{500ms, 2}});
    CHECK(!ts[1].output_tokens);
    CHECK(ts[1].output_token_count() == 2);
    CHECK(ts[1].error_kind.empty());
    CHECK(ts[1].error_message == "HTTP 500");
    CHECK(ts[1].tags == inferlab::request_tags{});

    // the streaming reader hands each timeline over as it reads it
    std::istringstream is(text);
    std::vector<std::string> ids;
    inferlab::for_each_timeline_jsonl(is, [&](request_timeline&& t) { ids.push_back(std::move(t.id)); });
    CHECK(ids == std::vector<std::string>{"a", "b"});

    CHECK(read("").empty());
    CHECK(read("\n\r\n").empty());
}

TEST_CASE("strings that are not UTF-8 are written with U+FFFD") {
    request_timeline t;
    t.id = "x";
    t.status = request_status::error;
    t.error_message = "cut\xE2\x9C";  // a body truncated inside a character
    const std::string text = write({t});
    CHECK(text.find(R"("message":"cut)" "\xEF\xBF\xBD" R"(")") != std::string::npos);
    CHECK(read(text).at(0).error_message == "cut\xEF\xBF\xBD");
}

TEST_CASE("invalid JSON names the offending byte") {
    // nlohmann's message, with the position in the whole input (the line's start + the byte in it)
    CHECK(error_of(ok_line + "\n" + R"({"id":tru})") ==
          "[inferlab.parse_error.220] line 2, byte 85: timelines: invalid JSON: syntax error while parsing value - "
          "invalid literal; last read: '\"id\":tru}'");  // 76 + 9: the '}' after "tru"
    CHECK(error_of(ok_line + "\r\n\r\n" + R"({"id":"a",)") ==
          "[inferlab.parse_error.220] line 3, byte 89: timelines: invalid JSON: syntax error while parsing object key - "
          "unexpected end of input; expected string literal");  // 79 + 10: the end of the line
    CHECK(error_of(R"({"id":"a"} x)") ==
          "[inferlab.parse_error.220] line 1, byte 11: timelines: invalid JSON: syntax error while parsing value - "
          "invalid literal; last read: '\"a\"} x'; expected end of input");
    CHECK(error_of("{\"id\":\"\xFF\"}") ==
          "[inferlab.parse_error.220] line 1, byte 7: timelines: invalid JSON: syntax error while parsing value - "
          "invalid string: ill-formed UTF-8 byte; last read: '\"\xFF'");
    // a number too large for a double: nlohmann gives no position, so the line's start
    CHECK(error_of(ok_line + "\n" + R"({"id":"a","sent_s":1e400})") ==
          "[inferlab.parse_error.220] line 2, byte 76: timelines: invalid JSON: number overflow parsing '1e400'");
    CHECK(error_of("[1,2]") ==
          "[inferlab.parse_error.220] line 1, byte 0: timelines: expected a JSON object per line, got an array of 2");
    CHECK(error_of("\"ok\"") ==
          "[inferlab.parse_error.220] line 1, byte 0: timelines: expected a JSON object per line, got a string");
}

TEST_CASE("a missing required field is named") {
    const std::string p = "[inferlab.parse_error.220] line 1, byte 0: timelines: ";
    CHECK(error_of(R"({"sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(missing required field "id")");
    CHECK(error_of(R"({"id":"a","chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(missing required field "sent_s")");
    CHECK(error_of(R"({"id":"a","sent_s":0,"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(missing required field "chunks")");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"prompt_tokens":1,"status":"ok"})") ==
          p + R"(missing required field "end_s")");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"status":"ok"})") ==
          p + R"(missing required field "prompt_tokens")");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1})") ==
          p + R"(missing required field "status")");
}

TEST_CASE("a field of the wrong type is named, with what it held") {
    const std::string p = "[inferlab.parse_error.220] line 1, byte 0: timelines: ";
    CHECK(error_of(R"({"id":7,"sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "id": expected a string, got 7)");
    CHECK(error_of(R"({"id":null,"sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "id": expected a string, got null)");
    CHECK(error_of(R"({"id":"a","sent_s":"0","chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "sent_s": expected a number of seconds, got a string)");
    CHECK(error_of(R"({"id":"a","scheduled_s":true,"sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "scheduled_s": expected a number of seconds, got true)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":{},"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "chunks": expected an array of [time_s, tokens] pairs, got an object)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":[1],"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "end_s": expected a number of seconds, got an array of 1)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1.5,"status":"ok"})") ==
          p + R"(field "prompt_tokens": expected a non-negative integer, got 1.5)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":-3,"status":"ok"})") ==
          p + R"(field "prompt_tokens": expected a non-negative integer, got -3)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":18446744073709551615,"status":"ok"})") ==
          p + R"(field "prompt_tokens": 18446744073709551615 is too large (at most 9223372036854775807))");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"output_tokens":"4","status":"ok"})") ==
          p + R"(field "output_tokens": expected a non-negative integer, got a string)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"cached_tokens":-1,"status":"ok"})") ==
          p + R"(field "cached_tokens": expected a non-negative integer, got -1)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":1})") ==
          p + R"(field "status": expected a string, got 1)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"error","error":5})") ==
          p + R"(field "error": expected an object {"kind": ..., "message": ...} or a string, got 5)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"error","error":{"kind":5}})") ==
          p + R"(field "error.kind": expected a string, got 5)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"error","error":{"message":[]}})") ==
          p + R"(field "error.message": expected a string, got an array of 0)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok","tags":[]})") ==
          p + R"(field "tags": expected an object, got an array of 0)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok","tags":{"tenant":1}})") ==
          p + R"(field "tags.tenant": expected a string, got 1)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok","tags":{"turn":-2}})") ==
          p + R"(field "tags.turn": expected an integer >= -1, got -2)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok","tags":{"turn":"2"}})") ==
          p + R"(field "tags.turn": expected an integer >= -1, got a string)");
}

TEST_CASE("an unknown status is named") {
    CHECK(error_of(ok_line + "\n" + ok_line + "\n" +
                   R"({"id":"a","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"OK"})") ==
          "[inferlab.parse_error.220] line 3, byte 152: timelines: field \"status\": unknown status \"OK\" "
          "(expected ok, error, timeout, cancelled or rejected)");  // 2 x 76
}

TEST_CASE("times must be finite, non-negative and fit in 64-bit nanoseconds") {
    const std::string p = "[inferlab.parse_error.220] line 1, byte 0: timelines: ";
    CHECK(error_of(R"({"id":"a","sent_s":-0.5,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "sent_s": must be a finite, non-negative number of seconds, got -0.5)");
    CHECK(error_of(R"({"id":"a","scheduled_s":-1,"sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "scheduled_s": must be a finite, non-negative number of seconds, got -1)");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[],"end_s":1e12,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "end_s": 1000000000000.0 s is too large (nanoseconds must fit in 64 bits))");
    CHECK(error_of(R"({"id":"a","sent_s":0,"chunks":[[-0.001,1]],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + R"(field "chunks[0][0]": must be a finite, non-negative number of seconds, got -0.001)");

    // NaN and infinities cannot be written in JSON text, but a json value built in code can hold them
    auto error_of_json = [](const nlohmann::json& j) -> std::string {
        try {
            (void)inferlab::timeline_from_json(j, 4, 1000);
        } catch (const inferlab::parse_error& e) {
            CHECK(e.line() == 4);
            CHECK(e.byte_offset() == 1000);
            return e.what();
        }
        return "";
    };
    nlohmann::json j = nlohmann::json::parse(ok_line);
    CHECK(error_of_json(j).empty());
    j["sent_s"] = std::nan("");
    CHECK(error_of_json(j) == "[inferlab.parse_error.220] line 4, byte 1000: timelines: field \"sent_s\": "
                              "must be a finite, non-negative number of seconds, got NaN");
    j["sent_s"] = 0;
    j["end_s"] = std::numeric_limits<double>::infinity();
    CHECK(error_of_json(j) == "[inferlab.parse_error.220] line 4, byte 1000: timelines: field \"end_s\": "
                              "must be a finite, non-negative number of seconds, got inf");
    j["end_s"] = 1;
    j["chunks"] = nlohmann::json::array({nlohmann::json::array({-std::numeric_limits<double>::infinity(), 1})});
    CHECK(error_of_json(j) == "[inferlab.parse_error.220] line 4, byte 1000: timelines: field \"chunks[0][0]\": "
                              "must be a finite, non-negative number of seconds, got -inf");
}

TEST_CASE("a chunk must be a [time_s, tokens] pair with a non-negative integer count") {
    auto line = [](const std::string& chunks) {
        return R"({"id":"a","sent_s":0,"chunks":)" + chunks + R"(,"end_s":1,"prompt_tokens":1,"status":"ok"})";
    };
    const std::string p = "[inferlab.parse_error.220] line 1, byte 0: timelines: ";
    CHECK(error_of(line("[[0.1,1],[0.2]]")) == p + R"(field "chunks[1]": expected a [time_s, tokens] pair, got an array of 1)");
    CHECK(error_of(line("[[0.1,1,2]]")) == p + R"(field "chunks[0]": expected a [time_s, tokens] pair, got an array of 3)");
    CHECK(error_of(line("[0.1]")) == p + R"(field "chunks[0]": expected a [time_s, tokens] pair, got 0.1)");
    CHECK(error_of(line(R"([{"at":0.1,"tokens":1}])")) ==
          p + R"(field "chunks[0]": expected a [time_s, tokens] pair, got an object)");
    CHECK(error_of(line(R"([["0.1",1]])")) == p + R"(field "chunks[0][0]": expected a number of seconds, got a string)");
    CHECK(error_of(line("[[0.1,1],[0.2,-1]]")) == p + R"(field "chunks[1][1]": expected a non-negative integer, got -1)");
    CHECK(error_of(line("[[0.1,1.5]]")) == p + R"(field "chunks[0][1]": expected a non-negative integer, got 1.5)");
    CHECK(error_of(line("[[0.1,null]]")) == p + R"(field "chunks[0][1]": expected a non-negative integer, got null)");
    CHECK(error_of(line("[[0.1,2147483648]]")) == p + R"(field "chunks[0][1]": 2147483648 is too large (at most 2147483647))");
    CHECK(error_of(line("[[0.1,2147483647],[0.2,0]]")).empty());
}

TEST_CASE("a physically impossible timeline is refused with validate()'s reason") {
    const std::string p = "[inferlab.parse_error.220] line 2, byte 76: timelines: request \"z\" is impossible: ";
    auto err = [](const std::string& bad) { return error_of(ok_line + "\n" + bad + "\n" + ok_line + "\n"); };
    CHECK(err(R"({"id":"z","sent_s":0.2,"chunks":[[0.1,1]],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + "chunks[0].at: 0.100000000 s is before sent_s (0.200000000 s)");
    CHECK(err(R"({"id":"z","sent_s":0,"chunks":[[0.1,1],[0.13,1],[0.12,1]],"end_s":1,"prompt_tokens":1,"status":"ok"})") ==
          p + "chunks[2].at: 0.120000000 s is before chunks[1].at (0.130000000 s)");
    CHECK(err(R"({"id":"z","sent_s":0,"chunks":[[0.1,1],[0.5,1]],"end_s":0.4,"prompt_tokens":1,"status":"ok"})") ==
          p + "end_s: 0.400000000 s is before the last chunk (0.500000000 s)");
    CHECK(err(R"({"id":"z","sent_s":3,"chunks":[],"end_s":2.999999999,"prompt_tokens":1,"status":"timeout"})") ==
          p + "end_s: 2.999999999 s is before sent_s (3.000000000 s)");
    CHECK(err(R"({"id":"z","sent_s":0,"chunks":[],"end_s":1,"prompt_tokens":10,"cached_tokens":11,"status":"ok"})") ==
          p + "cached_tokens: must be within 0..prompt_tokens");
    // equal times are possible: several chunks in one read, an empty response
    CHECK(err(R"({"id":"z","sent_s":1,"chunks":[[1,1],[1,1]],"end_s":1,"prompt_tokens":0,"status":"ok"})").empty());
}

TEST_CASE("randomly mutated lines are read or refused with inferlab::error, never anything else") {
    const std::vector<std::string> lines = {
        R"({"id":"r1","scheduled_s":0.0,"sent_s":0.001,"chunks":[[0.12,1],[0.14,1],[0.161,2]],"end_s":0.161,"prompt_tokens":512,"output_tokens":4,"status":"ok"})",
        R"({"id":"r2","sent_s":1.5,"chunks":[],"end_s":2.0,"prompt_tokens":10,"cached_tokens":8,"status":"rejected","error":{"kind":"http_429","message":"busy"},"tags":{"workload":"chat","turn":3}})",
        R"({"id":"r3","sent_s":0.5,"chunks":[[0.6,1]],"end_s":0.7,"prompt_tokens":3,"status":"error","error":"HTTP 500","tags":{"tenant":"t","conversation":"c"}})",
    };
    const std::vector<std::string> pieces = {"-1", "1e400", "1e12", "null", "[]", "{}", "\"ok\"", "1.5", "\xFF", "0",
                                             "[[0.1,1]]", "\"error\"", ",", ":", "\"", "\\", "\\u0000", "18446744073709551616",
                                             "\r", "\n", " ", "-0", "2147483648", "\"tags\":", "[0.1,-1]"};
    inferlab::rng rng(7);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng.below(n)); };
    int accepted = 0, refused = 0;
    for (int iteration = 0; iteration < 20000; ++iteration) {
        std::string text = lines[pick(lines.size())];
        const int mutations = 1 + static_cast<int>(rng.below(3));
        for (int m = 0; m < mutations; ++m) {
            const std::size_t at = pick(text.size() + 1);
            switch (rng.below(6)) {
                case 0: if (at < text.size()) text[at] = static_cast<char>(rng.below(256)); break;  // replace a byte
                case 1: if (at < text.size()) text.erase(at, 1 + pick(8)); break;                  // delete a few
                case 2: text.insert(at, pieces[pick(pieces.size())]); break;                       // insert a piece
                case 3: text.resize(at); break;                                                    // truncate
                case 4: {  // replace a number or string with a piece
                    const std::size_t end = text.find_first_of(",]}", at);
                    if (end != std::string::npos) text.replace(at, end - at, pieces[pick(pieces.size())]);
                    break;
                }
                default: text += "\n" + lines[pick(lines.size())]; break;  // another line after it
            }
        }
        try {
            const std::vector<request_timeline> ts = read(text);
            ++accepted;
            // what was accepted is written and read back (exactly, times being below 2^51 ns)
            bool small = true;
            for (const request_timeline& t : ts)
                small = small && t.end < std::chrono::nanoseconds{std::int64_t{1} << 51} &&
                        (!t.scheduled || *t.scheduled < std::chrono::nanoseconds{std::int64_t{1} << 51});
            const std::vector<request_timeline> again = read(write(ts));
            if (small) CHECK(again == ts);
        } catch (const inferlab::error&) {
            ++refused;
        }
    }
    CHECK(accepted > 100);
    CHECK(refused > 1000);
}
