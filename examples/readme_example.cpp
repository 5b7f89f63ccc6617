#include <inferlab/histogram.hpp>
#include <cstdio>

int main() {
    inferlab::histogram latency_us{1, 60'000'000, 3};  // 1 us .. 60 s, 3 significant digits
    for (std::int64_t us : {850, 910, 1200, 15'000, 980, 1010, 870, 2'500'000}) latency_us.record(us);
    for (double p : {50.0, 90.0, 99.0})
        std::printf("p%-3g %8lld us\n", p, static_cast<long long>(latency_us.value_at_percentile(p)));
}
