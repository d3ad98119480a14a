#!/usr/bin/env python3
"""Increments per second through Python: the host's remote cache on the memory and SQLite
stores, and a plain Python dict for scale (issue: durable SQLite store).

    python3 bench/cache_bench.py [--increments N] [--host PATH]

Each store runs in its own `detection-host python --cache URL -c CODE` process; the loop is
timed inside Python, so start-up is not counted. Prints one line per store and the ratios.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

LOOP = """
import time
from detection import remote_cache
c = remote_cache("bench", ttl=3600)
n = {n}
start = time.perf_counter()
for i in range(n):
    c.increment_counter("key%d" % (i % 100))
elapsed = time.perf_counter() - start
assert sum(c[k] for k in c.keys()) == n, "lost increments"
print(n / elapsed)
"""

DICT_LOOP = """
import time
d = {{}}
n = {n}
start = time.perf_counter()
for i in range(n):
    key = "key%d" % (i % 100)
    d[key] = d.get(key, 0) + 1
elapsed = time.perf_counter() - start
print(n / elapsed)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--increments", type=int, default=200_000)
    parser.add_argument("--host", default=os.environ.get("DETECTION_HOST", ".build/release/detection-host"))
    args = parser.parse_args()
    if not os.access(args.host, os.X_OK):
        sys.exit(f"no detection-host at {args.host}: build it (swift build -c release) or pass --host")
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, url, count in [
            ("memory", "memory:", args.increments),
            ("sqlite", "sqlite:" + os.path.join(scratch, "cache.db"), max(1, args.increments // 10)),
        ]:
            code = LOOP.format(n=count)
            out = subprocess.run([args.host, "python", "--cache", url, "-c", code],
                                 check=True, capture_output=True, text=True).stdout
            results[name] = float(out.strip().splitlines()[-1])
    results["python dict"] = float(subprocess.run([sys.executable, "-c", DICT_LOOP.format(n=args.increments)],
                                                  check=True, capture_output=True, text=True).stdout)
    for name, rate in results.items():
        print(f"{name:12} {rate:14,.0f} increments/s")
    print(f"memory/dict  {results['memory'] / results['python dict']:.2f}x   sqlite/memory {results['sqlite'] / results['memory']:.4f}x")


if __name__ == "__main__":
    main()
