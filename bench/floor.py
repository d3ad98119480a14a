#!/usr/bin/env python3
"""The floor of DESIGN §10: what running the detections costs, with no input or output at all.

    detection-host python bench/floor.py DETECTION_DIR... --input FILE

Runs inside the host (`detection-host python`), so the detections see the host's own
`detection` module: its `Record` (with native `deepget`) and its `remote_cache` on `memory:`.
Every record is decoded into a `detection.Record` before the clock starts; then each detection
is called on each record, and a match's `title` and `dedupe` functions too (they are detection
code), with no alerting and nothing written. Prints one JSON object: the CPU and wall seconds of
that loop alone and the matches per detection, which must equal the other runners' counts.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_minimal  # noqa: E402  (finding and loading detections exactly as the peers do)
from detection import Record  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--input", required=True)
    args = parser.parse_args()
    detections = [peer_minimal.Detection(folder) for folder in peer_minimal.find(args.paths)]
    records = [record for _, record in peer_minimal.records(args.input, json.loads)]
    records = [Record(record) for record in records]  # the host's type, nested objects included

    matches = {detection.name: 0 for detection in detections}
    errors = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for record in records:
        for detection in detections:
            try:
                if not detection.detect(record):
                    continue
            except Exception:
                errors += 1
                continue
            matches[detection.name] += 1
            detection.call("title", record)
            detection.call("dedupe", record)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"runner": "floor", "records": len(records), "cpu_seconds": cpu, "wall_seconds": wall,
                      "matches": {name: count for name, count in matches.items() if count}, "errors": errors}))


if __name__ == "__main__":
    main()
