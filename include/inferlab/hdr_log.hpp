// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// HdrHistogram's text formats, written exactly as the Java implementation writes them:
//  - the percentile distribution (".hgrm") that HdrHistogram's plotters read, and its CSV form;
//  - the interval log (format version 1.3): header comments, optional "Tag=", start, length, max,
//    and a compressed base64 histogram per line. A reader parses such logs with line-numbered errors.
// Numbers are formatted like java.util.Formatter: the shortest decimal that round-trips, rounded
// half-up (so 0.125 prints as "0.13" with 2 decimals, as in Java, where C's printf gives "0.12").
#pragma once

#include <inferlab/error.hpp>
#include <inferlab/detail/lines.hpp>
#include <inferlab/hdr_codec.hpp>
#include <inferlab/histogram.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace detail {

/// `%.<decimals>f` as java.util.Formatter prints it (shortest round-trip digits, then HALF_UP).
inline std::string java_fixed(double v, int decimals) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    const std::size_t e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos))
        if (c != '.') digits += c;
    int exponent = 0;
    std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
    int point = exponent + 1;  // number of digits before the decimal point
    if (digits == "0") point = 1;
    const int keep = point + decimals;  // digits to keep
    if (keep < 0) {
        digits = "0";
        point = 1;
    } else if (keep < static_cast<int>(digits.size())) {
        const bool up = digits[static_cast<std::size_t>(keep)] >= '5';
        digits.resize(static_cast<std::size_t>(keep));
        if (up) {
            int i = keep - 1;
            while (i >= 0 && digits[static_cast<std::size_t>(i)] == '9') digits[static_cast<std::size_t>(i--)] = '0';
            if (i >= 0) ++digits[static_cast<std::size_t>(i)];
            else {
                digits.insert(digits.begin(), '1');
                ++point;
            }
        }
    }
    // lay the digits out around the point
    std::string int_part, frac_part;
    for (int i = 0; i < point; ++i) int_part += i < static_cast<int>(digits.size()) && i >= 0 ? digits[static_cast<std::size_t>(i)] : '0';
    if (point <= 0) int_part = "0";
    for (int i = 0; i < decimals; ++i) {
        const int d = point + i;
        frac_part += d >= 0 && d < static_cast<int>(digits.size()) ? digits[static_cast<std::size_t>(d)] : '0';
    }
    std::string out = std::signbit(v) ? "-" : "";
    out += int_part;
    if (decimals > 0) out += "." + frac_part;
    return out;
}

inline std::string pad_left(std::string s, std::size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

}  // namespace detail

/// Options of a percentile distribution, as HdrHistogram's outputPercentileDistribution takes them.
struct percentile_distribution_options {
    std::int64_t ticks_per_half_distance = 5;      ///< percentile steps per half-distance to 100%
    double output_value_unit_scaling_ratio = 1.0;  ///< values are divided by this (e.g. 1000 for ns -> us)
    bool csv = false;                              ///< HdrHistogram's CSV form instead of the .hgrm table
};

/// Writes the percentile distribution (.hgrm, or CSV) exactly as HdrHistogram's Java implementation.
inline void write_percentile_distribution(std::ostream& os, const histogram& h,
                                          const percentile_distribution_options& opt = {}) {
    using detail::java_fixed;
    using detail::pad_left;
    const int sig = h.significant_figures();
    const double ratio = opt.output_value_unit_scaling_ratio;
    if (opt.csv) os << "\"Value\",\"Percentile\",\"TotalCount\",\"1/(1-Percentile)\"\n";
    else os << "       Value     Percentile TotalCount 1/(1-Percentile)\n\n";
    for (const iteration_value& v : h.percentiles(opt.ticks_per_half_distance)) {
        const double value = static_cast<double>(v.value_iterated_to) / ratio;
        const double level = v.percentile_level_iterated_to / 100.0;
        const std::string count = std::to_string(v.total_count_to_this_value);
        const bool last = v.percentile_level_iterated_to == 100.0;
        if (opt.csv) {
            os << java_fixed(value, sig) << ',' << java_fixed(level, 12) << ',' << count << ','
               << (last ? std::string("Infinity") : java_fixed(1.0 / (1.0 - level), 2)) << '\n';
        } else {
            os << pad_left(java_fixed(value, sig), 12) << ' ' << pad_left(java_fixed(level, 12), 2) << ' '
               << pad_left(count, 10);
            if (!last) os << ' ' << pad_left(java_fixed(1.0 / (1.0 - level), 2), 14);
            os << '\n';
        }
    }
    if (opt.csv) return;
    os << "#[Mean    = " << pad_left(java_fixed(h.mean() / ratio, sig), 12)
       << ", StdDeviation   = " << pad_left(java_fixed(h.stddev() / ratio, sig), 12) << "]\n";
    os << "#[Max     = " << pad_left(java_fixed(static_cast<double>(h.max()) / ratio, sig), 12)
       << ", Total count    = " << pad_left(std::to_string(h.total_count()), 12) << "]\n";
    os << "#[Buckets = " << pad_left(std::to_string(h.bucket_count()), 12)
       << ", SubBuckets     = " << pad_left(std::to_string(h.sub_bucket_count()), 12) << "]\n";
}

/// Writes an HdrHistogram interval log (format version 1.3), line for line as Java's HistogramLogWriter.
/// Histograms are stored DEFLATE-compressed, so this needs zlib (else inferlab::unsupported).
class hdr_log_writer {
public:
    explicit hdr_log_writer(std::ostream& os) : os_(os) {}

    void write_format_version() { os_ << "#[Histogram log format version 1.3]\n"; }
    /// "#[StartTime: <s> (seconds since epoch), <date in UTC>]"
    void write_start_time(double seconds_since_epoch) {
        os_ << "#[StartTime: " << detail::java_fixed(seconds_since_epoch, 3) << " (seconds since epoch), "
            << utc_date(seconds_since_epoch) << "]\n";
    }
    void write_base_time(double seconds_since_epoch) {
        os_ << "#[BaseTime: " << detail::java_fixed(seconds_since_epoch, 3) << " (seconds since epoch)]\n";
    }
    void write_comment(std::string_view comment) { os_ << '#' << comment << '\n'; }
    void write_legend() {
        os_ << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
    }
    /// One interval: start and end in seconds (relative to the base time), max divided by
    /// `max_value_unit_ratio` (1e6: nanoseconds shown as milliseconds, HdrHistogram's default).
    void write_interval(const histogram& h, double start_s, double end_s, std::string_view tag = {},
                        double max_value_unit_ratio = 1e6) {
        if (tag.find_first_of(", \r\n") != std::string_view::npos)
            throw invalid_argument(errc::histogram_argument,
                                   "hdr_log_writer: tag \"" + std::string(tag) + "\" contains ',', ' ' or a line break");
        if (!tag.empty()) os_ << "Tag=" << tag << ',';
        os_ << detail::java_fixed(start_s, 3) << ',' << detail::java_fixed(end_s - start_s, 3) << ','
            << detail::java_fixed(static_cast<double>(h.max()) / max_value_unit_ratio, 3) << ','
            << hdr::encode_compressed_base64(h, 9) << '\n';
    }

private:
    static std::string utc_date(double seconds) {  // java.util.Date#toString in UTC
        const auto t = static_cast<std::time_t>(std::floor(seconds));
        std::tm tm{};
#if defined(_WIN32)
        gmtime_s(&tm, &t);
#else
        gmtime_r(&t, &tm);
#endif
        char buf[64];
        std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
        return buf;
    }
    std::ostream& os_;
};

/// One interval of an HdrHistogram log.
struct hdr_log_interval {
    std::string tag;          ///< empty when the line has no "Tag="
    double start_s = 0.0;     ///< the StartTimestamp column, as written
    double length_s = 0.0;    ///< the Interval_Length column
    double max = 0.0;         ///< the Interval_Max column (max value / the writer's unit ratio)
    histogram counts{1, 2, 1};
    std::size_t line = 0;     ///< line number in the log
};

/// A parsed HdrHistogram log.
struct hdr_log {
    std::optional<double> start_time_s;  ///< from "#[StartTime: ...]"
    std::optional<double> base_time_s;   ///< from "#[BaseTime: ...]"
    std::vector<std::string> comments;   ///< other "#" lines, without the '#'
    std::vector<hdr_log_interval> intervals;

    /// Seconds since the epoch at which interval i starts, with HdrHistogram's rule for logs whose
    /// timestamps are relative: the base time when given; else the start time when the stamp lies
    /// more than a year before it; else 0.
    [[nodiscard]] double absolute_start_s(std::size_t i) const {
        const double stamp = intervals.at(i).start_s;
        if (base_time_s) return *base_time_s + stamp;
        const double start = start_time_s ? *start_time_s : (intervals.empty() ? 0.0 : intervals.front().start_s);
        return stamp < start - 365.0 * 24 * 3600 ? start + stamp : stamp;
    }
};

namespace detail {

inline double parse_log_double(std::string_view field, std::size_t line, std::size_t offset, const char* what) {
    double v = 0;
    const std::string s(field);
    std::size_t used = 0;
    bool ok = !s.empty();
    if (ok) {
        try {
            v = std::stod(s, &used);
        } catch (const std::exception&) {
            ok = false;
        }
    }
    if (!ok || used != s.size() || !std::isfinite(v))
        throw parse_error(errc::hdr_log, std::string("HdrHistogram log: ") + what + " \"" + s + "\" is not a number",
                          offset, line);
    return v;
}

}  // namespace detail

/// Reads an HdrHistogram log (as written by Java's HistogramLogWriter or hdr_log_writer). Errors
/// name the line and byte offset; a bad histogram payload reports where in the line it starts.
inline hdr_log read_hdr_log(std::istream& is, const hdr::decode_limits& limits = {}) {
    hdr_log log;
    ::inferlab::detail::for_each_line(is, [&](std::string_view line, std::size_t line_no, std::size_t line_offset) {
        auto header_value = [&](std::string_view rest) {
            const std::size_t end = rest.find_first_of(" ]");
            const auto at = line_offset + static_cast<std::size_t>(rest.data() - line.data());
            return detail::parse_log_double(rest.substr(0, end), line_no, at, "time");
        };
        if (line.empty()) return;
        constexpr std::string_view start_key = "#[StartTime: ", base_key = "#[BaseTime: ";
        if (line.substr(0, start_key.size()) == start_key) {
            log.start_time_s = header_value(line.substr(start_key.size()));
            return;
        }
        if (line.substr(0, base_key.size()) == base_key) {
            log.base_time_s = header_value(line.substr(base_key.size()));
            return;
        }
        if (line.front() == '#') {
            log.comments.emplace_back(line.substr(1));
            return;
        }
        if (line.substr(0, 16) == "\"StartTimestamp\"") return;

        hdr_log_interval iv;
        iv.line = line_no;
        std::size_t col = 0;
        if (line.substr(0, 4) == "Tag=") {
            const std::size_t comma = line.find(',');
            if (comma == std::string_view::npos)
                throw parse_error(errc::hdr_log, "HdrHistogram log: \"Tag=\" without the fields that follow it",
                                  line_offset, line_no);
            iv.tag = std::string(line.substr(4, comma - 4));
            col = comma + 1;
        }
        std::string_view fields[4];
        std::size_t starts[4] = {};
        for (int f = 0; f < 4; ++f) {
            starts[f] = col;
            const std::size_t comma = f < 3 ? line.find(',', col) : line.size();
            if (comma == std::string_view::npos)
                throw parse_error(errc::hdr_log,
                                  "HdrHistogram log: expected 4 fields (start,length,max,histogram), found " +
                                      std::to_string(f + 1),
                                  line_offset + line.size(), line_no);
            fields[f] = line.substr(col, comma - col);
            col = comma + 1;
        }
        iv.start_s = detail::parse_log_double(fields[0], line_no, line_offset + starts[0], "StartTimestamp");
        iv.length_s = detail::parse_log_double(fields[1], line_no, line_offset + starts[1], "Interval_Length");
        iv.max = detail::parse_log_double(fields[2], line_no, line_offset + starts[2], "Interval_Max");
        try {
            iv.counts = hdr::decode_base64(fields[3], limits);
        } catch (const parse_error& e) {
            std::string what = e.what();
            what = what.substr(what.find("] ") + 2);
            throw parse_error(errc::hdr_log, "HdrHistogram log: histogram column (from byte " +
                                                 std::to_string(line_offset + starts[3]) + "): " + what,
                              line_offset + starts[3], line_no);
        }
        log.intervals.push_back(std::move(iv));
    });
    return log;
}

}  // namespace v1
}  // namespace inferlab
