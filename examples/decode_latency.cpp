// How fast can Llama-3.1-8B decode on an A100-80GB? The roofline answers before anything runs:
// every decode step streams the weights from HBM, so bytes / bandwidth is a floor.
#include <inferlab/roofline.hpp>
#include <inferlab/roofline_catalog.hpp>

#include <cstdio>

int main() {
    namespace rl = inferlab::roofline;
    rl::deployment d{rl::find_model("llama-3.1-8b"), rl::find_gpu("a100-80gb-sxm")};  // bf16 weights and KV

    std::printf("weights: %.1f GB, HBM: %.3f TB/s\n", rl::weight_bytes(d.model, d.weights) / 1e9, d.gpu.memory_bandwidth / 1e12);
    std::printf("decode floor: %.2f ms per token (%.0f tokens/s at batch 1)\n", rl::weight_floor_s(d) * 1e3, 1 / rl::weight_floor_s(d));
    for (double batch : {1.0, 16.0, 64.0, 256.0}) {
        const rl::step_cost s = rl::decode_step(d, batch, /*context=*/1024);
        std::printf("batch %3.0f: %6.2f ms per step, %7.0f tokens/s, %s-bound\n", batch, s.seconds * 1e3, batch / s.seconds,
                    s.memory_bound() ? "memory" : "compute");
    }
}
