// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The exception hierarchy. Every error carries a stable numeric id that appears in its message as
// "[inferlab.<kind>.<id>]" so a user can search for it; docs/errors.md lists every id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace inferlab {
inline namespace v1 {

/// Stable error ids. The hundreds digit names the kind of error.
enum class errc : int {
    // 1xx: invalid_argument (a caller passed a bad configuration or argument)
    histogram_config = 101,       ///< histogram construction parameters out of range
    histogram_subtract = 102,     ///< subtracting counts that are not there
    histogram_argument = 103,     ///< any other bad argument to a histogram operation
    roofline_argument = 104,      ///< a roofline input out of range (efficiency, batch, unknown GPU or model name)
    // 2xx: parse_error (input data is malformed)
    base64 = 201,                 ///< a character outside the base64 alphabet, or bad padding
    hdr_cookie = 202,             ///< not an HdrHistogram V2 blob (unknown cookie)
    hdr_truncated = 203,          ///< blob shorter than its header or declared length
    hdr_varint = 204,             ///< malformed LEB128/ZigZag count
    hdr_header = 205,             ///< header field out of range (sig figs, lowest, highest, offset)
    hdr_payload = 206,            ///< payload does not fit the counts array, or a negative count
    hdr_compression = 207,        ///< DEFLATE stream corrupt or inflates to a different size
    hdr_log = 210,                ///< HdrHistogram log line malformed
    timeline_json = 220,          ///< timelines JSONL line malformed (bad JSON, field, or impossible timeline)
    model_config = 230,           ///< Hugging Face config.json unreadable, or of an architecture the roofline does not model
    gpu_catalog = 231,            ///< GPU catalog JSON malformed (bad JSON, unknown key, missing or out-of-range field)
    // 3xx: unsupported (the operation needs an optional component that was not built in)
    needs_zlib = 301,             ///< DEFLATE-compressed format without zlib
};

/// Base of every exception inferlab throws.
class error : public std::runtime_error {
public:
    /// The stable id (see errc).
    [[nodiscard]] int id() const noexcept { return id_; }
    [[nodiscard]] errc code() const noexcept { return static_cast<errc>(id_); }

protected:
    error(const char* kind, errc id, const std::string& message)
        : std::runtime_error(std::string("[inferlab.") + kind + "." + std::to_string(static_cast<int>(id)) +
                             "] " + message),
          id_(static_cast<int>(id)) {}

private:
    int id_;
};

/// A bad argument or configuration (ids 1xx).
class invalid_argument : public error {
public:
    invalid_argument(errc id, const std::string& message) : error("invalid_argument", id, message) {}
};

/// Malformed input (ids 2xx). Knows where: a byte offset into the input and, for text, a line
/// (1-based; 0 when the input has no lines).
class parse_error : public error {
public:
    parse_error(errc id, const std::string& message, std::size_t byte_offset, std::size_t line = 0)
        : error("parse_error", id, where(byte_offset, line) + message), byte_offset_(byte_offset), line_(line) {}

    [[nodiscard]] std::size_t byte_offset() const noexcept { return byte_offset_; }
    [[nodiscard]] std::size_t line() const noexcept { return line_; }

private:
    static std::string where(std::size_t byte_offset, std::size_t line) {
        std::string s;
        if (line != 0) s += "line " + std::to_string(line) + ", ";
        s += "byte " + std::to_string(byte_offset) + ": ";
        return s;
    }
    std::size_t byte_offset_;
    std::size_t line_;
};

/// The operation needs an optional component that this build does not have (ids 3xx).
class unsupported : public error {
public:
    unsupported(errc id, const std::string& message) : error("unsupported", id, message) {}
};

}  // namespace v1
}  // namespace inferlab
