// The histogram headers need nothing but a C++17 compiler: `c++ -std=c++17 -I include main.cpp`.
#include <inferlab/hdr_codec.hpp>
#include <inferlab/histogram.hpp>

#include <cstdio>

int main() {
    inferlab::histogram h{1, 3'600'000'000, 3};
    for (std::int64_t v = 1; v <= 100; ++v) h.record(v);
    const auto back = inferlab::hdr::decode_base64(inferlab::hdr::encode_base64(h));
    std::printf("p99=%lld\n", static_cast<long long>(back.value_at_percentile(99)));
    return back == h && back.value_at_percentile(99) == 99 ? 0 : 1;
}
