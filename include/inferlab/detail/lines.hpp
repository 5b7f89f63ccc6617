// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace inferlab {
inline namespace v1 {
namespace detail {

/// Calls f(line, line_number, byte_offset) for each line of a text stream: lines end with '\n', a
/// '\r' before it is dropped, numbers start at 1 and offsets are those of each line's first byte.
template <class F>
void for_each_line(std::istream& is, F&& f) {
    std::string text;
    std::size_t line_no = 0;
    std::size_t offset = 0;
    while (std::getline(is, text)) {
        ++line_no;
        const std::size_t line_offset = offset;
        offset += text.size() + 1;
        std::string_view line(text);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(line, line_no, line_offset);
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace inferlab
