// Instrumenting an engine loop: a toy continuous-batching engine runs on two worker threads, each
// stepping its own batch; every step emits one token for each running request. The recorder sees
// exactly what a real engine's test harness would: arrivals, a first token after prefill, one
// token per decode step, and a few requests the engine rejects when its queue is full.
//
// Each step reads the clock once and stamps every token of the step with it (token_at), which is
// how an engine records without paying for a clock read per token.
#include <inferlab/metrics.hpp>
#include <inferlab/metrics_format.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace {

struct running {
    inferlab::recorder::request handle;
    int remaining_tokens;
    int prefill_steps_left;
};

// One engine worker: admits up to `max_batch` requests; prefill takes 2 steps, then one token per step.
void engine_worker(inferlab::recorder& rec, int worker, int requests, int max_batch) {
    std::vector<running> batch;
    int admitted = 0;
    int step = 0;
    while (admitted < requests || !batch.empty()) {
        // admission: one arrival per step, two every fourth step; a full batch rejects the arrival
        const int arrivals = (step++ % 4 == 0) ? 2 : 1;
        for (int k = 0; k < arrivals && admitted < requests; ++k, ++admitted) {
            const int output_tokens = 8 + (admitted * 7) % 24;
            auto h = rec.start("w" + std::to_string(worker) + "-" + std::to_string(admitted), 256 + 32 * (admitted % 5),
                               static_cast<std::size_t>(output_tokens));
            h.tags().workload = "toy";
            if (static_cast<int>(batch.size()) >= max_batch) {
                h.fail(inferlab::request_status::rejected, "queue_full", "batch is full");
                continue;
            }
            batch.push_back({std::move(h), output_tokens, 2});
        }
        // one engine step
        std::this_thread::sleep_for(std::chrono::microseconds(200 + 20 * static_cast<int>(batch.size())));
        const auto now = rec.now();  // one clock read for the whole step
        for (auto& r : batch) {
            if (r.prefill_steps_left > 0 && --r.prefill_steps_left > 0) continue;
            r.handle.token_at(now);
            if (--r.remaining_tokens == 0) r.handle.finish_at(now);
        }
        batch.erase(std::remove_if(batch.begin(), batch.end(), [](const running& r) { return r.remaining_tokens == 0; }),
                    batch.end());
    }
}

}  // namespace

int main() {
    inferlab::recorder rec;
    std::vector<std::thread> workers;
    for (int w = 0; w < 2; ++w) workers.emplace_back(engine_worker, std::ref(rec), w, 200, 24);
    for (auto& t : workers) t.join();

    inferlab::summary_options opt;
    opt.percentiles = {50, 90, 99};
    opt.warmup_requests = 20;  // let the batches fill before measuring
    opt.goodput.ttft = std::chrono::milliseconds(5);
    const inferlab::metrics_summary s = inferlab::summarize(rec.take(), opt);
    fmt::print("{}", s);
    // what an engine's CI might assert on
    return s.requests > 0 && s.completed + s.rejected == s.requests ? 0 : 1;
}
