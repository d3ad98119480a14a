#!/usr/bin/env python3
"""Reads what bench/run.sh measured and prints the comparison.

    python3 bench/report.py compare DIR RECORDS
    python3 bench/report.py memory DIR N1 N2 ...

`compare` reads DIR/host.json, DIR/host.stderr, DIR/host-matches.jsonl, DIR/peer.json and
DIR/peer.stdout; it prints records/s of each runner, the ratio host/peer, peak memory, and the
match counts per detection, and exits 1 when the counts differ (or a runner failed).
`memory` reads DIR/memory-N.json for each N and prints the host's peak memory at each size.
"""

import json
import shutil
import os
import re
import sys


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def host_summary(path):
    """Records and per-detection errors from the summary the host prints on standard error
    (best effort: its layout is for people)."""
    records, errors = None, {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"detection-host: (\d+) records", line)
        if match:
            records = int(match.group(1))
        if line.startswith("detection ") and "errors" in line:
            columns = line.split()
            where = columns.index("errors") - len(columns)  # counted from the right
            for row in lines[index + 1:]:
                cells = row.split()
                if len(cells) != len(columns) or not all(cell.isdigit() for cell in cells[1:]):
                    break
                errors[cells[0]] = int(cells[where])
    return records, errors


def host_matches(path):
    counts = {}
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                name = json.loads(line)["detection"]
                counts[name] = counts.get(name, 0) + 1
    return counts


def mib(kb):
    return f"{kb / 1024:.1f} MiB" if kb is not None else "?"


def cpu(result):
    if result.get("user_seconds") is None:
        return None
    return result["user_seconds"] + (result.get("system_seconds") or 0)


def compare(directory, expected_records):
    host = load(os.path.join(directory, "host.json"))
    peer = load(os.path.join(directory, "peer.json"))
    failures = []
    if host["status"] not in (0, 1):
        failures.append(f"detection-host exited with status {host['status']} (see {directory}/host.stderr)")
    if peer["status"] not in (0, 1):
        failures.append(f"peer.py exited with status {peer['status']} (see {directory}/peer.stderr)")
    if failures:
        print("\n".join("FAILED: " + failure for failure in failures))
        return 1

    host_records, host_errors = host_summary(os.path.join(directory, "host.stderr"))
    with open(os.path.join(directory, "peer.stdout"), encoding="utf-8") as handle:
        peer_summary = json.loads(handle.read().strip().splitlines()[-1])
    matches_host = host_matches(os.path.join(directory, "host-matches.jsonl"))
    matches_peer = peer_summary["matches"]
    for name in matches_peer:
        matches_host.setdefault(name, 0)

    host_rate = expected_records / host["wall_seconds"]
    peer_rate = expected_records / peer["wall_seconds"]
    host_cpu, peer_cpu = cpu(host), cpu(peer)

    print(f"corpus: {expected_records} records, detections: {len(matches_peer)}")
    print()
    print(f"{'':22}{'detection-host':>16}{'peer.py':>16}{'host/peer':>12}")
    print(f"{'records/s (wall)':22}{host_rate:>16,.0f}{peer_rate:>16,.0f}{host_rate / peer_rate:>11.2f}x")
    print(f"{'wall seconds':22}{host['wall_seconds']:>16.2f}{peer['wall_seconds']:>16.2f}")
    if host_cpu and peer_cpu:
        print(f"{'records/s (CPU time)':22}{expected_records / host_cpu:>16,.0f}{expected_records / peer_cpu:>16,.0f}"
              f"{peer_cpu / host_cpu:>11.2f}x")
    print(f"{'peak memory (max RSS)':22}{mib(host['max_rss_kb']):>16}{mib(peer['max_rss_kb']):>16}")
    print(f"(peak memory by {host.get('method')}; wall time includes start-up and loading the detections)")
    print()

    width = max(len(name) for name in matches_host) + 2
    print(f"{'matches':{width}}{'host':>10}{'peer':>10}")
    for name in sorted(matches_host):
        host_count, peer_count = matches_host[name], matches_peer.get(name)
        mark = "" if host_count == peer_count else "   <-- DIFFERENT"
        print(f"{name:{width}}{host_count:>10}{peer_count if peer_count is not None else '-':>10}{mark}")
        if host_count != peer_count:
            failures.append(f"match counts differ for {name}: host {host_count}, peer {peer_count}")
    print()

    if host_records is not None and host_records != expected_records:
        failures.append(f"detection-host read {host_records} records, the corpus has {expected_records}")
    if peer_summary["records"] != expected_records:
        failures.append(f"peer.py read {peer_summary['records']} records, the corpus has {expected_records}")
    for name, count in peer_summary["errors"].items():
        if count or host_errors.get(name, 0):
            print(f"note: {name} raised: host {host_errors.get(name, '?')} times, peer {count} times")
            if name in host_errors and host_errors[name] != count:
                failures.append(f"error counts differ for {name}: host {host_errors[name]}, peer {count}")

    if failures:
        print("\n".join("FAILED: " + failure for failure in failures))
        return 1
    print("OK: equal match counts for every detection")
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
        growth = peaks[-1] / peaks[0]
        print(f"peak memory at {sizes[-1]:,} records is {growth:.2f}x the peak at {sizes[0]:,} records "
              f"({sizes[-1] / sizes[0]:.0f}x the input)")
    return 0


def fastest(directory, name, rounds):
    """Copies the fastest (least wall time) of NAME-1 .. NAME-ROUNDS to NAME, for `compare`."""
    best = min(range(1, rounds + 1), key=lambda r: load(os.path.join(directory, f"{name}-{r}.json"))["wall_seconds"])
    for suffix in (".json", ".stdout", ".stderr"):
        shutil.copyfile(os.path.join(directory, f"{name}-{best}{suffix}"), os.path.join(directory, name + suffix))
    walls = [load(os.path.join(directory, f"{name}-{r}.json"))["wall_seconds"] for r in range(1, rounds + 1)]
    print(f"{name}: wall seconds by round {', '.join(f'{w:.2f}' for w in walls)}; using round {best}")
    return 0


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "fastest":
        return fastest(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    if len(sys.argv) >= 4 and sys.argv[1] == "compare":
        return compare(sys.argv[2], int(sys.argv[3]))
    if len(sys.argv) >= 4 and sys.argv[1] == "memory":
        return memory(sys.argv[2], [int(size) for size in sys.argv[3:]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
