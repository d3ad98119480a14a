#!/usr/bin/env python3
"""The peers of DESIGN §10: the minimal Python runner a user would write instead of the host.

    python3 bench/peer_minimal.py --decoder json   DETECTION_DIR... --input FILE --output FILE
    python3 bench/peer_minimal.py --decoder orjson DETECTION_DIR... --input FILE --output FILE

A decoder per record (`json.loads`, or `orjson.loads`, the fastest a Python user can install),
a `dict` subclass with `deepget`, a `dict` cache with a TTL, the host's alerting (one alert per
detection and dedupe string for its window, activated at its threshold) and each match written
as one JSON line with the host's fields. Nothing more: this is the ten-minute runner. It finds
and names detections as the host does (`detection.yml`'s `name`, else the folder's name; folders
searched in sorted order) so that the match counts can be compared. JSON Lines input, or one
CloudTrail `{"Records": [...]}` document (`.json.gz` too). Standard library plus PyYAML, and
orjson for `--decoder orjson`.
"""

import argparse
import gzip
import importlib.util
import os
import sys
import time
import types
import uuid

import yaml


class Record(dict):
    def deepget(self, path, default=None):
        value = self
        for key in path.split(".") if isinstance(path, str) else path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and str(key).lstrip("-").isdigit() and -len(value) <= int(key) < len(value):
                value = value[int(key)]
            else:
                return default
            if value is None:
                return default
        return value


class StringSet(set):
    def __sub__(self, other):
        return StringSet(set(self) - (other or set()))


class RemoteCache:
    """A namespace of one process-wide dict: key -> [value, expires_at]."""
    store = {}

    def __init__(self, namespace, ttl=3600):
        self.entries = RemoteCache.store.setdefault(namespace, {})
        self.ttl = ttl

    def _live(self, key):
        entry = self.entries.get(key)
        if entry is not None and entry[1] <= time.time():
            del self.entries[key]
            return None
        return entry

    def __getitem__(self, key):
        entry = self._live(key)
        if entry is None:
            return None
        return StringSet(entry[0]) if isinstance(entry[0], set) else entry[0]

    get = __getitem__

    def __setitem__(self, key, value):
        self.entries[key] = [value, time.time() + self.ttl]

    def __delitem__(self, key):
        self.entries.pop(key, None)

    def __contains__(self, key):
        return self._live(key) is not None

    def increment_counter(self, key, value=1):
        entry = self._live(key) or self.entries.setdefault(key, [0, time.time() + self.ttl])
        entry[0] += value
        return entry[0]

    def decrement_counter(self, key, value=1):
        return self.increment_counter(key, -value)

    def add_to_string_set(self, key, strings):
        entry = self._live(key) or self.entries.setdefault(key, [set(), time.time() + self.ttl])
        entry[0].update([strings] if isinstance(strings, str) else strings)
        return StringSet(entry[0])

    def remove_from_string_set(self, key, strings):
        entry = self._live(key)
        if entry is None:
            return StringSet()
        entry[0].difference_update([strings] if isinstance(strings, str) else strings)
        return StringSet(entry[0])


class Detection:
    def __init__(self, folder):
        meta = {}
        for name in ("detection.yml", "detection.yaml"):
            if os.path.isfile(os.path.join(folder, name)):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    meta = yaml.safe_load(handle) or {}
                break
        alert = meta.get("alert") or {}
        self.name = meta.get("name") or os.path.basename(os.path.abspath(folder))
        self.display_name = meta.get("display_name")
        self.severity = alert.get("severity") or meta.get("severity") or "info"
        self.threshold = alert.get("threshold", 1)
        self.window = 60 * alert.get("deduplication_window_minutes", 60)
        self.description, self.runbook = meta.get("description"), meta.get("runbook")
        self.reference = (meta.get("references") or [None])[0]
        self.destinations = alert.get("destinations") or []
        spec = importlib.util.spec_from_file_location(f"detection_{self.name}", os.path.join(folder, "detect.py"))
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)
        self.detect = self.module.detect

    def call(self, name, record):
        function = getattr(self.module, name, None)
        return function(record) if function else None


def find(paths):
    folders = []
    for path in paths:
        if os.path.isfile(os.path.join(path, "detect.py")):
            folders.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs.sort()
            if "detect.py" in files:
                folders.append(root)
                dirs.clear()
    return folders


def records(path, loads):
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            for line_number, record in enumerate(loads(handle.read())["Records"], 1):
                yield line_number, Record(record)
        return
    with open(path, "rb") as handle:
        for line_number, line in enumerate(handle, 1):
            if line.strip():
                yield line_number, Record(loads(line))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--decoder", choices=["json", "orjson"], default="json")
    args = parser.parse_args()
    if args.decoder == "orjson":
        import orjson
        loads, dumps = orjson.loads, lambda row: orjson.dumps(row) + b"\n"
    else:
        import json
        loads, dumps = json.loads, lambda row: (json.dumps(row, ensure_ascii=False) + "\n").encode()

    module = types.ModuleType("detection")
    module.remote_cache = module.remotecache = RemoteCache
    module.Record = Record
    sys.modules["detection"] = module
    detections = [Detection(folder) for folder in find(args.paths)]
    alerts = {}  # (detection, dedupe) -> [id, opened_at, count]
    errors = 0
    with open(args.output, "wb", buffering=1 << 20) as out:
        for line_number, record in records(args.input, loads):
            ts = record.get("ts")
            now = (ts / 1000 if ts > 1e11 else ts) if isinstance(ts, (int, float)) else time.time()
            for detection in detections:
                try:
                    matched = bool(detection.detect(record))
                except Exception:
                    errors += 1
                    continue
                if not matched:
                    continue
                title = detection.call("title", record) or detection.display_name or detection.name
                dedupe = detection.call("dedupe", record) or title
                alert = alerts.get((detection.name, dedupe))
                if alert is None or not alert[1] <= now < alert[1] + detection.window:
                    alert = alerts[(detection.name, dedupe)] = [str(uuid.uuid4()), now, 0]
                alert[2] += 1
                out.write(dumps({
                    "detection": detection.name, "alert_id": alert[0],
                    "activated": alert[2] >= detection.threshold, "match_count": alert[2],
                    "title": title, "severity": (detection.call("severity", record) or detection.severity).lower(),
                    "dedupe": dedupe, "description": detection.call("description", record) or detection.description,
                    "runbook": detection.call("runbook", record) or detection.runbook,
                    "reference": detection.call("reference", record) or detection.reference,
                    "destinations": detection.call("destinations", record) or detection.destinations,
                    "alert_context": detection.call("alert_context", record),
                    "file": args.input, "line": line_number, "record": record,
                }))
    if errors:
        print(f"peer: {errors} detection calls raised", file=sys.stderr)


if __name__ == "__main__":
    main()
