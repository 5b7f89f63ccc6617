// Two translation units include every header: linking them into one program proves that nothing
// in the headers has external linkage without being inline (the ODR test of a header-only library).
#include <inferlab/inferlab.hpp>

#include <doctest/doctest.h>

std::int64_t odr_unit_b_p50();

static std::int64_t odr_unit_a_p50() {
    inferlab::histogram h{1, 1000, 2};
    h.record(7);
    return h.value_at_percentile(50);
}

TEST_CASE("headers are ODR-safe across translation units") {
    CHECK(odr_unit_a_p50() == 7);
    CHECK(odr_unit_b_p50() == 7);
}
