// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// HdrHistogram's V2 encoding, so histograms travel between inferlab and the HdrHistogram
// ecosystem: encode() writes Java's bytes exactly, and blobs of the C, Java and JavaScript
// implementations decode to the same counts (the C library spells a lone empty counter as a zero
// run of length 1 where Java writes a single 0; the JavaScript port writes other header values).
//
// Uncompressed blob (all integers big-endian):
//   cookie 0x1c849313 | payload length (i32) | normalizing index offset (i32) | significant figures (i32)
//   | lowest discernible value (i64) | highest trackable value (i64) | integer-to-double ratio (f64)
//   | payload: counts from index 0 to the last non-zero one, ZigZag LEB128, a run of n >= 2 zeros as -n.
// Compressed blob: cookie 0x1c849314 | length of what follows (i32) | zlib stream of an uncompressed blob.
//
// DEFLATE needs zlib: build with INFERLAB_HAS_ZLIB=1 and link zlib (the CMake target does both when
// zlib is found). Without it the compressed functions throw inferlab::unsupported (errc::needs_zlib).
#pragma once

#include <inferlab/detail/base64.hpp>
#include <inferlab/detail/varint.hpp>
#include <inferlab/error.hpp>
#include <inferlab/histogram.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#ifndef INFERLAB_HAS_ZLIB
#define INFERLAB_HAS_ZLIB 0
#endif
#if INFERLAB_HAS_ZLIB
#include <zlib.h>
#endif

namespace inferlab {
inline namespace v1 {
namespace hdr {

inline constexpr std::uint32_t v2_cookie = 0x1c849313;             ///< uncompressed V2, 8-byte counts
inline constexpr std::uint32_t v2_compressed_cookie = 0x1c849314;  ///< DEFLATE-compressed V2
inline constexpr std::size_t v2_header_size = 40;

/// True when this build can read and write the DEFLATE-compressed format.
inline constexpr bool has_compression = INFERLAB_HAS_ZLIB != 0;

/// Bounds applied while decoding untrusted input.
struct decode_limits {
    /// Largest counts array a header may ask for. The default admits every valid layout (at most
    /// about 6.2 million counters, 50 MB, for 5 significant figures over the full 63-bit range);
    /// lower it when blobs come from untrusted sources.
    std::int32_t max_counts_length = std::numeric_limits<std::int32_t>::max();
};

/// The 40-byte header of an uncompressed V2 blob.
struct v2_header {
    std::uint32_t cookie = v2_cookie;
    std::int32_t payload_length = 0;
    std::int32_t normalizing_index_offset = 0;
    std::int32_t significant_figures = 0;
    std::int64_t lowest_discernible_value = 0;
    std::int64_t highest_trackable_value = 0;
    std::uint64_t conversion_ratio_bits = 0;  ///< raw bits: Java writes the double 1.0, the JS port the integer 1
};

namespace detail {

inline void put_be(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline std::uint64_t get_be(const std::uint8_t* p, int bytes) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
    return v;
}

[[noreturn]] inline void fail(errc id, const std::string& message, std::size_t offset) {
    throw parse_error(id, "HdrHistogram V2: " + message, offset);
}

inline std::string hex32(std::uint32_t v) {
    std::string s = "0x";
    for (int i = 7; i >= 0; --i) s += "0123456789abcdef"[(v >> (4 * i)) & 15];
    return s;
}

inline void check_cookie(std::uint32_t cookie, std::uint32_t expected_base, std::size_t offset) {
    const std::uint32_t base = cookie & ~0xf0u;
    if (base == expected_base) {
        if ((cookie & 0xf0u) != 0x10u)
            fail(errc::hdr_cookie, "cookie " + hex32(cookie) + " declares a word size other than 8 bytes", offset);
        return;
    }
    std::string what = "not an HdrHistogram V2 blob (cookie " + hex32(cookie) + ")";
    if (base == 0x1c849301 || base == 0x1c849302 || base == 0x1c849308 || base == 0x1c849309)
        what = "cookie " + hex32(cookie) + " is a pre-V2 (V0/V1) encoding, which is not supported";
    else if (base == 0x0c72124e || base == 0x0c72124f)
        what = "cookie " + hex32(cookie) + " is a DoubleHistogram, which is not supported";
    else if (expected_base == (v2_cookie & ~0xf0u) && base == (v2_compressed_cookie & ~0xf0u))
        what = "compressed blob inside a compressed blob";
    fail(errc::hdr_cookie, what, offset);
}

inline v2_header read_header(const std::uint8_t* p, std::size_t size, std::size_t base_offset) {
    if (size < v2_header_size)
        fail(errc::hdr_truncated, "blob of " + std::to_string(size) + " bytes is shorter than the 40-byte header",
             base_offset + size);
    v2_header h;
    h.cookie = static_cast<std::uint32_t>(get_be(p, 4));
    check_cookie(h.cookie, v2_cookie & ~0xf0u, base_offset);
    h.payload_length = static_cast<std::int32_t>(get_be(p + 4, 4));
    h.normalizing_index_offset = static_cast<std::int32_t>(get_be(p + 8, 4));
    h.significant_figures = static_cast<std::int32_t>(get_be(p + 12, 4));
    h.lowest_discernible_value = static_cast<std::int64_t>(get_be(p + 16, 8));
    h.highest_trackable_value = static_cast<std::int64_t>(get_be(p + 24, 8));
    h.conversion_ratio_bits = get_be(p + 32, 8);
    if (h.payload_length < 0)
        fail(errc::hdr_header, "negative payload length " + std::to_string(h.payload_length), base_offset + 4);
    return h;
}

inline histogram make_histogram(const v2_header& h, const decode_limits& limits, std::size_t base_offset) {
    ::inferlab::detail::hdr_layout layout;
    try {
        layout = ::inferlab::detail::hdr_layout::make(h.lowest_discernible_value, h.highest_trackable_value,
                                                      h.significant_figures);
    } catch (const invalid_argument& e) {
        std::string what = e.what();
        what = what.substr(what.find("histogram: ") + 11);
        fail(errc::hdr_header, "header describes an invalid histogram: " + what, base_offset + 12);
    }
    if (layout.counts_length > limits.max_counts_length)
        fail(errc::hdr_header,
             "header asks for " + std::to_string(layout.counts_length) + " counters, over the limit of " +
                 std::to_string(limits.max_counts_length),
             base_offset + 12);
    // every counter takes at least one payload byte, a zero run at least one for the whole run
    if (static_cast<std::int64_t>(h.payload_length) > std::int64_t{9} * layout.counts_length + 9)
        fail(errc::hdr_header,
             "payload length " + std::to_string(h.payload_length) + " is impossible for " +
                 std::to_string(layout.counts_length) + " counters",
             base_offset + 4);
    return histogram(h.lowest_discernible_value, h.highest_trackable_value, h.significant_figures);
}

inline void read_payload(histogram& out, const std::uint8_t* p, std::size_t size, std::size_t base_offset) {
    const std::int64_t length = out.counts_length();
    std::int64_t index = 0;
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < size) {
        const std::size_t at = pos;
        std::int64_t count = 0;
        if (!::inferlab::detail::zigzag_get(p, size, pos, count))
            fail(errc::hdr_varint, "payload ends inside a LEB128 count", base_offset + at);
        if (count < 0) {
            if (count == std::numeric_limits<std::int64_t>::min() || -count > length)
                fail(errc::hdr_payload, "zero run of " + std::to_string(count) + " is longer than the counts array",
                     base_offset + at);
            index += -count;  // a run of zeros past the end carries no counts: tolerated
            continue;
        }
        if (count > 0) {
            if (index >= length)
                fail(errc::hdr_payload,
                     "count for index " + std::to_string(index) + " is beyond the counts array of " +
                         std::to_string(length),
                     base_offset + at);
            if (total > std::numeric_limits<std::int64_t>::max() - count)
                fail(errc::hdr_payload, "total count overflows 64 bits", base_offset + at);
            total += count;
            ::inferlab::detail::histogram_access::add_at_index(out, static_cast<std::int32_t>(index), count);
        }
        ++index;
    }
}

inline histogram decode_uncompressed(const std::uint8_t* data, std::size_t size, const decode_limits& limits,
                                     std::size_t base_offset) {
    const v2_header h = read_header(data, size, base_offset);
    if (static_cast<std::size_t>(h.payload_length) > size - v2_header_size)
        fail(errc::hdr_truncated,
             "header declares a payload of " + std::to_string(h.payload_length) + " bytes but only " +
                 std::to_string(size - v2_header_size) + " follow",
             base_offset + 4);
    histogram out = make_histogram(h, limits, base_offset);
    read_payload(out, data + v2_header_size, static_cast<std::size_t>(h.payload_length), base_offset + v2_header_size);
    return out;
}

#if INFERLAB_HAS_ZLIB
struct inflater {
    z_stream zs{};
    bool open = false;
    inflater(const std::uint8_t* data, std::size_t size) {
        if (inflateInit(&zs) != Z_OK) fail(errc::hdr_compression, "zlib inflateInit failed", 8);
        open = true;
        zs.next_in = const_cast<Bytef*>(data);  // zlib's API is not const-correct
        zs.avail_in = static_cast<uInt>(size);
    }
    ~inflater() {
        if (open) inflateEnd(&zs);
    }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;
    /// Inflates exactly n bytes into out (or throws, naming how far it got).
    void read(std::uint8_t* out, std::size_t n, std::size_t produced_so_far) {
        zs.next_out = out;
        zs.avail_out = static_cast<uInt>(n);
        while (zs.avail_out > 0) {
            const int rc = ::inflate(&zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END && zs.avail_out > 0)
                fail(errc::hdr_compression,
                     "compressed stream ends after " + std::to_string(produced_so_far + (n - zs.avail_out)) +
                         " inflated bytes, " + std::to_string(zs.avail_out) + " short of the declared size",
                     8 + (zs.total_in));
            if (rc == Z_STREAM_END) break;
            if (rc != Z_OK)
                fail(errc::hdr_compression, std::string("corrupt DEFLATE stream: ") + (zs.msg ? zs.msg : "zlib error"),
                     8 + zs.total_in);
        }
    }
};
#endif

inline histogram decode_compressed(const std::uint8_t* data, std::size_t size, const decode_limits& limits) {
    if (size < 8) fail(errc::hdr_truncated, "compressed blob shorter than its 8-byte header", size);
    const auto declared = static_cast<std::uint32_t>(get_be(data + 4, 4));
    if (declared > size - 8)
        fail(errc::hdr_truncated,
             "compressed length " + std::to_string(declared) + " exceeds the " + std::to_string(size - 8) +
                 " bytes that follow",
             4);
#if INFERLAB_HAS_ZLIB
    inflater z(data + 8, declared);
    std::uint8_t header_bytes[v2_header_size];
    z.read(header_bytes, v2_header_size, 0);
    const v2_header h = read_header(header_bytes, v2_header_size, 0);
    histogram out = make_histogram(h, limits, 0);
    std::vector<std::uint8_t> payload(static_cast<std::size_t>(h.payload_length));
    z.read(payload.data(), payload.size(), v2_header_size);
    read_payload(out, payload.data(), payload.size(), v2_header_size);
    return out;
#else
    (void)limits;
    throw unsupported(errc::needs_zlib,
                      "HdrHistogram V2: this blob is DEFLATE-compressed and inferlab was built without zlib "
                      "(install zlib and build with INFERLAB_WITH_ZLIB=ON, or define INFERLAB_HAS_ZLIB=1 and link -lz)");
#endif
}

}  // namespace detail

/// Uncompressed V2 blob: the 40-byte header and the LEB128 payload.
inline std::vector<std::uint8_t> encode(const histogram& h) {
    std::vector<std::uint8_t> out;
    out.reserve(v2_header_size + 64);
    detail::put_be(out, v2_cookie, 4);
    detail::put_be(out, 0, 4);  // payload length, patched below
    detail::put_be(out, 0, 4);  // normalizing index offset
    detail::put_be(out, static_cast<std::uint32_t>(h.significant_figures()), 4);
    detail::put_be(out, static_cast<std::uint64_t>(h.lowest_discernible_value()), 8);
    detail::put_be(out, static_cast<std::uint64_t>(h.highest_trackable_value()), 8);
    detail::put_be(out, 0x3ff0000000000000ull, 8);  // 1.0: an integer histogram

    // payload: indices 0 ..= last non-zero (just index 0 when empty)
    std::int32_t last = 0;
    h.for_each_nonzero([&](std::int32_t i, std::int64_t) { last = i; });
    std::int32_t i = 0;
    std::int32_t zeros = 0;
    auto flush_zeros = [&] {
        if (zeros == 1) out.push_back(0);
        else if (zeros > 1) ::inferlab::detail::zigzag_put(out, -static_cast<std::int64_t>(zeros));
        zeros = 0;
    };
    h.for_each_nonzero([&](std::int32_t j, std::int64_t c) {
        zeros += j - i;
        flush_zeros();
        ::inferlab::detail::zigzag_put(out, c);
        i = j + 1;
    });
    zeros += last + 1 - i;  // only for the empty histogram: index 0 as a single zero
    flush_zeros();

    const auto payload = static_cast<std::uint32_t>(out.size() - v2_header_size);
    for (int k = 0; k < 4; ++k) out[4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(payload >> (8 * (3 - k)));
    return out;
}

/// DEFLATE-compressed V2 blob (zlib stream, `level` as zlib: -1 default, 0..9).
inline std::vector<std::uint8_t> encode_compressed(const histogram& h, int level = -1) {
#if INFERLAB_HAS_ZLIB
    const std::vector<std::uint8_t> raw = encode(h);
    uLongf bound = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> out(8 + bound);
    if (compress2(out.data() + 8, &bound, raw.data(), static_cast<uLong>(raw.size()), level) != Z_OK)
        throw invalid_argument(errc::histogram_argument,
                               "hdr::encode_compressed: zlib compress2 failed (level " + std::to_string(level) + ")");
    out.resize(8 + bound);
    for (int k = 0; k < 4; ++k) {
        out[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v2_compressed_cookie >> (8 * (3 - k)));
        out[4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(bound >> (8 * (3 - k)));
    }
    return out;
#else
    (void)h;
    (void)level;
    throw unsupported(errc::needs_zlib,
                      "hdr::encode_compressed: inferlab was built without zlib (install zlib and build with "
                      "INFERLAB_WITH_ZLIB=ON, or define INFERLAB_HAS_ZLIB=1 and link -lz)");
#endif
}

inline std::string encode_base64(const histogram& h) {
    const auto bytes = encode(h);
    return ::inferlab::detail::base64_encode(bytes.data(), bytes.size());
}
/// The form HdrHistogram logs and tools exchange ("HISTF..." strings).
inline std::string encode_compressed_base64(const histogram& h, int level = -1) {
    const auto bytes = encode_compressed(h, level);
    return ::inferlab::detail::base64_encode(bytes.data(), bytes.size());
}

/// Reads the 40-byte header of an uncompressed blob without decoding the counts.
inline v2_header read_header(const std::uint8_t* data, std::size_t size) { return detail::read_header(data, size, 0); }

/// Decodes an uncompressed or compressed V2 blob (detected by its cookie). Throws parse_error with
/// the byte offset of the problem; never reads out of bounds and never trusts a length field.
inline histogram decode(const std::uint8_t* data, std::size_t size, const decode_limits& limits = {}) {
    if (size < 4) detail::fail(errc::hdr_truncated, "blob of " + std::to_string(size) + " bytes has no cookie", size);
    const auto cookie = static_cast<std::uint32_t>(detail::get_be(data, 4));
    if ((cookie & ~0xf0u) == (v2_compressed_cookie & ~0xf0u)) {
        detail::check_cookie(cookie, v2_compressed_cookie & ~0xf0u, 0);
        return detail::decode_compressed(data, size, limits);
    }
    return detail::decode_uncompressed(data, size, limits, 0);
}
inline histogram decode(const std::vector<std::uint8_t>& blob, const decode_limits& limits = {}) {
    return decode(blob.data(), blob.size(), limits);
}
/// Decodes a base64 V2 blob, compressed ("HISTF...") or not ("HISTE...").
inline histogram decode_base64(std::string_view text, const decode_limits& limits = {}) {
    const auto bytes = ::inferlab::detail::base64_decode(text);
    return decode(bytes.data(), bytes.size(), limits);
}

}  // namespace hdr
}  // namespace v1
}  // namespace inferlab
