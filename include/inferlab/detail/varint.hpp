// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// ZigZag LEB128 as HdrHistogram writes it: 7 bits per byte for the first 8 bytes, and a 9th byte,
// when needed, holding the top 8 bits whole (so a 64-bit value never takes more than 9 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace detail {

inline void zigzag_put(std::vector<std::uint8_t>& out, std::int64_t value) {
    std::uint64_t v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
    for (int i = 0; i < 8; ++i) {
        if ((v >> 7) == 0) {
            out.push_back(static_cast<std::uint8_t>(v));
            return;
        }
        out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));  // 9th byte: the remaining 8 bits
}

/// Reads one value at data[pos], advancing pos. Returns false (pos unchanged) when the input ends
/// inside the value.
inline bool zigzag_get(const std::uint8_t* data, std::size_t size, std::size_t& pos, std::int64_t& value) noexcept {
    std::uint64_t v = 0;
    std::size_t p = pos;
    for (int i = 0; i < 9; ++i) {
        if (p >= size) return false;
        const std::uint8_t b = data[p++];
        if (i == 8) {
            v |= std::uint64_t{b} << 56;
            break;
        }
        v |= std::uint64_t{b & 0x7fu} << (7 * i);
        if ((b & 0x80) == 0) break;
    }
    pos = p;
    value = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    return true;
}

}  // namespace detail
}  // namespace v1
}  // namespace inferlab
