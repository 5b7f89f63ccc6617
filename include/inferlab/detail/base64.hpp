// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Standard base64 (RFC 4648, '+' '/' alphabet). Decoding is strict: any byte outside the alphabet
// is an error naming its offset; padding is optional but, when present, must be correct.
#pragma once

#include <inferlab/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inferlab {
inline namespace v1 {
namespace detail {

inline std::string base64_encode(const std::uint8_t* data, std::size_t size) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const std::uint32_t n = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    if (i < size) {
        std::uint32_t n = std::uint32_t{data[i]} << 16;
        if (i + 1 < size) n |= std::uint32_t{data[i + 1]} << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < size ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

inline std::vector<std::uint8_t> base64_decode(std::string_view text) {
    auto sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::size_t n = text.size();
    std::size_t padding = 0;
    while (n > 0 && text[n - 1] == '=' && padding < 2) {
        --n;
        ++padding;
    }
    if (padding != 0 && (n + padding) % 4 != 0)
        throw parse_error(errc::base64, "base64: padding '=' does not complete a 4-character group", n);
    if (n % 4 == 1) throw parse_error(errc::base64, "base64: input ends with a lone character", n - 1);
    std::vector<std::uint8_t> out;
    out.reserve(n / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int v = sextet(text[i]);
        if (v < 0) {
            const auto byte = static_cast<unsigned char>(text[i]);
            throw parse_error(errc::base64,
                              "base64: invalid character " +
                                  (byte >= 0x21 && byte < 0x7f ? "'" + std::string(1, text[i]) + "'"
                                                               : "0x" + std::string(1, "0123456789abcdef"[byte >> 4]) +
                                                                     std::string(1, "0123456789abcdef"[byte & 15])),
                              i);
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
        }
    }
    return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace inferlab
