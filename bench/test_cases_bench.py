#!/usr/bin/env python3
"""How fast `detection-host test` runs cases: generates a detection with N small cases (default
1,000: single records and short sequences, with cache seeds, cache checks and a mock), runs
`detection-host test` on it a few times, and prints the best cases/s.

    bench/test_cases_bench.py                       # 1,000 cases with .build/release/detection-host
    bench/test_cases_bench.py --cases 5000 --rounds 5
    DETECTION_HOST=.build/debug/detection-host bench/test_cases_bench.py

Build the binary first (`swift build -c release --product detection-host`)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

DETECT = '''from detection import remote_cache

failures = remote_cache("bench_failures", ttl=3600)
THRESHOLD = 3


def known_bad(ip):
    return False


def detect(record):
    if record.deepget("event.outcome") != "failure":
        return False
    count = failures.increment_counter(record.deepget("user.name"))
    return count >= THRESHOLD or known_bad(record.deepget("source.ip"))


def title(record):
    return "failures by " + str(record.deepget("user.name"))


def alert_context(record):
    return {"user": record.deepget("user.name"), "ip": record.deepget("source.ip")}
'''


def record(user, outcome, ip, ts):
    return {"event": {"outcome": outcome}, "user": {"name": user}, "source": {"ip": ip}, "ts": ts}


def case(index):
    user = "user%d@example.com" % index
    ip = "10.0.%d.%d" % (index // 256 % 256, index % 256)
    kind = index % 4
    if kind == 0:
        return {"name": "case %d: a success is ignored" % index,
                "record": record(user, "success", ip, 1700000000 + index), "expect": False}
    if kind == 1:
        return {"name": "case %d: a seeded count reaches the threshold" % index,
                "cache": {"bench_failures": {user: 2}},
                "record": record(user, "failure", ip, 1700000000 + index),
                "expect": {"match": True, "title": "failures by " + user, "alert_context": {"user": user, "ip": ip},
                           "cache": {"bench_failures": {user: 3}}}}
    if kind == 2:
        return {"name": "case %d: three failures in a row" % index,
                "records": [record(user, "failure", ip, 1700000000 + index + step) for step in range(3)],
                "expect": {"matches": [False, False, True],
                           "alerts": [{"dedupe": "failures by " + user, "activated": True, "match_count": 1}]}}
    return {"name": "case %d: a known bad IP matches at once" % index,
            "mocks": {"known_bad": True},
            "record": record(user, "failure", ip, 1700000000 + index), "expect": True}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    host = os.environ.get("DETECTION_HOST", os.path.join(root, ".build", "release", "detection-host"))
    if not os.access(host, os.X_OK):
        sys.exit("test_cases_bench.py: no %s; build it or set DETECTION_HOST" % host)
    scratch = tempfile.mkdtemp(prefix="test-cases-bench-")
    try:
        folder = os.path.join(scratch, "bench_failures")
        os.makedirs(os.path.join(folder, "tests"))
        with open(os.path.join(folder, "detect.py"), "w") as file:
            file.write(DETECT)
        per_file = 100
        for start in range(0, arguments.cases, per_file):
            cases = [case(index) for index in range(start, min(start + per_file, arguments.cases))]
            with open(os.path.join(folder, "tests", "cases-%05d.json" % start), "w") as file:
                json.dump(cases, file, indent=1)
        best = None
        for _ in range(arguments.rounds):
            started = time.perf_counter()
            result = subprocess.run([host, "test", folder], capture_output=True, text=True)
            seconds = time.perf_counter() - started
            last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
            if result.returncode != 0 or not last.startswith("%d passed, 0 failed" % arguments.cases):
                sys.exit("detection-host test failed (exit %d):\n%s%s" % (result.returncode, result.stdout[-2000:], result.stderr[-2000:]))
            best = seconds if best is None else min(best, seconds)
        print("%d cases in %.3f s (best of %d, process start included): %.0f cases/s"
              % (arguments.cases, best, arguments.rounds, arguments.cases / best))
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
