#!/usr/bin/env python3
"""Runs one command and records what it cost, for bench/run.sh.

    python3 bench/measure.py RESULT.json --stdout FILE --stderr FILE -- COMMAND [ARG...]

RESULT.json gets {"status", "wall_seconds", "user_seconds", "system_seconds", "max_rss_kb",
"method"}. Peak memory (maximum resident set size) comes from `/usr/bin/time -v` when it is
installed (Debian's `time` package), else from `resource.getrusage(RUSAGE_CHILDREN)`, which on
Linux reports the same number for the only child this process waits for. Wall time is measured
here, around the whole process (start-up and detection loading included).
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def main():
    parser = argparse.ArgumentParser(description="Run a command; record wall time, CPU time and peak memory.",
                                     usage="%(prog)s RESULT.json [--stdout FILE] [--stderr FILE] -- COMMAND [ARG...]")
    parser.add_argument("result", help="where to write the JSON result")
    parser.add_argument("--stdout", default=os.devnull)
    parser.add_argument("--stderr", default=os.devnull)
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        parser.error("no command given after --")
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]

    use_time = os.access(GNU_TIME, os.X_OK)
    report = None
    if use_time:
        handle, report = tempfile.mkstemp(prefix="bench-time-", suffix=".txt")
        os.close(handle)
        command = [GNU_TIME, "-v", "-o", report] + command

    with open(args.stdout, "wb") as out, open(args.stderr, "wb") as err:
        started = time.perf_counter()
        status = subprocess.call(command, stdout=out, stderr=err)
        wall = time.perf_counter() - started

    result = {"status": status, "wall_seconds": round(wall, 3)}
    if use_time:
        with open(report, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        os.unlink(report)

        def field(label):
            match = re.search(re.escape(label) + r":\s*([0-9.]+)", text)
            return float(match.group(1)) if match else None

        # GNU time reports the command's own status as "Exit status: N"; its own is ours.
        exit_status = field("Exit status")
        if exit_status is not None:
            result["status"] = int(exit_status)
        signal = re.search(r"Command terminated by signal (\d+)", text)
        if signal:
            result["status"] = 128 + int(signal.group(1))
        max_rss = field("Maximum resident set size (kbytes)")
        result.update(user_seconds=field("User time (seconds)"), system_seconds=field("System time (seconds)"),
                      max_rss_kb=int(max_rss) if max_rss is not None else None, method="/usr/bin/time -v")
    else:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.update(user_seconds=round(usage.ru_utime, 3), system_seconds=round(usage.ru_stime, 3),
                      max_rss_kb=usage.ru_maxrss, method="resource.getrusage")

    with open(args.result, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
