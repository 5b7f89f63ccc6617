// The `inferlab` command line: thin wiring over library calls a program can make itself.
//
//   inferlab metrics summarize TIMELINES.jsonl [...]   serving metrics from request timelines
//   inferlab roofline --model M --gpu G [...]          what the hardware allows (docs/roofline.md)
//   inferlab roofline list-gpus | list-models          the catalogs
#include "cli.hpp"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

const char* const usage_text =
    "usage: inferlab metrics summarize TIMELINES.jsonl [MORE.jsonl ...] [options]\n"
    "  --percentiles LIST     e.g. 50,90,99,99.9 (default 50,90,95,99,99.9)\n"
    "  --goodput SLOS         e.g. ttft:200,tpot:50,e2el:1000 (milliseconds; a request is good iff it meets all)\n"
    "  --warmup N             drop the first N requests (by send time); --warmup-s S: those sent in the first S s\n"
    "  --cooldown N           drop the last N requests; --cooldown-s S: those sent in the last S s\n"
    "  --duration S           the run's duration in seconds (default: last end - first intended start)\n"
    "  --mode exact|hdr       exact samples (numpy statistics, default) or HDR histograms (bounded memory)\n"
    "  --time-series S        add a time series at an interval of S seconds (json format)\n"
    "  --format table|json|vllm   console table (default), inferlab's summary JSON, or vLLM's --save-result keys\n"
    "  --hdr-log FILE         write an HdrHistogram log with one tagged histogram per metric (implies --mode hdr)\n"
    "\n"
    "usage: inferlab roofline (--model NAME | --model-config config.json) --gpu NAME [options]\n"
    "       inferlab roofline list-gpus|list-models [--json]\n"
    "  --dtype bf16|fp16|fp8|int8|int4   weight format (int4: AWQ/GPTQ, --group-size 128)\n"
    "  --kv-dtype DTYPE       KV-cache format (default bf16)\n"
    "  --math-dtype DTYPE     tensor-core format of the matmuls (default: bf16; fp8 for fp8, int8 for int8 weights)\n"
    "  --batch LIST           decode batch sizes (default 1,4,16,64)\n"
    "  --context N            tokens already cached per sequence (default 1024)\n"
    "  --tp N                 tensor-parallel GPUs (default 1)\n"
    "  --prompt N --output N  also estimate one request: prefill (TTFT floor) and its decode steps\n"
    "  --mem-util F           vLLM's gpu_memory_utilization for the KV-cache plan (default 0.9)\n"
    "  --block-size N         paged KV block size (default 16)\n"
    "  --efficiency-memory F --efficiency-compute F   achieved fractions of the peaks (default 1: the floor)\n"
    "  --measured-tpot-ms X   report MBU and MFU of a measured decode step at the first batch size\n"
    "  --gpu-catalog FILE     load more GPUs from JSON (docs/roofline.md)\n"
    "  --json                 machine-readable output\n";

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() >= 2 && args[0] == "metrics" && args[1] == "summarize")
            return cli::metrics_command(std::vector<std::string>(args.begin() + 2, args.end()));
        if (!args.empty() && args[0] == "roofline") return cli::roofline_command(std::vector<std::string>(args.begin() + 1, args.end()));
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::fputs(usage_text, stdout);
            return args.empty() ? 2 : 0;
        }
        throw cli::usage_error("unknown command \"" + args[0] + (args.size() > 1 ? " " + args[1] : std::string()) + "\"");
    } catch (const cli::usage_error& e) {
        std::fprintf(stderr, "inferlab: %s\n\n%s", e.what(), usage_text);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "inferlab: %s\n", e.what());
        return 1;
    }
}
