#!/usr/bin/env bash
# Where the host's time goes on one benchmark corpus: perf record with call graphs, then the
# report by shared object (CPython, the host, libc, zlib) and the hottest symbols.
#
#   bench/profile.sh ecs            # one of ecs, escaped, cloudtrail, many (run bench/run.sh first)
#   bench/profile.sh many --records 20000
#   DETECTION_HOST=path/to/detection-host bench/profile.sh ecs
set -euo pipefail
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

[[ $# -ge 1 && "$1" =~ ^(ecs|escaped|cloudtrail|many)$ ]] || { usage >&2; exit 2; }
CORPUS=$1; shift
RECORDS=100000
if [[ "${1:-}" == --records ]]; then
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "profile.sh: --records needs a number" >&2; exit 2; }
    RECORDS=$2
fi
cd "$(dirname "$0")/.."
OUT=bench/out
HOST=${DETECTION_HOST:-$(swift build -c release --show-bin-path)/detection-host}
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (Debian: linux-perf)" >&2; exit 2; }

case $CORPUS in
    ecs) file=$OUT/corpus-ecs-$RECORDS.jsonl; detections=(detections bench/detections) ;;
    escaped) file=$OUT/corpus-escaped-$RECORDS.jsonl; detections=(detections bench/detections) ;;
    cloudtrail) file=$OUT/corpus-cloudtrail-$RECORDS.json.gz; detections=("$OUT/sigma-cloudtrail") ;;
    many) file=$OUT/corpus-ecs-$RECORDS.jsonl; detections=(detections bench/detections "$OUT/sigma-ecs") ;;
esac
[[ -s "$file" ]] || { echo "profile.sh: no $file: run bench/run.sh --records $RECORDS --corpus $CORPUS first" >&2; exit 2; }

data=$OUT/perf-$CORPUS.data
perf record -e cpu-clock -F 999 -g -o "$data" -- "$HOST" run "${detections[@]}" --input "$file" --output /dev/null 2> "$OUT/perf-$CORPUS.stderr"
echo "== $CORPUS: samples by thread and shared object"
perf report -i "$data" --no-children --sort comm,dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -15
echo "== hottest symbols"
# Swift symbols demangled when the toolchain's demangler is there, lines cut to a terminal's width.
demangle() { if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else cat; fi; }
perf report -i "$data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -30 \
    | demangle | sed -E 's/ +- +- *$//' | cut -c1-160
