#!/usr/bin/env python3
"""Interleaved paired timing of two commands on a noisy machine.

    tools/bench/pair.py N "command A" "command B"

Runs A then B (or B then A, alternating, so neither always runs second on a
warm cache) N times each, and prints each one's median wall time and the
median and range of the per-pair ratio B/A. This machine's speed drifts by
a quarter over minutes, so only ratios taken within a pair are compared.
"""
import statistics
import subprocess
import sys
import time


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    n, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ta, tb, ratio = [], [], []
    for i in range(n):
        if i % 2 == 0:
            x = wall(a)
            y = wall(b)
        else:
            y = wall(b)
            x = wall(a)
        ta.append(x)
        tb.append(y)
        ratio.append(y / x)
        print(f"pair {i + 1}: A {x:.3f} s  B {y:.3f} s  B/A {y / x:.3f}", flush=True)
    print(f"A median {statistics.median(ta):.3f} s ({min(ta):.3f}-{max(ta):.3f})")
    print(f"B median {statistics.median(tb):.3f} s ({min(tb):.3f}-{max(tb):.3f})")
    print(f"B/A median {statistics.median(ratio):.3f} ({min(ratio):.3f}-{max(ratio):.3f})")


if __name__ == "__main__":
    main()
