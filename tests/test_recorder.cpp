#include <inferlab/metrics.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>

using namespace std::chrono_literals;

// Counting allocator: every operator new in this program is counted while `counting` is on.
// AddressSanitizer brings its own operator new and delete; there the count is not taken.
#if defined(__SANITIZE_ADDRESS__)
#define INFERLAB_TEST_COUNTS_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INFERLAB_TEST_COUNTS_ALLOCATIONS 0
#endif
#endif
#ifndef INFERLAB_TEST_COUNTS_ALLOCATIONS
#define INFERLAB_TEST_COUNTS_ALLOCATIONS 1
#endif

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace
#if INFERLAB_TEST_COUNTS_ALLOCATIONS
void* operator new(std::size_t n) {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

TEST_CASE("a recorded request is a timeline measured from the recorder's start") {
    inferlab::manual_clock clock(5s);  // the recorder's t = 0 is whatever the clock says at construction
    inferlab::basic_recorder<inferlab::manual_clock> rec(clock);
    clock.advance(10ms);
    auto r = rec.start("r1", 512, 8);
    r.tags().workload = "chat";
    clock.advance(120ms);
    r.token();
    clock.advance(20ms);
    r.token(2);
    r.finish(3);
    CHECK_FALSE(r.active());
    const auto done = rec.take();
    REQUIRE(done.size() == 1);
    const auto& t = done[0];
    CHECK(t.id == "r1");
    CHECK(t.sent == 10ms);
    CHECK(t.chunks == std::vector<inferlab::chunk>{{130ms, 1}, {150ms, 2}});
    CHECK(t.end == 150ms);
    CHECK(t.output_tokens == 3);
    CHECK(t.tags.workload == "chat");
    CHECK(*t.ttft() == 120ms);
    CHECK(inferlab::validate(t).empty());
    CHECK(rec.take().empty());
}

TEST_CASE("failures, dropped handles and a clock going backwards are recorded, not lost") {
    inferlab::manual_clock clock;
    inferlab::basic_recorder<inferlab::manual_clock> rec(clock);
    {
        auto r = rec.start("rejected", 10);
        clock.advance(3ms);
        r.fail(inferlab::request_status::rejected, "http_429", "Too Many Requests");
    }
    { auto dropped = rec.start("dropped", 10); }
    {
        clock.set(100ms);
        auto r = rec.start("backwards", 10);
        clock.set(90ms);
        r.token();
        CHECK_FALSE(r.active());
    }
    const auto done = rec.take();
    REQUIRE(done.size() == 3);
    CHECK(done[0].status == inferlab::request_status::rejected);
    CHECK(done[0].error_kind == "http_429");
    CHECK(done[0].end == 3ms);
    CHECK(done[1].status == inferlab::request_status::cancelled);
    CHECK(done[1].error_kind == "abandoned");
    CHECK(done[2].status == inferlab::request_status::error);
    CHECK(done[2].error_kind == "clock_backwards");
    CHECK(done[2].error_message == "the clock went backwards by 10000000 ns at chunk");
    CHECK(inferlab::validate(done[2]).empty());
}

TEST_CASE("the token path allocates nothing while the reserved room lasts") {
    if (!INFERLAB_TEST_COUNTS_ALLOCATIONS) {
        MESSAGE("allocations are not counted under AddressSanitizer");
        return;
    }
    inferlab::manual_clock clock;
    inferlab::basic_recorder<inferlab::manual_clock> rec(clock);
    auto r = rec.start("r", 10, 1000);
    allocations = 0;
    counting = true;
    for (int i = 0; i < 1000; ++i) {
        clock.advance(1ms);
        r.token();
    }
    counting = false;
    CHECK(allocations.load() == 0);
    // beyond the reserved room the storage doubles: a handful of allocations for 9000 more chunks
    counting = true;
    for (int i = 0; i < 9000; ++i) r.token_at(clock.now());
    counting = false;
    CHECK(allocations.load() <= 4);
    r.finish();
    CHECK(rec.take().at(0).chunks.size() == 10000);
}

TEST_CASE("many threads record their own requests into one recorder") {
    inferlab::recorder rec;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&rec, t] {
            for (int i = 0; i < 500; ++i) {
                auto r = rec.start("t" + std::to_string(t) + "-" + std::to_string(i), 100, 4);
                for (int k = 0; k < 4; ++k) r.token();
                r.finish();
            }
        });
    for (auto& th : threads) th.join();
    const auto done = rec.take();
    CHECK(done.size() == 2000);
    for (const auto& t : done) CHECK(inferlab::validate(t).empty());
    CHECK(inferlab::summarize(done).completed == 2000);
}
