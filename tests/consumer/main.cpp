// A consumer program: proves that inferlab can be used from another project.
#include <inferlab/inferlab.hpp>

#include <fmt/core.h>

int main() {
    inferlab::histogram h{1, 60'000'000'000, 3};
    for (std::int64_t v = 1; v <= 1000; ++v) h.record(v * 1000);
    const nlohmann::json j = h;
    const auto back = j.get<inferlab::histogram>();
    const bool compressed_ok = !inferlab::hdr::has_compression ||
                               inferlab::hdr::decode_base64(inferlab::hdr::encode_compressed_base64(h)) == h;
    fmt::print("{}\n", h);
    return back == h && compressed_ok && h.values_are_equivalent(h.value_at_percentile(50), 500'000) ? 0 : 1;
}
