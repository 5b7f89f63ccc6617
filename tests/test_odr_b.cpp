#include <inferlab/inferlab.hpp>

std::int64_t odr_unit_b_p50();

std::int64_t odr_unit_b_p50() {
    inferlab::histogram h{1, 1000, 2};
    h.record(7);
    return inferlab::hdr::decode(inferlab::hdr::encode(h)).value_at_percentile(50);
}
