// Shared pieces of the `inferlab` command line: argument errors and small parsers.
#pragma once

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

namespace cli {

/// A bad command line: reported with the usage text and exit status 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline double parse_number(std::string_view what, const std::string& text) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 0)
        throw usage_error(fmt::format("{}: \"{}\" is not a non-negative number", what, text));
    return v;
}

inline std::chrono::nanoseconds parse_seconds(std::string_view what, const std::string& text) {
    return std::chrono::nanoseconds(std::llround(parse_number(what, text) * 1e9));
}

inline std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}


int metrics_command(const std::vector<std::string>& args);
int roofline_command(const std::vector<std::string>& args);

}  // namespace cli
