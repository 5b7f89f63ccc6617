// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// nlohmann/json adapters for histograms and their summaries.
//   json j = h;                 -> configuration, summary statistics, and the counts as an
//                                  uncompressed HdrHistogram V2 base64 blob ("hdr_v2")
//   auto h = j.get<histogram>() -> the same histogram back (counts, configuration, out-of-range count)
//   json j = summarize(h);      -> {"total_count":..,"min":..,"p50":..,...}
#pragma once

#include <inferlab/hdr_codec.hpp>
#include <inferlab/histogram.hpp>

#include <nlohmann/json.hpp>

namespace inferlab {
inline namespace v1 {

inline void to_json(nlohmann::json& j, const histogram_summary& s) {
    j = nlohmann::json::object();
    j["total_count"] = s.total_count;
    j["out_of_range_count"] = s.out_of_range_count;
    j["min"] = s.min;
    j["max"] = s.max;
    j["mean"] = s.mean;
    j["stddev"] = s.stddev;
    for (const auto& [p, v] : s.percentiles) j[percentile_label(p)] = v;
}

}  // namespace v1
}  // namespace inferlab

namespace nlohmann {

template <>
struct adl_serializer<inferlab::histogram> {
    static void to_json(json& j, const inferlab::histogram& h) {
        j = json(inferlab::summarize(h));
        j["lowest_discernible_value"] = h.lowest_discernible_value();
        j["highest_trackable_value"] = h.highest_trackable_value();
        j["significant_figures"] = h.significant_figures();
        j["hdr_v2"] = inferlab::hdr::encode_base64(h);
    }
    /// Reads "hdr_v2" (compressed or not) and "out_of_range_count"; the summary fields are derived
    /// data and are ignored. Errors are nlohmann's (missing key, wrong type) or inferlab::parse_error.
    static inferlab::histogram from_json(const json& j) {
        inferlab::histogram h = inferlab::hdr::decode_base64(j.at("hdr_v2").get<std::string>());
        if (j.contains("out_of_range_count"))
            inferlab::detail::histogram_access::add_out_of_range(h, j.at("out_of_range_count").get<std::int64_t>());
        return h;
    }
};

}  // namespace nlohmann
