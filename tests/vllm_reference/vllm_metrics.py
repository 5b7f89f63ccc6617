#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""vLLM's serving metrics, re-derived from a timelines JSONL file, for cross-checking inferlab.

This script restates, in its own code, the definitions that vLLM's benchmark client applies to
its per-request results: `calculate_metrics()` in vllm/benchmarks/serve.py (vLLM's
`vllm bench serve`), together with the keys that `benchmark()` in the same file writes to the
result JSON (`--save-result`). It reads inferlab's timelines format (one request per line, times in
seconds from the run start, see include/inferlab/metrics_json.hpp) and prints one JSON object with
exactly vLLM's metric keys, so that inferlab's own summary can be compared with vLLM's numbers.

How a timeline maps onto vLLM's per-request record (RequestFuncOutput):
  success      status == "ok"
  start_time   sent_s
  ttft         first chunk time - sent_s; 0.0 when there is no chunk (vLLM's default)
  latency      end_s - sent_s
  itl          the gaps between consecutive chunks (one entry per chunk after the first: vLLM
               times stream events, not tokens, so a chunk of several tokens is one gap)
  output_len   output_tokens when given, else the sum of the chunks' tokens

Everything below is vLLM's arithmetic on float seconds taken directly from the JSON values (vLLM
works on time.perf_counter() floats the same way): np.mean / np.std (population) / np.median /
np.percentile (linear interpolation), "or 0" for empty lists, times 1000 for milliseconds.

Usage: vllm_metrics.py TIMELINES.jsonl [--percentiles 50,90,99] [--goodput ttft:200 tpot:50]
                                       [--duration SECONDS]
Needs Python 3 and numpy (Debian: python3-numpy).
"""

import argparse
import json
import math
import sys

import numpy as np

MS_PER_S = 1000.0
GOODPUT_METRICS = ("ttft", "tpot", "e2el")


def read_timelines(path):
    """The timelines of a JSONL file (or stdin for "-"), skipping blank lines."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        return [json.loads(line) for line in stream if line.strip()]


def per_request(t):
    """vLLM's view of one successful request: (start, ttft, latency, itl, output_len)."""
    sent = t["sent_s"]
    times = [c[0] for c in t["chunks"]]
    ttft = times[0] - sent if times else 0.0
    latency = t["end_s"] - sent
    itl = [later - earlier for earlier, later in zip(times, times[1:])]
    output_tokens = t.get("output_tokens")
    output_len = output_tokens if output_tokens is not None else sum(c[1] for c in t["chunks"])
    return sent, ttft, latency, itl, output_len


def default_duration(timelines):
    """From the earliest intended start (scheduled_s, else sent_s) to the last end."""
    def intended(t):
        scheduled = t.get("scheduled_s")
        return scheduled if scheduled is not None else t["sent_s"]
    return max(t["end_s"] for t in timelines) - min(intended(t) for t in timelines)


def peak_tokens_per_second(requests):
    """vLLM's max_output_tokens_per_s: one token per stream event, counted in one-second buckets
    from the earliest successful start."""
    min_start = min(start for start, _, _, _, _ in requests)
    max_end = max(start + latency for start, _, latency, _, _ in requests)
    n_buckets = int(np.ceil(max_end - min_start)) + 1
    counts = np.zeros(n_buckets)
    for start, ttft, _, itl, _ in requests:
        stamp = start + ttft
        stamps = [stamp]
        for gap in itl:
            stamp += gap
            stamps.append(stamp)
        for s in stamps:
            bucket = int(s - min_start)
            if 0 <= bucket < n_buckets:
                counts[bucket] += 1
    return float(np.max(counts))


def peak_concurrency(requests):
    """vLLM's max_concurrent_requests: a sweep over the half-open intervals [start, start + latency),
    departures counted before arrivals at equal times."""
    events = []
    for start, _, latency, _, _ in requests:
        events.append((start, 1))
        events.append((start + latency, -1))
    events.sort(key=lambda e: (e[0], e[1]))
    active = peak = 0
    for _, step in events:
        active += step
        peak = max(peak, active)
    return peak


def compute(timelines, duration, percentiles, goodput):
    ok = [per_request(t) for t in timelines if t["status"] == "ok"]
    failed = len(timelines) - len(ok)

    total_input = sum(t["prompt_tokens"] for t in timelines if t["status"] == "ok")
    total_output = sum(output_len for _, _, _, _, output_len in ok)  # failed requests count 0
    ttfts = [ttft for _, ttft, _, _, _ in ok]
    e2els = [latency for _, _, latency, _, _ in ok]
    itls = [gap for _, _, _, itl, _ in ok for gap in itl]
    tpots = []      # only requests with more than one output token
    all_tpots = []  # every request, 0.0 when it has at most one token (used for goodput)
    for _, ttft, latency, _, output_len in ok:
        tpot = 0.0
        if output_len > 1:
            tpot = (latency - ttft) / (output_len - 1)
            tpots.append(tpot)
        all_tpots.append(tpot)

    request_goodput = None
    if goodput:
        columns = {"ttft": ttfts, "tpot": all_tpots, "e2el": e2els}
        chosen = [name for name in GOODPUT_METRICS if name in goodput]
        limits_s = [goodput[name] / MS_PER_S for name in chosen]
        good = sum(
            1
            for values in zip(*(columns[name] for name in chosen))
            if all(limit >= value for limit, value in zip(limits_s, values))
        )
        request_goodput = good / duration

    result = {
        "duration": duration,
        "completed": len(ok),
        "failed": failed,
        "total_input_tokens": total_input,
        "total_output_tokens": total_output,
        "request_throughput": len(ok) / duration,
        "request_goodput": request_goodput,
        "output_throughput": total_output / duration,
        "total_token_throughput": (total_input + total_output) / duration,
        "max_output_tokens_per_s": peak_tokens_per_second(ok) if ok else 0.0,
        "max_concurrent_requests": peak_concurrency(ok) if ok else 0,
    }
    for name, values in (("ttft", ttfts), ("tpot", tpots), ("itl", itls), ("e2el", e2els)):
        data = values or 0  # vLLM's "or 0": an empty list gives 0 for every statistic
        result[f"mean_{name}_ms"] = float(np.mean(data)) * MS_PER_S
        result[f"median_{name}_ms"] = float(np.median(data)) * MS_PER_S
        result[f"std_{name}_ms"] = float(np.std(data)) * MS_PER_S
        for p in percentiles:
            word = str(int(p)) if int(p) == p else str(p)
            result[f"p{word}_{name}_ms"] = float(np.percentile(data, p)) * MS_PER_S
    return result


def parse_goodput(pairs):
    """["ttft:200", "tpot:50"] -> {"ttft": 200.0, "tpot": 50.0} (milliseconds), checked as vLLM does."""
    slos = {}
    for pair in pairs or []:
        try:
            name, value = pair.split(":")
            slos[name] = float(value)
        except ValueError:
            raise SystemExit(f'goodput: "{pair}" is not KEY:VALUE (a metric name and milliseconds)')
        if name not in GOODPUT_METRICS:
            raise SystemExit(f'goodput: unknown metric "{name}" (expected one of {", ".join(GOODPUT_METRICS)})')
        if slos[name] < 0:
            raise SystemExit(f'goodput: "{pair}": the value must be non-negative')
    return slos


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("timelines", help='timelines JSONL file ("-": standard input)')
    parser.add_argument("--percentiles", default="99",
                        help='comma-separated percentiles, as vLLM\'s --metric-percentiles (default "99")')
    parser.add_argument("--goodput", nargs="+", metavar="KEY:MS",
                        help="service level objectives in milliseconds: ttft, tpot and/or e2el")
    parser.add_argument("--duration", type=float,
                        help="benchmark duration in seconds (default: last end_s - earliest scheduled_s or sent_s)")
    args = parser.parse_args(argv)

    percentiles = [float(p) for p in args.percentiles.split(",")]
    goodput = parse_goodput(args.goodput)
    timelines = read_timelines(args.timelines)
    if not timelines:
        raise SystemExit("no timelines in the input")
    duration = args.duration if args.duration is not None else default_duration(timelines)
    if not (duration > 0 and math.isfinite(duration)):
        raise SystemExit(f"the duration must be a positive number of seconds, not {duration}")
    if not any(t["status"] == "ok" for t in timelines):
        print("warning: all requests failed", file=sys.stderr)

    json.dump(compute(timelines, duration, percentiles, goodput), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
