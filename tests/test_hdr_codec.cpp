// HdrHistogram V2 encoding. The expected bytes were written by the reference implementations:
// Java (HdrHistogram 2.1.11) and JavaScript (hdr-histogram-js 3.0.1) for one histogram
// (lowest 1, highest 3600000000, 3 significant figures; 1, 2, 3, 1000 once and 12345 x 100).
#include <inferlab/detail/base64.hpp>
#include <inferlab/hdr_codec.hpp>
#include <inferlab/random.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using inferlab::histogram;
namespace hdr = inferlab::hdr;

namespace {

histogram sample() {
    histogram h{1, 3'600'000'000, 3};
    for (int v : {1, 2, 3, 1000}) h.record(v);
    h.record(12345, 100);
    return h;
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string s;
    for (auto b : bytes) {
        s += "0123456789abcdef"[b >> 4];
        s += "0123456789abcdef"[b & 15];
    }
    return s;
}

// Java's encodeIntoByteBuffer: header (cookie, payload length 11, offset 0, 3 sig figs, lowest 1,
// highest 3600000000, ratio 1.0) and payload [0, 1, 1, 1, -996, 1, -3614, 100] in ZigZag LEB128.
const char* const java_plain_hex =
    "1c849313" "0000000b" "00000000" "00000003" "0000000000000001" "00000000d693a400" "3ff0000000000000"
    "00020202c70f02bb38c801";
// hdr-histogram-js writes normalizing index offset 1 and the ratio as the integer 1.
const char* const js_plain = "HISTEwAAAAsAAAABAAAAAwAAAAAAAAABAAAAANaTpAAAAAAAAAAAAQACAgLHDwK7OMgB";
const char* const js_compressed = "HISTFAAAAC54nJNpmSzMwMDAzcDAwMjAwMDMAAEgNsO1yUsY4HwmJqbj/Ey7LU4wAgB6YgX/";
// Java's HistogramLogWriter (DEFLATE level 9)
const char* const java_log_compressed = "HISTFAAAACp42pNpmSzMwMDAzQABzFCaEURcm7yEwf4DVISJiek4P9NuixOMAI+7Byw=";

}  // namespace

TEST_CASE("encode writes exactly Java's bytes") {
    CHECK(hex(hdr::encode(sample())) == java_plain_hex);
    const auto header = hdr::read_header(hdr::encode(sample()).data(), 40);
    CHECK(header.payload_length == 11);
    CHECK(header.conversion_ratio_bits == 0x3ff0000000000000ull);
}

TEST_CASE("an empty histogram encodes index 0 as a single zero") {
    const auto bytes = hdr::encode(histogram{1, 1000, 2});
    REQUIRE(bytes.size() == 41);
    CHECK(bytes[40] == 0);
    CHECK(hdr::decode(bytes) == histogram{1, 1000, 2});
}

TEST_CASE("decodes blobs written by the JavaScript and Java implementations") {
    CHECK(hdr::decode_base64(js_plain) == sample());
    if (hdr::has_compression) {
        CHECK(hdr::decode_base64(js_compressed) == sample());
        CHECK(hdr::decode_base64(java_log_compressed) == sample());
        CHECK(hdr::encode_compressed_base64(sample(), 9) == java_log_compressed);
    } else {
        CHECK_THROWS_AS(hdr::decode_base64(js_compressed), inferlab::unsupported);
    }
}

TEST_CASE("round trips keep every count, for every configuration") {
    inferlab::rng r(7);
    for (int s = 1; s <= 5; ++s) {
        for (std::int64_t lowest : {std::int64_t{1}, std::int64_t{1000}, std::int64_t{1} << 20}) {
            CAPTURE(s);
            CAPTURE(lowest);
            histogram h{lowest, std::int64_t{1} << 45, s};
            for (int i = 0; i < 2000; ++i) h.record(static_cast<std::int64_t>(r.lognormal(5e6, 2.0)), 1 + static_cast<std::int64_t>(r.below(3)));
            h.record(0);
            h.record(std::int64_t{1} << 44, std::int64_t{1} << 40);  // a count that needs 6 LEB128 bytes
            const histogram plain = hdr::decode(hdr::encode(h));
            CHECK(plain == h);
            CHECK(plain.max() == h.max());
            if (hdr::has_compression) {
                CHECK(hdr::decode_base64(hdr::encode_compressed_base64(h)) == h);
            }
        }
    }
}

TEST_CASE("malformed blobs are rejected with the offset and the reason") {
    const std::vector<std::uint8_t> good = hdr::encode(sample());
    auto error_of = [](std::vector<std::uint8_t> bytes, hdr::decode_limits limits = {}) -> std::string {
        try {
            (void)hdr::decode(bytes, limits);
        } catch (const inferlab::parse_error& e) {
            return e.what();
        }
        return "";
    };
    CHECK(error_of({}).find("has no cookie") != std::string::npos);
    auto bad_cookie = good;
    bad_cookie[0] = 0x7f;
    CHECK(error_of(bad_cookie).find("not an HdrHistogram V2 blob (cookie 0x7f849313)") != std::string::npos);
    auto v1 = good;
    v1[3] = 0x12;
    CHECK(error_of(v1).find("pre-V2") != std::string::npos);
    CHECK(error_of({good.begin(), good.begin() + 30}).find("shorter than the 40-byte header") != std::string::npos);
    CHECK(error_of({good.begin(), good.end() - 1}).find("declares a payload of 11 bytes but only 10 follow") != std::string::npos);
    auto bad_sig = good;
    bad_sig[15] = 9;
    CHECK(error_of(bad_sig).find("[inferlab.parse_error.205] byte 12: HdrHistogram V2: header describes an invalid histogram: significant_figures must be in 1..5 (got 9)") == 0);
    // a LEB128 count whose continuation bit runs off the end of the payload
    auto cut_varint = good;
    cut_varint.back() = 0x80;
    CHECK(error_of(cut_varint).find("byte 49: HdrHistogram V2: payload ends inside a LEB128 count") != std::string::npos);
    // a count beyond the counts array: a zero run to the very end, then a count
    auto beyond = good;
    beyond.resize(40);
    inferlab::detail::zigzag_put(beyond, -23552);
    inferlab::detail::zigzag_put(beyond, 5);
    beyond[7] = static_cast<std::uint8_t>(beyond.size() - 40);
    CHECK(error_of(beyond).find("count for index 23552 is beyond the counts array of 23552") != std::string::npos);
    // a header asking for more counters than allowed
    hdr::decode_limits small;
    small.max_counts_length = 1000;
    CHECK(error_of(good, small).find("asks for 23552 counters, over the limit of 1000") != std::string::npos);
    // base64 errors name the character offset
    CHECK_THROWS_WITH(hdr::decode_base64("HISTE!wAAAA"), "[inferlab.parse_error.201] byte 5: base64: invalid character '!'");
}

TEST_CASE("randomly mutated blobs never crash the decoder") {
    // Deterministic mutation fuzzing (run under ASan/UBSan in CI): flips, truncations, insertions and
    // overwritten length fields. Every outcome must be a histogram or an inferlab::error.
    std::vector<std::vector<std::uint8_t>> seeds{hdr::encode(sample()), hdr::encode(histogram{1000, 1'000'000'000, 2})};
    if (hdr::has_compression) {
        seeds.push_back(hdr::encode_compressed(sample()));
        seeds.push_back(inferlab::detail::base64_decode(js_compressed));
    }
    hdr::decode_limits limits;
    limits.max_counts_length = 1 << 20;
    inferlab::rng r(2026);
    int decoded = 0, rejected = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        auto bytes = seeds[r.below(seeds.size())];
        const int mutations = 1 + static_cast<int>(r.below(4));
        for (int m = 0; m < mutations && !bytes.empty(); ++m) {
            const std::size_t at = r.below(bytes.size());
            switch (r.below(5)) {
                case 0: bytes[at] ^= static_cast<std::uint8_t>(1u << r.below(8)); break;
                case 1: bytes.resize(at); break;
                case 2: bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(r.below(256))); break;
                case 3: bytes[at] = static_cast<std::uint8_t>(r.below(256)); break;
                default:
                    if (bytes.size() >= 8) bytes[4 + r.below(4)] = static_cast<std::uint8_t>(r.below(256));
            }
        }
        try {
            const histogram h = hdr::decode(bytes, limits);
            CHECK(h.total_count() >= 0);
            ++decoded;
        } catch (const inferlab::error&) {
            ++rejected;
        }
    }
    CHECK(decoded > 100);
    CHECK(rejected > 1000);
}
