#!/usr/bin/env python3
"""Nanoseconds per `remote_cache` operation on `memory:`, next to the same operation on a
dict-backed cache written in Python (issue 13 §2, "the memory cache at dict speed").

    python3 bench/micro/cache_ops.py [--host PATH] [--ops N]

Each loop is timed inside `detection-host python --cache memory: -c CODE`, best of three, so
start-up is not counted. Prints one line per operation: host ns, dict ns, dict/host.
"""
import argparse
import os
import subprocess
import sys

SETUP_HOST = """
from detection import remote_cache
c = remote_cache("bench", ttl=3600)
"""

SETUP_DICT = """
import time as _t
class DictCache:
    def __init__(self, ttl):
        self.ttl, self.data = ttl, {}
    def __getitem__(self, key):
        item = self.data.get(key)
        return item[0] if item and item[1] > _t.time() else None
    def __setitem__(self, key, value):
        self.data[key] = (value, _t.time() + self.ttl)
    def increment_counter(self, key, value=1):
        now = _t.time()
        item = self.data.get(key)
        count = (item[0] if item and item[1] > now else 0) + value
        self.data[key] = (count, item[1] if item and item[1] > now else now + self.ttl)
        return count
    def add_to_string_set(self, key, strings):
        now = _t.time()
        item = self.data.get(key)
        members = set(item[0]) if item and item[1] > now else set()
        members.update([strings] if isinstance(strings, str) else strings)
        self.data[key] = (members, item[1] if item and item[1] > now else now + self.ttl)
        return set(members)
c = DictCache(3600)
"""

OPERATIONS = {
    "get": ("c['key%d' % (i % 100)]", "for i in range(100): c['key%d' % i] = i"),
    "set": ("c['key%d' % (i % 100)] = i", ""),
    "increment": ("c.increment_counter('key%d' % (i % 100))", ""),
    "add_to_string_set": ("c.add_to_string_set('user%d' % (i % 100), 'ip%d' % (i % 7))", ""),
}

LOOP = """
import time
{setup}
{prepare}
best = None
for _ in range(3):
    start = time.perf_counter()
    for i in range({n}):
        {body}
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
empty = None
for _ in range(3):
    start = time.perf_counter()
    for i in range({n}):
        'key%d' % (i % 100)
    elapsed = time.perf_counter() - start
    empty = elapsed if empty is None else min(empty, elapsed)
print((best - empty) / {n} * 1e9)
"""


def measure(host, setup, name, n):
    body, prepare = OPERATIONS[name]
    code = LOOP.format(setup=setup, prepare=prepare, body=body, n=n)
    out = subprocess.run([host, "python", "--cache", "memory:", "-c", code],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("DETECTION_HOST", ".build/release/detection-host"))
    parser.add_argument("--ops", type=int, default=200_000)
    args = parser.parse_args()
    if not os.access(args.host, os.X_OK):
        sys.exit(f"no detection-host at {args.host}")
    print(f"{'operation':<20}{'host ns':>10}{'dict ns':>10}{'dict/host':>11}")
    for name in OPERATIONS:
        host = measure(args.host, SETUP_HOST, name, args.ops)
        plain = measure(args.host, SETUP_DICT, name, args.ops)
        print(f"{name:<20}{host:>10.0f}{plain:>10.0f}{plain / host:>11.2f}")


if __name__ == "__main__":
    main()
