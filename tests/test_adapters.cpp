// JSON (nlohmann) and text (fmt) adapters.
#include <inferlab/histogram_format.hpp>
#include <inferlab/histogram_json.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

using inferlab::histogram;

TEST_CASE("a histogram converts to JSON and back without losing a count") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 1000; ++v) h.record(v);
    h.record(-5);
    const nlohmann::json j = h;
    CHECK(j.at("total_count") == 1000);
    CHECK(j.at("out_of_range_count") == 1);
    CHECK(j.at("p50") == 500);
    CHECK(j.at("p99.9") == 999);
    CHECK(j.at("mean") == 500.5);
    CHECK(j.at("significant_figures") == 3);
    CHECK(j.at("hdr_v2").get<std::string>().rfind("HISTE", 0) == 0);
    const auto back = j.get<histogram>();
    CHECK(back == h);
    CHECK_THROWS_AS(nlohmann::json::parse(R"({"hdr_v2": "HISTE?"})").get<histogram>(), inferlab::parse_error);
    CHECK_THROWS_AS(nlohmann::json::parse(R"({"total_count": 1})").get<histogram>(), nlohmann::json::out_of_range);
}

TEST_CASE("fmt prints a one-line summary") {
    histogram h{1, 3'600'000'000, 3};
    for (int v = 1; v <= 100; ++v) h.record(v);
    CHECK(fmt::format("{}", h) == "n=100 min=1 p50=50 p90=90 p95=95 p99=99 p99.9=100 max=100 mean=50.50 stddev=28.87");
    const auto s = inferlab::summarize(h, {50});
    CHECK(fmt::format("{}", s) == "n=100 min=1 p50=50 max=100 mean=50.50 stddev=28.87");
    h.record(-1);
    CHECK(fmt::format("{}", inferlab::summarize(h, {})) == "n=100 min=1 max=100 mean=50.50 stddev=28.87 out_of_range=1");
}
