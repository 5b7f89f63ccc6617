#!/usr/bin/env python3
"""Runs `inferlab metrics summarize --format vllm` and the numpy reference (vllm_metrics.py) on the
same timelines and requires every metric to agree: integers exactly, floats to a relative 1e-9
(the two differ only in floating-point rounding: inferlab subtracts integer nanoseconds, the
reference float seconds, and numpy's summation order is reproduced but not its every rounding).

usage: compare.py INFERLAB_BINARY TIMELINES.jsonl|generate:N:SEED [extra options passed to both]
(generate:N:SEED writes N requests with make_timelines.py first, into the current directory.)
"""
import json
import math
import subprocess
import sys


def main() -> int:
    binary, timelines, *extra = sys.argv[1:]
    here = __file__.rsplit("/", 1)[0]
    if timelines.startswith("generate:"):
        _, n, seed = timelines.split(":")
        timelines = f"timelines_{n}_{seed}.jsonl"
        subprocess.run([sys.executable, f"{here}/make_timelines.py", n, "--seed", seed, "-o", timelines], check=True)
    ours = json.loads(subprocess.run([binary, "metrics", "summarize", timelines, "--format", "vllm", *extra],
                                     check=True, capture_output=True, text=True).stdout)
    ref_args = []
    for i, a in enumerate(extra):  # the reference takes goodput pairs space-separated
        ref_args += a.split(",") if i > 0 and extra[i - 1] == "--goodput" else [a]
    theirs = json.loads(subprocess.run([sys.executable, f"{here}/vllm_metrics.py", timelines, *ref_args],
                                       check=True, capture_output=True, text=True).stdout)
    failures, worst = [], 0.0
    for key in sorted(set(ours) | set(theirs)):
        if key not in ours or key not in theirs:
            failures.append(f"{key}: only in {'inferlab' if key in ours else 'the reference'}")
            continue
        a, b = ours[key], theirs[key]
        if a is None or b is None or isinstance(a, int) and isinstance(b, int):
            if a != b:
                failures.append(f"{key}: inferlab {a} != reference {b}")
            continue
        rel = abs(a - b) / max(abs(b), 1e-300) if a != b else 0.0
        worst = max(worst, rel)
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            failures.append(f"{key}: inferlab {a!r} != reference {b!r} (relative {rel:.3g})")
    print(f"{len(theirs)} metrics compared on {timelines}; largest relative difference {worst:.3g}")
    for f in failures:
        print("MISMATCH", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
