#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a deterministic, realistic timelines JSONL file (inferlab's format, see
include/inferlab/metrics_json.hpp) for comparing inferlab's metrics with vllm_metrics.py.

The same N and seed give the same bytes on every platform (Python's own random.Random, whose
sequence is fixed for a given seed; times rounded to whole nanoseconds). What it contains:
  - Poisson arrivals (exponential gaps) at --rate requests per second;
  - open-loop requests with "scheduled_s", most sent on time, some queued behind a client-side
    limit and sent late; closed-loop conversations without "scheduled_s", each turn sent when the
    previous one ended (exactly at its end, or after a short think time);
  - streamed outputs of one token, of many single-token chunks, and with multi-token chunks;
  - "output_tokens" given for most requests (a few larger than the chunks' sum, as when the last
    event carries usage but no text), absent for the rest;
  - failed requests of every kind: error (after some chunks), timeout, rejected, cancelled;
  - exactly one successful request with no chunks at all.

Usage: make_timelines.py N [--seed S] [--rate R] [-o FILE]
"""

import argparse
import json
import random
import sys

WORKLOADS = ("chat", "rag", "code")
TENANTS = ("tenant-a", "tenant-b", "tenant-c")


def ns(t):
    """Seconds rounded to a whole nanosecond, so every reader sees the same instants."""
    return round(t, 9)


class Generator:
    def __init__(self, seed, rate):
        self.rng = random.Random(seed)
        self.rate = rate

    def prompt_tokens(self):
        return max(1, min(8192, int(self.rng.lognormvariate(6.0, 0.9))))

    def output_len(self):
        r = self.rng.random()
        if r < 0.15:
            return 1
        return max(2, min(1024, int(self.rng.lognormvariate(4.5, 0.8))))

    def stream(self, sent, prompt, n_tokens):
        """Chunks [(time, tokens)] carrying n_tokens in total, and the time the stream ended."""
        rng = self.rng
        t = sent + 0.015 + prompt * 4e-5 * rng.uniform(0.8, 1.6) + rng.expovariate(1 / 0.01)
        chunks = []
        left = n_tokens
        multi = rng.random() < 0.3  # speculative decoding or batched SSE events: several tokens per chunk
        while left > 0:
            tokens = min(left, rng.choice((1, 1, 2, 3, 4)) if multi else 1)
            chunks.append([ns(t), tokens])
            left -= tokens
            gap = rng.lognormvariate(-4.0, 0.35)  # about 18 ms per decode step
            if rng.random() < 0.02:
                gap += rng.uniform(0.05, 0.3)  # a stall (preemption, a long prefill batched in)
            t += gap * tokens
        if not chunks:
            return [], ns(t)
        end = chunks[-1][0] + (0.0 if rng.random() < 0.5 else rng.uniform(0.0001, 0.002))
        return chunks, ns(end)

    def request(self, rid, sent, scheduled=None, tags=None, force_ok=False):
        rng = self.rng
        prompt = self.prompt_tokens()
        r = {"id": rid}
        if scheduled is not None:
            r["scheduled_s"] = scheduled
        r["sent_s"] = sent
        outcome = "ok" if force_ok else rng.choices(
            ("ok", "error", "timeout", "rejected", "cancelled"), weights=(90, 3, 2, 4, 1))[0]
        error = None
        if outcome == "ok":
            n = self.output_len()
            chunks, end = self.stream(sent, prompt, n)
            output_tokens = n
            if rng.random() < 0.05:
                output_tokens = n + 1  # the server counted a token that came without text
        elif outcome == "error":
            chunks, end = self.stream(sent, prompt, rng.randint(0, 20)) if rng.random() < 0.6 else ([], None)
            if not chunks:
                end = ns(sent + rng.uniform(0.001, 0.05))
            output_tokens = None
            error = {"kind": rng.choice(("http_500", "connect", "malformed_sse")), "message": "upstream failure"}
        elif outcome == "timeout":
            chunks, _ = self.stream(sent, prompt, rng.randint(0, 8))
            end = ns(max(sent + 30.0, chunks[-1][0] if chunks else 0.0))
            output_tokens = None
            error = {"kind": "timeout", "message": "no response within 30 s"}
        elif outcome == "rejected":
            chunks, end, output_tokens = [], ns(sent + rng.uniform(0.0005, 0.004)), None
            error = {"kind": "http_429", "message": "Too Many Requests"}
        else:
            chunks, end = self.stream(sent, prompt, rng.randint(1, 10))
            output_tokens = None
            error = {"kind": "client", "message": "cancelled by the client"}
        r["chunks"] = chunks
        r["end_s"] = end
        r["prompt_tokens"] = prompt
        if output_tokens is not None and rng.random() < 0.85:
            r["output_tokens"] = output_tokens
        if outcome == "ok" and rng.random() < 0.2:
            r["cached_tokens"] = rng.randint(0, prompt)
        r["status"] = outcome
        if error is not None:
            r["error"] = error
        if tags:
            r["tags"] = tags
        return r


def generate(n, seed=1, rate=10.0):
    g = Generator(seed, rate)
    rng = g.rng
    out = []
    arrival = 0.0
    backlog_until = 0.0  # a client-side concurrency limit: when the queue drains
    empty_at = rng.randrange(n) if n > 0 else -1
    i = 0
    while len(out) < n:
        arrival += rng.expovariate(rate)
        rid = f"r{i}"
        i += 1
        if len(out) == empty_at:  # the one successful request without chunks
            t = ns(arrival)
            out.append({"id": rid, "scheduled_s": t, "sent_s": t, "chunks": [], "end_s": ns(t + 0.012),
                        "prompt_tokens": g.prompt_tokens(), "status": "ok"})
            continue
        if rng.random() < 0.1 and len(out) + 2 <= n:
            # a closed-loop conversation of 2..4 turns, each sent when the previous ended
            conv = f"conv-{i}"
            workload = rng.choice(WORKLOADS)
            sent = ns(arrival)
            for turn in range(rng.randint(2, 4)):
                if len(out) >= n or len(out) == empty_at:
                    break
                r = g.request(f"{rid}.{turn}", sent, tags={"workload": workload, "conversation": conv, "turn": turn})
                out.append(r)
                # Sent exactly at the previous end: a tie that the concurrency sweep breaks by
                # counting the departure first. Only where end - sent is exact in floating point
                # (sent >= end / 2), so that vLLM's start + latency lands on the same instant.
                exact = rng.random() < 0.5 and r["sent_s"] >= r["end_s"] / 2
                think = 0.0 if exact else rng.uniform(0.2, 2.0)
                sent = ns(r["end_s"] + think)
            continue
        scheduled = ns(arrival)
        sent = scheduled
        if rng.random() < 0.15:  # a burst: the client's limit delays it
            backlog_until = max(backlog_until, scheduled) + rng.expovariate(1 / 0.05)
            sent = ns(backlog_until)
        elif rng.random() < 0.5:
            sent = ns(scheduled + rng.uniform(0.0, 0.001))  # ordinary dispatch delay
        tags = {"workload": rng.choice(WORKLOADS), "tenant": rng.choice(TENANTS)} if rng.random() < 0.6 else None
        out.append(g.request(rid, sent, scheduled=scheduled, tags=tags))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=10.0, help="mean arrival rate, requests per second")
    parser.add_argument("-o", "--output", default="-", help='output file ("-": standard output)')
    args = parser.parse_args(argv)
    if args.n < 1:
        raise SystemExit("N must be at least 1")
    lines = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in generate(args.n, args.seed, args.rate))
    if args.output == "-":
        sys.stdout.write(lines)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(lines)


if __name__ == "__main__":
    main()
