// Cross-validation against the real HdrHistogram implementations: the JavaScript port
// (hdr-histogram-js, from npm, pinned in tests/js/package-lock.json) and the Java original
// (Debian's libhdrhistogram-java). The reference runs as a child process speaking the line protocol
// described in tests/js/README.md; INFERLAB_REFERENCE_CMD names it and INFERLAB_REFERENCE_KIND is
// "js" or "java". For many distributions and every layout parameter, every number must be equal.
#include <inferlab/hdr_codec.hpp>
#include <inferlab/hdr_log.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/random.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using inferlab::histogram;
using nlohmann::json;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

struct test_case {
    std::string name;
    std::int64_t lowest, highest;
    int sigfigs;
    std::vector<std::pair<std::int64_t, std::int64_t>> records;  // (value, count)
    histogram h;
};

const std::vector<double> percentiles{0,    0.1,  1,    10,    12.5,   25,     33.333333, 50,  66.6667,
                                      75,   90,   95,   99,    99.5,   99.9,   99.95,     99.99, 99.999,
                                      99.9999, 100};

std::vector<test_case> make_cases() {
    std::vector<test_case> cases;
    inferlab::rng r(20261124);
    const char* dists[] = {"narrow", "lognormal", "heavy", "edges", "small"};
    for (int s = 1; s <= 5; ++s) {
        for (std::int64_t lowest : {std::int64_t{1}, std::int64_t{1000}, std::int64_t{1} << 20}) {
            const std::int64_t highest = std::int64_t{1} << 45;
            for (const char* dist : dists) {
                test_case c{std::string(dist) + "_s" + std::to_string(s) + "_l" + std::to_string(lowest), lowest, highest, s, {},
                            histogram{lowest, highest, s}};
                const double top = static_cast<double>(highest);
                auto clip = [&](double x) { return static_cast<std::int64_t>(std::min(std::max(x, 0.0), top)); };
                const std::string d = dist;
                for (int i = 0; i < 2500; ++i) {
                    std::int64_t v = 0;
                    if (d == "narrow") v = clip(static_cast<double>(lowest) * (1000.0 + 5.0 * r.normal()));
                    else if (d == "lognormal") v = clip(r.lognormal(50e6, 1.0));
                    else if (d == "heavy") v = clip(1000.0 * static_cast<double>(lowest) / std::pow(1.0 - r.uniform(), 1.0 / 1.2));
                    else if (d == "edges") {
                        const auto idx = static_cast<std::int32_t>(r.below(static_cast<std::uint64_t>(c.h.counts_length())));
                        const std::int64_t lo = c.h.layout().value_from_index(idx);
                        const std::int64_t candidates[] = {lo, c.h.highest_equivalent_value(lo), lo - 1, c.h.highest_equivalent_value(lo) + 1};
                        v = std::min<std::int64_t>(std::max<std::int64_t>(candidates[r.below(4)], 0), highest);
                    } else {
                        const std::int64_t small[] = {0, 1, 2, 3, lowest - 1, lowest, lowest + 1, 2 * lowest, 1023, 1024, 2047, 2048};
                        v = small[r.below(12)];
                    }
                    const auto n = static_cast<std::int64_t>(1 + r.below(3));
                    c.records.emplace_back(v, n);
                    REQUIRE(c.h.record(v, n));
                }
                cases.push_back(std::move(c));
            }
        }
    }
    return cases;
}

std::vector<json> run_reference(const std::string& input) {
    const std::string cmd = env("INFERLAB_REFERENCE_CMD");
    REQUIRE_MESSAGE(!cmd.empty(), "INFERLAB_REFERENCE_CMD is not set (ctest sets it)");
    const std::string path = "crossval_input_" + env("INFERLAB_REFERENCE_KIND") + ".txt";
    {
        std::ofstream f(path);
        f << input;
    }
    FILE* p = popen((cmd + " < " + path).c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    REQUIRE_MESSAGE(pclose(p) == 0, "the reference process failed: " << cmd);
    std::vector<json> results;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) results.push_back(json::parse(line));
    return results;
}

double as_double(const json& j) { return j.is_string() ? std::stod(j.get<std::string>()) : j.get<double>(); }

json recorded_of(const histogram& h) {
    json out = json::array();
    for (const auto& v : h.recorded_values()) out.push_back({v.value_iterated_to, v.count_at_value_iterated_to});
    return out;
}

}  // namespace

TEST_CASE("cross-validation against the reference HdrHistogram implementation") {
    const std::string kind = env("INFERLAB_REFERENCE_KIND");
    REQUIRE((kind == "js" || kind == "java"));
    const bool java = kind == "java";
    const std::vector<test_case> cases = make_cases();

    // Pass 1: the reference records the same values; compare everything it computes.
    std::ostringstream in;
    for (const auto& c : cases) {
        in << "histogram " << c.name << ' ' << c.lowest << ' ' << c.highest << ' ' << c.sigfigs << '\n';
        for (const auto& [v, n] : c.records) in << "record " << v << ' ' << n << '\n';
        in << "percentiles";
        for (double p : percentiles) in << ' ' << p;
        in << '\n';
        if (java) in << "hgrm 5 1000\nlog 1000 1001.5 ttft\n";
        in << "end\n";
    }
    const std::vector<json> results = run_reference(in.str());
    REQUIRE(results.size() == cases.size());

    int compared = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const test_case& c = cases[i];
        const histogram& h = c.h;
        const json& r = results[i];
        CAPTURE(c.name);
        REQUIRE_MESSAGE(!r.contains("error"), r.dump());
        CHECK(r.at("total_count") == h.total_count());
        std::vector<std::int64_t> ours = h.values_at_percentiles(percentiles);
        for (std::size_t k = 0; k < percentiles.size(); ++k) {
            CAPTURE(percentiles[k]);
            CHECK(r.at("percentiles")[k][1].get<std::int64_t>() == ours[k]);
        }
        CHECK(as_double(r.at("mean")) == h.mean());
        CHECK(as_double(r.at("stddev")) == h.stddev());
        CHECK(r.at("recorded") == recorded_of(h));
        if (java) {
            CHECK(r.at("min") == h.min());
            CHECK(r.at("max") == h.max());
        } else {
            // hdr-histogram-js tracks the raw extremes, not bucket bounds; they land in our buckets. Its
            // max is stored as value + unit mask and compared with raw values, so it goes stale once
            // the unit is above 1 (a bug of the port, docs/histogram.md): compared only where unit == 1.
            CHECK(h.lowest_equivalent_value(r.at("min").get<std::int64_t>()) == h.min());
            if (h.layout().unit_magnitude == 0) CHECK(h.highest_equivalent_value(r.at("max").get<std::int64_t>()) == h.max());
        }
        // their blobs decode to our histogram
        CHECK(inferlab::hdr::decode_base64(r.at("encoded").get<std::string>()) == h);
        if (java) {
            CHECK(r.at("encoded_plain") == inferlab::hdr::encode_base64(h));  // byte-identical
            std::ostringstream hgrm;
            inferlab::write_percentile_distribution(hgrm, h, {5, 1000.0, false});
            CHECK(r.at("hgrm").get<std::string>() == hgrm.str());
            std::ostringstream log;
            inferlab::hdr_log_writer w(log);
            w.write_format_version();
            w.write_start_time(1000.0);
            w.write_legend();
            w.write_interval(h, 1000.0, 1001.5, "ttft");
            CHECK(r.at("log").get<std::string>() == log.str());
        }
        ++compared;
    }
    CHECK(compared == 75);

    // Pass 2: our blobs, compressed and not, decode in the reference to the same counts.
    std::ostringstream in2;
    for (const auto& c : cases) {
        in2 << "decode " << c.name << "_z " << inferlab::hdr::encode_compressed_base64(c.h) << '\n';
        in2 << "decode " << c.name << "_p " << inferlab::hdr::encode_base64(c.h) << '\n';
    }
    const std::vector<json> decoded = run_reference(in2.str());
    REQUIRE(decoded.size() == 2 * cases.size());
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        const test_case& c = cases[i / 2];
        const json& r = decoded[i];
        CAPTURE(r.value("name", std::string()));
        REQUIRE_MESSAGE(!r.contains("error"), r.dump());
        CHECK(r.at("total_count") == c.h.total_count());
        CHECK(r.at("recorded") == recorded_of(c.h));
        CHECK(r.at("lowest") == c.lowest);
        CHECK(r.at("highest") == c.highest);
        CHECK(r.at("sigfigs") == c.sigfigs);
    }
}
