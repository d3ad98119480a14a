#!/usr/bin/env python3
"""The cache micro-benchmark of issue 13: `remote_cache` operations from Python on the host's
`memory:` store against the same operations on a plain `dict`, and SQLite increments for scale.

    python3 bench/cache_bench.py [--operations N] [--host PATH] [--python PATH]

Each side runs in a process of its own: `detection-host python --cache URL -c CODE` for the
host, the interpreter the host embeds (or --python) for the dict. Every loop is timed inside
Python with time.process_time() (start-up not counted), over 100 keys, best of 3 processes. Prints ns per operation of each and dict/host (1.00: the host cache is as fast as a
dict; below 1: slower).
"""
import argparse
import os
import subprocess
import sys
import tempfile

# One loop per operation; `cache` is a remote_cache or a dict-backed equivalent with the same
# meaning (a counter per key, a set of str per key).
LOOPS = {
    "get": "for i in range(n):\n    cache.get(keys[i % 100])",
    "set": "for i in range(n):\n    cache[keys[i % 100]] = i",
    "increment": "for i in range(n):\n    increment(keys[i % 100])",
    "add_to_string_set": "for i in range(n):\n    add(keys[i % 100], members[i % 7])",
}

HOST_SETUP = """
from detection import remote_cache
cache = remote_cache("bench", ttl=3600)
increment = cache.increment_counter
add = cache.add_to_string_set
"""

DICT_SETUP = """
cache = {}
def increment(key, value=1):
    cache[key] = total = cache.get(key, 0) + value
    return total
def add(key, member):
    members = cache.setdefault(key, set())
    members.add(member)
    return members
"""

PROGRAM = """
import time
{setup}
keys = ["user-%d@example.com" % k for k in range(100)]
members = ["203.0.113.%d" % k for k in range(7)]
if {prefill}:
    for k in keys:
        cache[k] = 0
n = {n}
start = time.process_time()
{loop}
print((time.process_time() - start) * 1e9 / n)
"""


def run(command, rounds=3):
    """The least ns/op of `rounds` processes: the run least disturbed by the machine."""
    best = None
    for _ in range(rounds):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"cache_bench: {' '.join(command[:2])} failed:\n{result.stderr}")
        value = float(result.stdout.strip().splitlines()[-1])
        best = value if best is None else min(best, value)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=1_000_000)
    parser.add_argument("--host", default=os.environ.get("DETECTION_HOST", ".build/release/detection-host"))
    parser.add_argument("--python", default=sys.executable, help="interpreter for the dict side")
    args = parser.parse_args()
    if not os.access(args.host, os.X_OK):
        sys.exit(f"no detection-host at {args.host}: build it (swift build -c release) or pass --host")
    n = args.operations
    print(f"{'operation':<20}{'memory: ns/op':>15}{'dict ns/op':>12}{'dict/host':>11}")
    for name, loop in LOOPS.items():
        prefill = name != "add_to_string_set"  # counters to read, overwrite and increment
        host = run([args.host, "python", "--cache", "memory:", "-c", PROGRAM.format(setup=HOST_SETUP, n=n, loop=loop, prefill=prefill)])
        plain = run([args.python, "-c", PROGRAM.format(setup=DICT_SETUP, n=n, loop=loop, prefill=prefill)])
        print(f"{name:<20}{host:>15.0f}{plain:>12.0f}{plain / host:>10.2f}x")
    with tempfile.TemporaryDirectory() as scratch:
        url = "sqlite:" + os.path.join(scratch, "cache.db")
        count = max(1, n // 100)
        sqlite = run([args.host, "python", "--cache", url, "-c",
                      PROGRAM.format(setup=HOST_SETUP, n=count, loop=LOOPS["increment"], prefill=True)])
    print(f"{'increment (sqlite:)':<20}{sqlite:>15.0f}{'':>12}{'':>11}  (one durable transaction each)")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # `| head`: the reader has gone
        sys.stderr.close()
