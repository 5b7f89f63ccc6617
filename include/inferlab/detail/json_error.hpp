// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace inferlab {
inline namespace v1 {
namespace detail {

/// nlohmann's exception text without its "[json.exception.parse_error.101] parse error at line 1,
/// column 5: " prefix: inferlab's parsers report the position themselves.
inline std::string json_error_text(std::string_view what) {
    const std::size_t bracket = what.find("] ");
    if (!what.empty() && what.front() == '[' && bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
    constexpr std::string_view parse_prefix = "parse error";
    if (what.substr(0, parse_prefix.size()) == parse_prefix) {
        const std::size_t colon = what.find(": ");
        if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return std::string(what);
}

}  // namespace detail
}  // namespace v1
}  // namespace inferlab
