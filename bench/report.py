#!/usr/bin/env python3
"""Reads what bench/run.sh measured and prints the comparison of DESIGN §10.

    python3 bench/report.py corpus DIR NAME ROUNDS    # one corpus: host, peers, floor
    python3 bench/report.py memory DIR N1 N2 ...      # the host's peak memory by input size

`corpus` reads DIR/NAME-RUNNER-ROUND.json (from bench/measure.py) and each runner's output for
the runners host, peer-json, peer-orjson and floor. Each runner is reported by its round with the
least CPU time (the least disturbed on a shared machine). It prints records/s, CPU seconds, peak
memory, the ratios host/peer (above 1: the host is faster) and host/floor (1 would mean the host
costs no more than the detections themselves), and exits 1 when a runner failed or the runners'
match counts differ for any detection.
`memory` reads DIR/memory-N.json for each N.
"""

import json
import os
import sys

RUNNERS = ["host", "peer-json", "peer-orjson", "floor"]


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def mib(kb):
    return f"{kb / 1024:.0f} MiB" if kb else "?"


def cpu(result):
    return (result.get("user_seconds") or 0) + (result.get("system_seconds") or 0)


def rows_by_detection(path):
    counts = {}
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                name = json.loads(line)["detection"]
                counts[name] = counts.get(name, 0) + 1
    return counts


def runner_result(directory, corpus, runner, rounds):
    """The least-CPU round of a runner: (measure.json, CPU seconds that count, matches)."""
    best = None
    for round_number in range(1, rounds + 1):
        stem = os.path.join(directory, f"{corpus}-{runner}-{round_number}")
        result = load(stem + ".json")
        if result["status"] not in (0, 1):
            raise RuntimeError(f"{runner} exited with status {result['status']} (see {stem}.stderr)")
        if runner == "floor":
            with open(stem + ".stdout", encoding="utf-8") as handle:
                inner = json.loads(handle.read().strip().splitlines()[-1])
            seconds, matches = inner["cpu_seconds"], inner["matches"]
        else:
            seconds, matches = cpu(result), rows_by_detection(stem + ".matches")
        if best is None or seconds < best[1]:
            best = (result, seconds, matches)
    return best


def corpus_report(directory, corpus, rounds):
    with open(os.path.join(directory, f"{corpus}.records"), encoding="utf-8") as handle:
        records = int(handle.read())
    try:
        results = {runner: runner_result(directory, corpus, runner, rounds) for runner in RUNNERS}
    except RuntimeError as failure:
        print(f"FAILED ({corpus}): {failure}")
        return 1
    host_cpu = results["host"][1]
    print(f"== {corpus}: {records:,} records, best of {rounds} by CPU time")
    print(f"{'runner':<13}{'records/s':>12}{'CPU s':>9}{'wall s':>9}{'peak RSS':>10}{'host/this':>11}")
    for runner in RUNNERS:
        result, seconds, _ = results[runner]
        wall = result["wall_seconds"]
        rss = "-" if runner == "floor" else mib(result.get("max_rss_kb"))
        ratio = f"{seconds / host_cpu:.2f}x" if runner != "host" else ""
        print(f"{runner:<13}{records / seconds:>12,.0f}{seconds:>9.2f}{wall:>9.2f}{rss:>10}{ratio:>11}")
    print("(records/s and host/this on CPU seconds; the floor counts only its detection loop)")

    reference = results["host"][2]
    failures = []
    for runner in RUNNERS[1:]:
        matches = results[runner][2]
        for name in sorted(set(reference) | set(matches)):
            if reference.get(name, 0) != matches.get(name, 0):
                failures.append(f"{name}: host {reference.get(name, 0)} matches, {runner} {matches.get(name, 0)}")
    if failures:
        print("\n".join(f"FAILED ({corpus}): {failure}" for failure in failures))
        return 1
    total = sum(reference.values())
    print(f"OK: {total:,} matches over {len(reference)} detections, equal in all four runners")
    return 0


def memory(directory, sizes):
    print(f"{'records':>12}{'peak memory (max RSS)':>24}{'wall s':>10}{'records/s':>12}")
    peaks = []
    for size in sizes:
        result = load(os.path.join(directory, f"memory-{size}.json"))
        if result["status"] not in (0, 1):
            print(f"FAILED: detection-host exited with status {result['status']} on {size} records "
                  f"(see {directory}/memory-{size}.stderr)")
            return 1
        peaks.append(result["max_rss_kb"])
        print(f"{size:>12,}{mib(result['max_rss_kb']):>24}{result['wall_seconds']:>10.2f}"
              f"{size / result['wall_seconds']:>12,.0f}")
    if len(peaks) >= 2 and all(peaks):
        print(f"peak memory at {sizes[-1]:,} records is {peaks[-1] / peaks[0]:.2f}x the peak at "
              f"{sizes[0]:,} records ({sizes[-1] / sizes[0]:.0f}x the input)")
    return 0


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "corpus":
        return corpus_report(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    if len(sys.argv) >= 4 and sys.argv[1] == "memory":
        return memory(sys.argv[2], [int(size) for size in sys.argv[3:]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
