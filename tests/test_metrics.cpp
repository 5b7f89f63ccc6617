// Serving metrics, specified by hand-computed expectations on a five-request run (times in ms):
//   a: scheduled 0, sent 0, chunks 100, 150, 200 (1 token each), end 200, prompt 10
//   b: sent 50, one chunk at 250, end 250, prompt 20 (a one-token answer)
//   c: sent 100, failed (connect) at 300, prompt 30
//   d: scheduled 120, sent 150, chunks 300 (2 tokens) and 400 (2 tokens), end 400, prompt 40,
//      server-reported output_tokens 5
//   e: sent 200, completed at 1200 without streaming a chunk, prompt 50
#include <inferlab/metrics.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace std::chrono_literals;
using inferlab::request_status;
using inferlab::request_timeline;

namespace {

request_timeline make(const char* id, std::chrono::milliseconds sent, std::vector<std::pair<int, int>> chunks,
                      std::chrono::milliseconds end, std::int64_t prompt, request_status st = request_status::ok) {
    request_timeline t;
    t.id = id;
    t.sent = sent;
    for (auto [ms, tokens] : chunks) t.chunks.push_back({std::chrono::milliseconds(ms), tokens});
    t.end = end;
    t.prompt_tokens = prompt;
    t.status = st;
    return t;
}

std::vector<request_timeline> run() {
    std::vector<request_timeline> v;
    v.push_back(make("a", 0ms, {{100, 1}, {150, 1}, {200, 1}}, 200ms, 10));
    v.back().scheduled = 0ms;
    v.push_back(make("b", 50ms, {{250, 1}}, 250ms, 20));
    v.push_back(make("c", 100ms, {}, 300ms, 30, request_status::error));
    v.back().error_kind = "connect";
    v.push_back(make("d", 150ms, {{300, 2}, {400, 2}}, 400ms, 40));
    v.back().scheduled = 120ms;
    v.back().output_tokens = 5;
    v.push_back(make("e", 200ms, {}, 1200ms, 50));
    return v;
}

double s(inferlab::seconds_f x) { return x.count(); }

}  // namespace

TEST_CASE("counts, rates and throughput") {
    const auto m = inferlab::summarize(run());
    CHECK(m.requests == 5);
    CHECK(m.completed == 4);
    CHECK(m.errors == 1);
    CHECK(m.error_rate == doctest::Approx(0.2));
    CHECK(m.completed_without_tokens == 1);
    CHECK(s(m.duration) == doctest::Approx(1.2));  // last end (1200) - first intended start (0)
    CHECK(m.input_tokens == 120);                  // completed requests only: 10 + 20 + 40 + 50
    CHECK(m.output_tokens == 9);                   // 3 + 1 + 5 (server's count) + 0
    CHECK(m.request_throughput == doctest::Approx(4 / 1.2));
    CHECK(m.output_throughput == doctest::Approx(7.5));
    CHECK(m.total_token_throughput == doctest::Approx(129 / 1.2));
    CHECK(m.peak_output_tokens_per_s == 8.0);  // second 0: 3 + 1 + 4 tokens
    CHECK(m.peak_output_chunks_per_s == 7.0);  // vLLM counts chunks, 3 + 1 + 2, and one at e's send
    CHECK(m.max_concurrent_requests == 3);     // a, b, d at 150 ms; b, d, e at 200 ms (a leaves first)
    CHECK(m.mean_concurrency == doctest::Approx(1.85 / 1.2));  // every request's time in flight
}

TEST_CASE("latency distributions under their explicit names") {
    const auto m = inferlab::summarize(run());
    SUBCASE("ttft over requests that streamed, and vLLM's zero-filled variant") {
        CHECK(m.ttft.count == 3);  // a 100, b 200, d 150
        CHECK(s(m.ttft.mean) == doctest::Approx(0.15));
        CHECK(s(m.ttft.median) == doctest::Approx(0.15));
        CHECK(s(m.ttft.stddev) == doctest::Approx(std::sqrt(0.005 / 3)));
        CHECK(s(*m.ttft.at(99)) == doctest::Approx(0.199));  // numpy linear: 0.15 + 0.98 * 0.05
        CHECK(s(m.ttft.min) == doctest::Approx(0.1));
        CHECK(s(m.ttft.max) == doctest::Approx(0.2));
        CHECK(m.ttft_zero_filled.count == 4);
        CHECK(s(m.ttft_zero_filled.mean) == doctest::Approx(0.1125));
    }
    SUBCASE("tpot only with more than one output token") {
        CHECK(m.tpot.count == 2);                            // a: 100/2, d: 250-150 over 5-1
        CHECK(s(m.tpot.mean) == doctest::Approx(0.0375));    // (0.050 + 0.025) / 2
    }
    SUBCASE("itl per chunk (pooled) and per token (spread)") {
        CHECK(m.itl.count == 3);  // 50, 50, 100
        CHECK(s(m.itl.mean) == doctest::Approx(0.2 / 3));
        CHECK(s(m.itl.median) == doctest::Approx(0.05));
        CHECK(m.itl_per_token.count == 4);  // 50, 50, and d's 100 spread over its 2 tokens
        CHECK(s(m.itl_per_token.max) == doctest::Approx(0.05));
    }
    SUBCASE("e2e, queueing, intended start, normalized latency") {
        CHECK(m.e2e.count == 4);
        CHECK(s(m.e2e.mean) == doctest::Approx(0.4125));
        CHECK(s(m.e2e.median) == doctest::Approx(0.225));  // mean of 0.2 and 0.25
        CHECK(m.queue_time.count == 2);                     // a: 0, d: 30 ms
        CHECK(s(m.queue_time.max) == doctest::Approx(0.03));
        CHECK(m.ttft_from_intended.count == 3);
        CHECK(s(m.ttft_from_intended.max) == doctest::Approx(0.2));  // b: no schedule, so from sent
        CHECK(s(m.e2e_from_intended.max) == doctest::Approx(1.0));
        CHECK(m.normalized_latency.count == 3);  // e has no output tokens
        CHECK(s(m.normalized_latency.max) == doctest::Approx(0.2));
    }
}

TEST_CASE("goodput: every SLO met, thresholds inclusive, failures count against") {
    inferlab::summary_options o;
    o.goodput.ttft = 150ms;
    o.goodput.tpot = 40ms;
    const auto m = inferlab::summarize(run(), o);
    // a: tpot 50 > 40; b: ttft 200 > 150; d: ttft 150 (inclusive), tpot 25: good;
    // e: no chunk, so ttft and tpot count as 0 (vLLM): good; c failed: not good
    CHECK(m.good_requests == 2);
    CHECK(m.request_goodput == doctest::Approx(2 / 1.2));
    CHECK(m.goodput_fraction == doctest::Approx(0.4));
    CHECK(*m.ttft_attainment == doctest::Approx(0.6));  // a, d, e
    CHECK(*m.tpot_attainment == doctest::Approx(0.6));  // b (one token), d, e
    CHECK_FALSE(m.e2e_attainment);
}

TEST_CASE("warmup and cooldown windows") {
    inferlab::summary_options o;
    o.warmup_requests = 1;
    o.cooldown_requests = 1;
    auto m = inferlab::summarize(run(), o);
    CHECK(m.excluded_warmup == 1);
    CHECK(m.excluded_cooldown == 1);
    CHECK(m.requests == 3);  // b, c, d
    CHECK(m.completed == 2);
    o = {};
    o.warmup = 100ms;    // drops a (0) and b (50)
    o.cooldown = 40ms;   // drops e (200): sent after 200 - 40
    m = inferlab::summarize(run(), o);
    CHECK(m.requests == 2);
    CHECK(s(m.duration) == doctest::Approx(0.3));  // c and d: 100 .. 400
}

TEST_CASE("time series") {
    inferlab::summary_options o;
    o.time_series_interval = 500ms;
    const auto m = inferlab::summarize(run(), o);
    REQUIRE(m.time_series.size() == 3);  // [0, 500), [500, 1000), [1000, 1500)
    CHECK(m.time_series[0].output_tokens_per_s == doctest::Approx(16.0));  // 8 tokens in 0.5 s
    CHECK(m.time_series[0].completed == 3);
    CHECK(m.time_series[0].mean_running == doctest::Approx(2.3));  // 1150 ms in flight / 500 ms
    CHECK(m.time_series[1].mean_running == doctest::Approx(1.0));
    CHECK(m.time_series[2].mean_running == doctest::Approx(0.4));
    CHECK(m.time_series[2].completed == 1);
    CHECK(m.time_series[0].itl_count == 3);
    CHECK(s(m.time_series[0].itl_p50) == doctest::Approx(0.05));
    CHECK(s(m.time_series[0].itl_p99) == doctest::Approx(0.099));
}

TEST_CASE("hdr mode agrees with exact mode within its precision") {
    inferlab::summary_options o;
    o.mode = inferlab::statistics_mode::hdr;
    const auto h = inferlab::summarize(run(), o);
    const auto e = inferlab::summarize(run());
    CHECK(h.ttft.count == e.ttft.count);
    CHECK(s(h.ttft.mean) == doctest::Approx(s(e.ttft.mean)).epsilon(0.001));
    CHECK(s(h.e2e.max) == doctest::Approx(s(e.e2e.max)).epsilon(0.001));
    CHECK(s(*h.ttft.at(50)) == doctest::Approx(0.15).epsilon(0.001));  // the rank-2 sample, not interpolated
    CHECK(h.completed == e.completed);
    CHECK(h.output_tokens == e.output_tokens);
}

TEST_CASE("edge cases: empty input, one-token outputs, zero gaps") {
    const auto empty = inferlab::summarize({});
    CHECK(empty.requests == 0);
    CHECK(empty.ttft.count == 0);
    CHECK(s(*empty.ttft.at(99)) == 0.0);
    std::vector<request_timeline> v{make("z", 0ms, {{10, 1}, {10, 1}}, 10ms, 1)};
    const auto m = inferlab::summarize(v);
    CHECK(m.itl.count == 1);
    CHECK(s(m.itl.max) == 0.0);           // zero-length gap is a real sample
    CHECK(s(m.tpot.mean) == doctest::Approx(0.0));
    std::vector<request_timeline> failed{make("f", 0ms, {}, 5ms, 1, request_status::rejected)};
    const auto f = inferlab::summarize(failed);
    CHECK(f.completed == 0);
    CHECK(f.reject_rate == 1.0);
    CHECK(f.request_throughput == 0.0);
    CHECK(f.e2e.count == 0);  // a failed request is not a fast request
}

TEST_CASE("validate names the field of an impossible timeline") {
    auto t = make("x", 100ms, {{150, 1}, {140, 1}}, 200ms, 1);
    CHECK(inferlab::validate(t) == "chunks[1].at: 0.140000000 s is before chunks[0].at (0.150000000 s)");
    t = make("x", 100ms, {{90, 1}}, 200ms, 1);
    CHECK(inferlab::validate(t) == "chunks[0].at: 0.090000000 s is before sent_s (0.100000000 s)");
    t = make("x", 100ms, {{150, 1}}, 120ms, 1);
    CHECK(inferlab::validate(t) == "end_s: 0.120000000 s is before the last chunk (0.150000000 s)");
    CHECK(inferlab::validate(make("ok", 0ms, {{1, 1}}, 1ms, 1)).empty());
}

#include <inferlab/metrics_format.hpp>
#include <inferlab/summary_json.hpp>

TEST_CASE("the vLLM view has exactly vLLM's keys and conventions") {
    inferlab::summary_options o;
    o.percentiles = {99, 99.9};
    const auto v = inferlab::vllm_view(inferlab::summarize(run(), o));
    std::vector<std::string> keys;
    for (const auto& kv : v.items()) keys.push_back(kv.key());
    std::vector<std::string> expected{"duration", "completed", "failed", "total_input_tokens", "total_output_tokens",
                                      "request_throughput", "request_goodput", "output_throughput",
                                      "total_token_throughput", "max_output_tokens_per_s", "max_concurrent_requests"};
    for (const char* m : {"ttft", "tpot", "itl", "e2el"})
        for (const char* k : {"mean_", "median_", "std_", "p99_", "p99.9_"}) expected.push_back(std::string(k) + m + "_ms");
    std::sort(keys.begin(), keys.end());
    std::sort(expected.begin(), expected.end());
    CHECK(keys == expected);
    CHECK(v.at("failed") == 1);
    CHECK(v.at("request_goodput").is_null());
    CHECK(v.at("max_output_tokens_per_s") == 7.0);               // one per chunk and one for e, as vLLM
    CHECK(v.at("mean_ttft_ms").get<double>() == doctest::Approx(112.5));  // e's missing first token counts as 0
    CHECK(v.at("median_e2el_ms").get<double>() == doctest::Approx(225.0));
    CHECK(v.at("p99_ttft_ms").get<double>() == doctest::Approx(198.5));   // of 0, 100, 150, 200: index 2.97, 150 + 0.97 * 50
}

TEST_CASE("summary JSON and the console table") {
    inferlab::summary_options o;
    o.goodput.ttft = 150ms;
    const auto m = inferlab::summarize(run(), o);
    const nlohmann::json j = m;
    CHECK(j.at("schema") == "inferlab.summary/v1");
    CHECK(j.at("requests").at("errors") == 1);
    CHECK(j.at("latency").at("ttft").at("p99_s").get<double>() == doctest::Approx(0.199));
    CHECK(j.at("goodput").at("slo").at("ttft_s") == 0.15);
    CHECK_FALSE(j.contains("time_series"));
    const std::string table = inferlab::format_table(m);
    CHECK(table.rfind("============ Serving Benchmark Result ============\n", 0) == 0);
    CHECK(table.find("Successful requests:                     4         \n") != std::string::npos);
    CHECK(table.find("P99 TTFT (ms):                           199.00    \n") != std::string::npos);
    CHECK(table.find("-------------- Time to First Token ---------------\n") != std::string::npos);
}

TEST_CASE("accumulators merge exactly: per-machine partial results make the whole run") {
    for (auto mode : {inferlab::statistics_mode::exact, inferlab::statistics_mode::hdr}) {
        CAPTURE(static_cast<int>(mode));
        inferlab::slo goodput;
        goodput.ttft = 150ms;
        inferlab::metrics_accumulator whole(mode, goodput), machine_a(mode, goodput), machine_b(mode, goodput);
        const auto timelines = run();
        for (std::size_t i = 0; i < timelines.size(); ++i) {
            whole.add(timelines[i]);
            (i % 2 == 0 ? machine_a : machine_b).add(timelines[i]);
        }
        machine_a.merge(machine_b);
        const nlohmann::json merged = machine_a.summary({50, 99}), single = whole.summary({50, 99});
        CHECK(merged.at("requests") == single.at("requests"));
        CHECK(merged.at("tokens") == single.at("tokens"));
        CHECK(merged.at("concurrency") == single.at("concurrency"));
        CHECK(merged.at("goodput") == single.at("goodput"));
        CHECK(merged.at("latency").at("e2e").at("count") == 4);
        if (mode == inferlab::statistics_mode::hdr) CHECK(merged.at("latency") == single.at("latency"));
        // exact mode: the same samples in another order, so sums may differ in the last bit
        CHECK(merged.at("latency").at("ttft").at("p99_s").get<double>() == single.at("latency").at("ttft").at("p99_s").get<double>());
        // its buckets are aligned to the run's start: second 0 holds 8 tokens, as summarize() found
        CHECK(machine_a.summary().peak_output_tokens_per_s == 8.0);
    }
    inferlab::metrics_accumulator hdr_acc(inferlab::statistics_mode::hdr), exact_acc(inferlab::statistics_mode::exact);
    CHECK_THROWS_AS(hdr_acc.merge(exact_acc), inferlab::invalid_argument);
}
