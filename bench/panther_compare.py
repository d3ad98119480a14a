#!/usr/bin/env python3
"""Runs a panther-analysis checkout's tests through `detection-host test` and through Panther's own
tool (`panther_analysis_tool test`) side by side, and compares them case by case.

    bench/panther_compare.py CHECKOUT [--host PATH] [--pat PATH] [--venv DIR] [--skip-pat FILE]
                             [--cloudtrail FILE] [--dynamodb URL]

Reports each tool's wall time and peak memory (from /usr/bin/time -v), its pass and fail counts,
and every case (`RuleID::test name`) whose verdict differs, with the host's message. The share
asked for is "cases Panther's tool passes that also pass in the host". `--skip-pat FILE` reads a
saved PAT output instead of running PAT again (it takes minutes); `--save-pat FILE` saves it.

`--cloudtrail FILE` then runs `detection-host run CHECKOUT --log-type AWS.CloudTrail` over FILE
(a CloudTrail log, optionally gzipped; `tests` makes one from the Log of every CloudTrail rule's
Tests, three times over, with the venv's PyYAML) on the memory: and sqlite: stores, and on
`--dynamodb URL` when given, and prints matches, alerts and activated alerts of each (which
must agree) with wall time and peak memory.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def timed(command, cwd, env):
    """(stdout, stderr, wall seconds, peak RSS in MB) of one command under /usr/bin/time -v."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        process = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + command, cwd=cwd, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        text = report.read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    return process.stdout, process.stderr, seconds, int(rss.group(1)) / 1024 if rss else 0.0


def pat_verdicts(output):
    """{"RuleID::name": passed} from PAT's text report (a detection id, then a tab-indented
    `[PASS] name` or `[FAIL] name` line per case)."""
    verdicts, current = {}, None
    for raw in output.splitlines():
        line = ANSI.sub("", raw)
        if not line.strip():
            continue
        if not line.startswith("\t"):
            # A detection id has no spaces; other lines at the margin are what a rule printed.
            if re.match(r"^\S+$", line.strip()):
                current = line.strip()
            continue
        match = re.match(r"^\t\[(PASS|FAIL)\] (.*)$", line)
        if match and current:
            verdicts.setdefault(current + "::" + match.group(2), match.group(1) == "PASS")
    return verdicts


def host_verdicts(output):
    verdicts, messages = {}, {}
    for line in output.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if row.get("name") is None:
            continue
        key = "%s::%s" % (row["detection"], row["name"])
        verdicts[key] = row["outcome"] == "passed"
        messages[key] = (row.get("message") or "").split("\n")[0]
    return verdicts, messages


CLOUDTRAIL_FROM_TESTS = r"""
import glob, json, os, sys, yaml
records = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "rules", "**", "*.yml"), recursive=True)):
    spec = yaml.load(open(path), Loader=yaml.CSafeLoader)
    if not isinstance(spec, dict) or "AWS.CloudTrail" not in (spec.get("LogTypes") or []):
        continue
    for case in spec.get("Tests") or []:
        log = case.get("Log")
        if isinstance(log, dict) and log.get("eventName"):
            records.append({k: v for k, v in log.items() if k != "p_log_type"})
json.dump({"Records": records * 3}, open(sys.argv[2], "w"), default=str)
"""


def run_cloudtrail(options, checkout, env):
    """`run --log-type AWS.CloudTrail` over one CloudTrail file on each store."""
    work = tempfile.mkdtemp(prefix="panther-compare-")
    source = options.cloudtrail
    if source == "tests":
        source = os.path.join(work, "cloudtrail.json")
        python = os.path.join(options.venv, "bin", "python") if options.venv else sys.executable
        subprocess.run([python, "-c", CLOUDTRAIL_FROM_TESTS, checkout, source], check=True)
    caches = ["memory:", "sqlite:" + os.path.join(work, "kv.db")] + ([options.dynamodb] if options.dynamodb else [])
    for cache in caches:
        command = [options.host, "run", checkout, "--log-type", "AWS.CloudTrail", "--input", source, "--cache", cache]
        out, err, wall, rss = timed(command, checkout, env)
        rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        records = re.search(r"(\d+) records in", err)
        print("run --log-type AWS.CloudTrail, %-10s %s records: %d matches, %d alerts, %d activated; wall %.2f s, peak RSS %.0f MB" % (
            cache.split(":")[0] + ":", records.group(1) if records else "?", len(rows),
            len({row["alert_id"] for row in rows}), len({row["alert_id"] for row in rows if row["activated"]}), wall, rss))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkout")
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--host", default=os.path.join(here, ".build", "release", "detection-host"))
    parser.add_argument("--venv", default=os.environ.get("VIRTUAL_ENV"))
    parser.add_argument("--pat", help="panther_analysis_tool (default: the venv's)")
    parser.add_argument("--skip-pat", metavar="FILE", help="read PAT's saved output instead of running it")
    parser.add_argument("--save-pat", metavar="FILE", help="save PAT's output here")
    parser.add_argument("--cloudtrail", metavar="FILE", help="also run the CloudTrail rules over FILE ('tests': made from the corpus)")
    parser.add_argument("--dynamodb", metavar="URL", help="with --cloudtrail: a dynamodb: cache URL to run against too")
    options = parser.parse_args()
    checkout = os.path.abspath(options.checkout)
    options.host = os.path.abspath(options.host)
    env = dict(os.environ)
    if options.venv:
        env["VIRTUAL_ENV"] = options.venv
        env["PATH"] = os.path.join(options.venv, "bin") + os.pathsep + env.get("PATH", "")
    env["COLUMNS"] = "200"

    host_out, host_err, host_wall, host_rss = timed([options.host, "test", checkout, "--json"], checkout, env)
    host, messages = host_verdicts(host_out)
    if options.skip_pat:
        with open(options.skip_pat) as saved:
            pat_out = saved.read()
        pat_wall = pat_rss = None
    else:
        pat = options.pat or (os.path.join(options.venv, "bin", "panther_analysis_tool") if options.venv else "panther_analysis_tool")
        pat_out, _, pat_wall, pat_rss = timed([pat, "test"], checkout, env)
        if options.save_pat:
            with open(options.save_pat, "w") as saved:
                saved.write(pat_out)
    pat = pat_verdicts(pat_out)

    def line(name, verdicts, wall, rss):
        passed = sum(verdicts.values())
        timing = "wall %.2f s, peak RSS %.0f MB" % (wall, rss) if wall is not None else "(saved output)"
        print("%-5s %5d cases: %5d passed, %4d failed; %s" % (name, len(verdicts), passed, len(verdicts) - passed, timing))

    line("host", host, host_wall, host_rss)
    line("PAT", pat, pat_wall, pat_rss)
    pat_passing = [key for key, passed in pat.items() if passed]
    both = [key for key in pat_passing if host.get(key)]
    share = 100.0 * len(both) / len(pat_passing) if pat_passing else 100.0
    print("PAT-passing cases that pass in the host: %d of %d (%.2f%%)" % (len(both), len(pat_passing), share))
    if pat_wall:
        print("host wall time / PAT wall time: %.3f" % (host_wall / pat_wall))
    differences = sorted(key for key in set(pat) | set(host) if pat.get(key) != host.get(key))
    print("cases whose verdicts differ: %d" % len(differences))
    for key in differences[:200]:
        print("  differs: %s: PAT %s, host %s  %s" % (
            key, {True: "pass", False: "fail", None: "absent"}[pat.get(key)],
            {True: "pass", False: "fail", None: "absent"}[host.get(key)], messages.get(key, "")))
    if options.cloudtrail:
        run_cloudtrail(options, checkout, env)
    summary = [l for l in host_err.splitlines() if l.startswith(("Panther:", "skipped", "InlineFilters"))]
    for note in summary:
        print("host: " + (note if len(note) < 200 else note[:200] + "..."))
    return 0 if share >= 99.0 else 1


if __name__ == "__main__":
    sys.exit(main())
