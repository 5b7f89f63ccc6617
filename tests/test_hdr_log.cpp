// HdrHistogram's text formats. Expected texts are what HdrHistogram 2.1.11 (Java) printed for the
// same histogram (lowest 1, highest 3600000000, 3 significant figures; 1, 2, 3, 1000 once, 12345 x 100).
#include <inferlab/hdr_log.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using inferlab::histogram;

namespace {
histogram sample() {
    histogram h{1, 3'600'000'000, 3};
    for (int v : {1, 2, 3, 1000}) h.record(v);
    h.record(12345, 100);
    return h;
}
}  // namespace

TEST_CASE("percentile distribution (.hgrm) is Java's, character for character") {
    std::ostringstream os;
    inferlab::write_percentile_distribution(os, sample());
    CHECK(os.str() ==
          "       Value     Percentile TotalCount 1/(1-Percentile)\n"
          "\n"
          "       1.000 0.000000000000          1           1.00\n"
          "   12351.000 0.100000000000        104           1.11\n"
          "   12351.000 1.000000000000        104\n"
          "#[Mean    =    11882.750, StdDeviation   =     2327.793]\n"
          "#[Max     =    12351.000, Total count    =          104]\n"
          "#[Buckets =           22, SubBuckets     =         2048]\n");
}

TEST_CASE("percentile distribution: CSV form, scaling, empty histogram") {
    histogram h{1, 3'600'000'000, 3};
    for (int v : {1, 2, 3, 1000}) h.record(v * 1000);
    std::ostringstream os;
    inferlab::write_percentile_distribution(os, h, {1, 1000.0, true});
    // ticks 1: levels 0, 50, 75, 87.5 ... each needs a value reaching it, then the final 100
    CHECK(os.str() ==
          "\"Value\",\"Percentile\",\"TotalCount\",\"1/(1-Percentile)\"\n"
          "1.000,0.000000000000,1,1.00\n"
          "2.000,0.500000000000,2,2.00\n"
          "3.001,0.750000000000,3,4.00\n"
          "1000.447,0.875000000000,4,8.00\n"  // 1e6 lies in [999936, 1000447]
          "1000.447,1.000000000000,4,Infinity\n");
    std::ostringstream empty;
    inferlab::write_percentile_distribution(empty, histogram{1, 1000, 2});
    CHECK(empty.str() ==
          "       Value     Percentile TotalCount 1/(1-Percentile)\n\n"
          "#[Mean    =         0.00, StdDeviation   =         0.00]\n"
          "#[Max     =         0.00, Total count    =            0]\n"
          "#[Buckets =            3, SubBuckets     =          256]\n");
}

TEST_CASE("numbers are formatted like java.util.Formatter (shortest digits, half-up)") {
    using inferlab::detail::java_fixed;
    CHECK(java_fixed(0.125, 2) == "0.13");  // C's printf: 0.12
    CHECK(java_fixed(1.005, 2) == "1.01");  // 1.005 is 1.00499999999999989... in binary; Java rounds its digits
    CHECK(java_fixed(2.675, 2) == "2.68");
    CHECK(java_fixed(0.0625, 3) == "0.063");
    CHECK(java_fixed(999.9996, 3) == "1000.000");
    CHECK(java_fixed(0.0, 3) == "0.000");
    CHECK(java_fixed(1e-7, 3) == "0.000");
    CHECK(java_fixed(0.0005, 3) == "0.001");
    CHECK(java_fixed(123456789.0, 1) == "123456789.0");
    CHECK(java_fixed(1e21, 0) == "1000000000000000000000");
    CHECK(java_fixed(-2.5, 0) == "-3");
    CHECK(java_fixed(1.0 / 0.0, 2) == "Infinity");
}

TEST_CASE("interval log is written as Java's HistogramLogWriter writes it, and read back") {
    if (!inferlab::hdr::has_compression) return;  // the log format stores compressed histograms
    std::ostringstream os;
    inferlab::hdr_log_writer w(os);
    w.write_format_version();
    w.write_start_time(1000.0);
    w.write_legend();
    w.write_interval(sample(), 1000.0, 1001.5, "ttft");
    CHECK(os.str() ==
          "#[Histogram log format version 1.3]\n"
          "#[StartTime: 1000.000 (seconds since epoch), Thu Jan 01 00:16:40 UTC 1970]\n"
          "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
          "Tag=ttft,1000.000,1.500,0.012,HISTFAAAACp42pNpmSzMwMDAzQABzFCaEURcm7yEwf4DVISJiek4P9NuixOMAI+7Byw=\n");
    w.write_base_time(1000.0);
    w.write_comment("a note");
    w.write_interval(histogram{1, 1000, 2}, 1.5, 2.5);
    CHECK_THROWS_AS(w.write_interval(sample(), 0, 1, "bad tag"), inferlab::invalid_argument);

    std::istringstream is(os.str());
    const inferlab::hdr_log log = inferlab::read_hdr_log(is);
    REQUIRE(log.intervals.size() == 2);
    CHECK(*log.start_time_s == 1000.0);
    CHECK(*log.base_time_s == 1000.0);
    CHECK(log.comments == std::vector<std::string>{"[Histogram log format version 1.3]", "a note"});
    CHECK(log.intervals[0].tag == "ttft");
    CHECK(log.intervals[0].start_s == 1000.0);
    CHECK(log.intervals[0].length_s == 1.5);
    CHECK(log.intervals[0].max == 0.012);
    CHECK(log.intervals[0].counts == sample());
    CHECK(log.intervals[0].line == 4);
    CHECK(log.intervals[1].tag.empty());
    CHECK(log.intervals[1].counts.total_count() == 0);
    CHECK(log.absolute_start_s(1) == 1001.5);
}

TEST_CASE("a malformed log names the line and the byte") {
    auto error_of = [](const std::string& text) -> std::string {
        std::istringstream is(text);
        try {
            (void)inferlab::read_hdr_log(is);
        } catch (const inferlab::parse_error& e) {
            return e.what();
        }
        return "";
    };
    CHECK(error_of("#c\n1.0,2.0\n") ==
          "[inferlab.parse_error.210] line 2, byte 10: HdrHistogram log: expected 4 fields (start,length,max,histogram), found 2");
    CHECK(error_of("#c\n1.0,x,3,HISTE\n") ==
          "[inferlab.parse_error.210] line 2, byte 7: HdrHistogram log: Interval_Length \"x\" is not a number");
    CHECK(error_of("1,2,3,HISTEw!A\n").find("line 1, byte 6: HdrHistogram log: histogram column (from byte 6): byte 6: base64: invalid character '!'") != std::string::npos);
    CHECK(error_of("Tag=abc\n").find("line 1, byte 0") != std::string::npos);
    CHECK(error_of("#c\n#[StartTime: soon (seconds since epoch)]\n") ==
          "[inferlab.parse_error.210] line 2, byte 16: HdrHistogram log: time \"soon\" is not a number");
    CHECK(error_of("").empty());
}
