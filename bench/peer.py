#!/usr/bin/env python3
"""The pure-Python peer of `detection-host run`, for the benchmark (DESIGN §7).

    python3 bench/peer.py detections bench/detections --input bench/out/corpus-200000.jsonl

A runner in the style of Matano's own Python runtime: each JSON line is decoded with
`json.loads` into a `dict` subclass with `deepget`, a `detection` module with a dict-backed
`remote_cache` is put in `sys.modules` before the detections are imported, each detection is
imported under a module name of its own, and `detect` is called on every record. It counts
matches (and exceptions) per detection and prints one JSON object on standard output:

    {"runner": "peer", "records": ..., "invalid_records": ..., "seconds": ...,
     "records_per_second": ..., "matches": {name: n}, "errors": {name: n}}

It finds detections as the host does (a `.py` file, a directory holding `detect.py`, or a folder
searched for them, in sorted order) and names them as the host does (`detection.yml`'s `name`,
else the directory's name), so that detections sharing a cache namespace run in the same order
in both runners and the match counts can be compared. It does no alerting and writes no alert
rows: per match it does less than the host does.

Standard library only. Exit status: 0 clean, 1 some records or detection calls failed, 2 the run
could not start.
"""

import argparse
import importlib.util
import json
import os
import re
import sys
import time
import types

# ---------------------------------------------------------------------------------------------
# Records (DESIGN §3.2)

_INDEX = re.compile(r"[+-]?[0-9]+\Z")
_MISSING = object()


class Record(dict):
    """A decoded record: a dict with `deepget`. Nested objects are records too (the decoder
    builds every object as one)."""

    __slots__ = ()

    def deepget(self, path, default=None):
        """The value at a dotted path ("a.0.b") or a list/tuple of keys; `default` when a step
        is missing, out of range, None or not a container, or when the value is None."""
        current = self
        if isinstance(path, str):
            for segment in path.split("."):
                if isinstance(current, dict):
                    current = current.get(segment, _MISSING)
                elif isinstance(current, (list, tuple)) and _INDEX.match(segment):
                    current = _item(current, int(segment))
                else:
                    return default
                if current is _MISSING:
                    return default
        elif isinstance(path, (list, tuple)):
            for key in path:
                if isinstance(current, dict):
                    try:
                        current = current.get(key, _MISSING)
                    except TypeError:  # an unhashable key cannot be present
                        return default
                elif isinstance(current, (list, tuple)):
                    if isinstance(key, int) and not isinstance(key, bool):
                        current = _item(current, key) if -2**63 <= key < 2**63 else _MISSING
                    elif isinstance(key, str) and _INDEX.match(key):
                        current = _item(current, int(key))
                    else:
                        return default
                else:
                    return default
                if current is _MISSING:
                    return default
        else:
            raise TypeError(f"deepget path must be a str, list or tuple, not {type(path).__name__}")
        return default if current is None else current


def _item(sequence, index):
    if -len(sequence) <= index < len(sequence):
        return sequence[index]
    return _MISSING


# ---------------------------------------------------------------------------------------------
# The cache (DESIGN §3.1, §3.3): one process-wide dict, entries [value, expires_at]

class StringSet(set):
    """A set of str; in -, |, & and ^ (and their reflected forms) None counts as empty."""

    def _combine(self, other, operator):
        if other is None:
            other = frozenset()
        if not isinstance(other, (set, frozenset)):
            return NotImplemented
        return StringSet(operator(set(self), other))

    def __sub__(self, other):
        return self._combine(other, set.__sub__)

    def __rsub__(self, other):
        return self._combine(other, lambda mine, theirs: set(theirs) - mine)

    def __or__(self, other):
        return self._combine(other, set.__or__)

    __ror__ = __or__

    def __and__(self, other):
        return self._combine(other, set.__and__)

    __rand__ = __and__

    def __xor__(self, other):
        return self._combine(other, set.__xor__)

    __rxor__ = __xor__


_STORE = {}  # namespace -> {key: [value, expires_at]}


def _now():
    return time.time()


def _live(entries, key, now):
    entry = entries.get(key)
    if entry is None:
        return None
    if now < entry[1]:
        return entry
    del entries[key]
    return None


def _kind(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "counter"
    if isinstance(value, str):
        return "string"
    return "string set"


def _python(value):
    return StringSet(value) if isinstance(value, frozenset) else value


def _members(strings):
    if strings is None:
        return frozenset()
    if isinstance(strings, str):
        return frozenset((strings,))
    members = frozenset(strings)
    for member in members:
        if not isinstance(member, str):
            raise TypeError(f"a string set holds str, not {type(member).__name__}")
    return members


class RemoteCache:
    """remote_cache(namespace, ttl=3600): a handle on one namespace of the process-wide cache."""

    def __init__(self, namespace, ttl=3600):
        if not isinstance(namespace, str) or not namespace:
            raise TypeError("namespace must be a non-empty str")
        if not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0:
            raise TypeError("ttl must be an int number of seconds > 0")
        self._entries = _STORE.setdefault(namespace, {})
        self._ttl = ttl

    def _expiry(self, now):
        return int(now) + self._ttl

    def __getitem__(self, key):
        entry = _live(self._entries, str(key), _now())
        return None if entry is None else _python(entry[0])

    def get(self, key, default=None):
        entry = _live(self._entries, str(key), _now())
        return default if entry is None else _python(entry[0])

    def __setitem__(self, key, value):
        key = str(key)
        if isinstance(value, (set, frozenset)):
            value = _members(value)
            if not value:
                self._entries.pop(key, None)
                return
        elif not isinstance(value, (bool, int, str)):
            raise TypeError("a cache value is an int, a str, a bool or a set of str, "
                            f"not {type(value).__name__}")
        self._entries[key] = [value, self._expiry(_now())]

    def __delitem__(self, key):
        self._entries.pop(str(key), None)

    def __contains__(self, key):
        return _live(self._entries, str(key), _now()) is not None

    def _live_items(self):
        now = _now()
        return sorted((key, entry[0]) for key, entry in self._entries.items() if now < entry[1])

    def __len__(self):
        return len(self._live_items())

    def __iter__(self):
        return iter(self.keys())

    def keys(self):
        return [key for key, _ in self._live_items()]

    def values(self):
        return [_python(value) for _, value in self._live_items()]

    def items(self):
        return [(key, _python(value)) for key, value in self._live_items()]

    def increment_counter(self, key, value=1):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("the value to add must be an int")
        return self._add(str(key), value)

    def decrement_counter(self, key, value=1):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("the value to add must be an int")
        return self._add(str(key), -value)

    def _add(self, key, delta):
        now = _now()
        entry = _live(self._entries, key, now)
        if entry is None:
            entry = [0, self._expiry(now)]
        elif _kind(entry[0]) != "counter":
            raise TypeError(f"'{key}' holds a {_kind(entry[0])}, not a counter")
        total = entry[0] + delta
        if not -2**63 <= total < 2**63:
            raise OverflowError(f"counter '{key}' would leave the signed 64-bit range")
        entry[0] = total
        self._entries[key] = entry
        return total

    def add_to_string_set(self, key, strings=None):
        key = str(key)
        members = _members(strings)
        now = _now()
        entry = _live(self._entries, key, now)
        if entry is not None and not isinstance(entry[0], frozenset):
            raise TypeError(f"'{key}' holds a {_kind(entry[0])}, not a string set")
        current = entry[0] if entry is not None else frozenset()
        if not members:
            return StringSet(current)
        updated = current | members
        if entry is None:
            self._entries[key] = [updated, self._expiry(now)]
        else:
            entry[0] = updated
        return StringSet(updated)

    def remove_from_string_set(self, key, strings):
        key = str(key)
        members = _members(strings)
        entry = _live(self._entries, key, _now())
        if entry is None:
            return StringSet()
        if not isinstance(entry[0], frozenset):
            raise TypeError(f"'{key}' holds a {_kind(entry[0])}, not a string set")
        updated = entry[0] - members
        if updated:
            entry[0] = updated
        else:
            del self._entries[key]
        return StringSet(updated)


def _detection_module():
    module = types.ModuleType("detection", "The detection module of the pure-Python peer runner.")
    module.remote_cache = RemoteCache
    module.remotecache = RemoteCache
    module.Record = Record
    module.StringSet = StringSet
    return module


# ---------------------------------------------------------------------------------------------
# Finding and importing detections (DESIGN §4), as the host does

class LoadFailure(Exception):
    pass


class Detection:
    def __init__(self, name, script, detect):
        self.name = name
        self.script = script
        self.detect = detect


def _yaml_name(path):
    """`name:` at the top level of detection.yml (a plain or quoted scalar), or None."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"name:\s*(.*?)\s*(#.*)?$", line)
            if match and match.group(1):
                value = match.group(1)
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                return value
    return None


def _directory_detection(directory):
    script = os.path.join(directory, "detect.py")
    if not os.path.isfile(script):
        return None
    name = os.path.basename(os.path.normpath(os.path.abspath(directory)))
    for metadata in ("detection.yml", "detection.yaml"):
        path = os.path.join(directory, metadata)
        if os.path.isfile(path):
            name = _yaml_name(path) or name
            break
    return name, script


def find_detections(paths):
    found = []
    for path in paths:
        if os.path.isfile(path):
            if not path.endswith(".py"):
                raise LoadFailure(f"{path}: a detection is a .py file or a directory holding detect.py")
            found.append((os.path.splitext(os.path.basename(path))[0], path))
            continue
        if not os.path.isdir(path):
            raise LoadFailure(f"{path}: no such file or directory")
        single = _directory_detection(path)
        if single:
            found.append(single)
            continue
        directories = []
        for root, subdirectories, files in os.walk(path):
            subdirectories[:] = [d for d in subdirectories if not d.startswith(".") and d != "__pycache__"]
            if "detect.py" in files:
                directories.append(root)
        if not directories:
            raise LoadFailure(f"{path}: no detections here (no detect.py in it or below it)")
        found += [_directory_detection(directory) for directory in sorted(directories)]
    return found


def load_detections(paths):
    detections = []
    used = set()
    for name, script in find_detections(paths):
        identifier = re.sub(r"[^\w]", "_", name)
        module_name = f"_detections.{identifier}"
        suffix = 2
        while module_name in used:
            module_name = f"_detections.{identifier}_{suffix}"
            suffix += 1
        used.add(module_name)
        spec = importlib.util.spec_from_file_location(module_name, script)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        detect = getattr(module, "detect", None)
        if not callable(detect):
            raise LoadFailure(f"{script}: defines no detect(record) function")
        detections.append(Detection(name, script, detect))
    return detections


# ---------------------------------------------------------------------------------------------

def run(detections, inputs):
    loads = json.loads
    calls = [detection.detect for detection in detections]
    matches = [0] * len(calls)
    errors = [0] * len(calls)
    indices = range(len(calls))
    records = invalid = 0
    for path in inputs:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")
        try:
            for line in handle:
                line = line.strip(b" \t\r\n")
                if not line:
                    continue
                try:
                    record = loads(line, object_pairs_hook=Record)
                except ValueError:
                    invalid += 1
                    continue
                if type(record) is not Record:  # a JSON line that is not an object
                    invalid += 1
                    continue
                records += 1
                for index in indices:
                    try:
                        if calls[index](record):
                            matches[index] += 1
                    except Exception:
                        errors[index] += 1
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()
    return records, invalid, matches, errors


def main():
    parser = argparse.ArgumentParser(description="The pure-Python peer of detection-host run.")
    parser.add_argument("paths", nargs="*", default=["detections"], help="detections (default: ./detections)")
    parser.add_argument("--input", action="append", dest="inputs", help="a JSON Lines file, or - (default: -)")
    args = parser.parse_args()

    sys.modules["detection"] = _detection_module()
    try:
        detections = load_detections(args.paths)
    except LoadFailure as error:
        print(f"peer: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a detection that does not import: the run does not start
        print(f"peer: cannot load detection: {type(error).__name__}: {error}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    try:
        records, invalid, matches, errors = run(detections, args.inputs or ["-"])
    except OSError as error:
        print(f"peer: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started

    summary = {
        "runner": "peer",
        "records": records,
        "invalid_records": invalid,
        "seconds": round(seconds, 3),
        "records_per_second": round(records / seconds) if seconds > 0 else None,
        "matches": {detection.name: count for detection, count in zip(detections, matches)},
        "errors": {detection.name: count for detection, count in zip(detections, errors)},
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if invalid or any(errors) else 0


if __name__ == "__main__":
    sys.exit(main())
