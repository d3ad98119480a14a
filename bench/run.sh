#!/usr/bin/env bash
# The benchmark of DESIGN §10: detection-host run against the Python loop a user would write
# instead (with json, with orjson) and against the floor (the detections alone), on four corpora,
# in one run. See bench/README.md.
#
#   bench/run.sh                          # 100,000 records per corpus, 3 rounds, all four corpora
#   bench/run.sh --records 20000          # another corpus size
#   bench/run.sh --rounds 5               # alternate the runners 5 times, keep each one's least CPU
#   bench/run.sh --corpus ecs --corpus many   # only these corpora (ecs, escaped, cloudtrail, many)
#   bench/run.sh --memory 100000 1000000  # the host's peak memory at each input size
#   bench/run.sh --no-build ...           # use the release binary already built
#   DETECTION_HOST=path/to/detection-host bench/run.sh ...  # measure that binary, build nothing
set -euo pipefail

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

RECORDS=100000
ROUNDS=3
MEMORY_SIZES=()
CORPORA=()
BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --records)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || { echo "run.sh: --records needs a positive number" >&2; exit 2; }
            RECORDS=$2; shift 2 ;;
        --rounds)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || { echo "run.sh: --rounds needs a positive number" >&2; exit 2; }
            ROUNDS=$2; shift 2 ;;
        --corpus)
            [[ $# -ge 2 && "$2" =~ ^(ecs|escaped|cloudtrail|many)$ ]] || { echo "run.sh: --corpus is one of ecs, escaped, cloudtrail, many" >&2; exit 2; }
            CORPORA+=("$2"); shift 2 ;;
        --memory)
            shift
            while [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; do MEMORY_SIZES+=("$1"); shift; done
            [[ ${#MEMORY_SIZES[@]} -ge 1 ]] || { echo "run.sh: --memory needs one or more record counts" >&2; exit 2; }
            ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ ${#CORPORA[@]} -gt 0 ]] || CORPORA=(ecs escaped cloudtrail many)

cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"

if [[ -n "${DETECTION_HOST:-}" ]]; then
    HOST=$DETECTION_HOST  # a binary built elsewhere: measured as it is, nothing is built
else
    if [[ $BUILD -eq 1 ]]; then
        echo "== building detection-host (release)" >&2
        swift build -c release --product detection-host >&2
    fi
    HOST="$(swift build -c release --show-bin-path)/detection-host"
fi
[[ -x "$HOST" ]] || { echo "run.sh: no detection-host binary at $HOST (run without --no-build)" >&2; exit 2; }

# The peers run on the interpreter the host embeds (pkg-config python3-embed), in a virtual
# environment of their own holding orjson and PyYAML, so that all runners use one CPython build.
EMBEDDED="$(pkg-config --variable=exec_prefix python3-embed)/bin/python$(pkg-config --modversion python3-embed)"
VENV=$OUT/venv
if ! "$VENV/bin/python" -c 'import orjson, yaml' 2>/dev/null; then
    echo "== creating $VENV with orjson and PyYAML (pip)" >&2
    "$EMBEDDED" -m venv "$VENV" && "$VENV/bin/pip" install --quiet orjson pyyaml || {
        echo "run.sh: could not install orjson and PyYAML into $VENV (needs python3-venv and PyPI)" >&2; exit 2; }
fi
PEER="$VENV/bin/python"
# The floor runs inside the host and loads detections as the peers do (PyYAML): the venv's
# packages on its PYTHONPATH.
PEER_PACKAGES=$("$PEER" -c 'import os, yaml; print(os.path.dirname(os.path.dirname(yaml.__file__)))')
PYTHON=${PYTHON:-python3}

measure() {  # measure NAME COMMAND...: NAME.json, NAME.stdout and NAME.stderr in $OUT
    local name=$1; shift
    "$PYTHON" bench/measure.py "$OUT/$name.json" --stdout "$OUT/$name.stdout" --stderr "$OUT/$name.stderr" -- "$@"
}

# A corpus file, generated once per style and size, reused while the generator is unchanged.
corpus_file() {
    local style=$1 n=$2 extension=jsonl
    [[ $style == cloudtrail ]] && extension=json.gz
    local file="$OUT/corpus-$style-$n.$extension"
    if [[ ! -s "$file" || bench/generate_corpus.py -nt "$file" ]]; then
        echo "== generating $n $style records into $file" >&2
        "$PYTHON" bench/generate_corpus.py "$n" --style "$style" -o "$file.partial.$extension"
        mv "$file.partial.$extension" "$file"
    fi
    cat "$file" > /dev/null  # into the page cache, so that no runner pays for the first read
    echo "$file"
}

if [[ ${#MEMORY_SIZES[@]} -gt 0 ]]; then
    for n in "${MEMORY_SIZES[@]}"; do
        file=$(corpus_file ecs "$n")
        echo "== detection-host on $n records" >&2
        measure "memory-$n" "$HOST" run detections bench/detections --input "$file" --output /dev/null
    done
    echo
    echo "detection-host peak memory by input size (detections: detections bench/detections)"
    "$PYTHON" bench/report.py memory "$OUT" "${MEMORY_SIZES[@]}"
    exit $?
fi

# The many-detections set (44 Sigma-style rules over ECS fields) and, for raw CloudTrail, 10 of
# the same rules over CloudTrail's own keys.
"$PYTHON" bench/sigma_detections.py "$OUT/sigma-ecs" >&2
"$PYTHON" bench/sigma_detections.py "$OUT/sigma-cloudtrail" --fields cloudtrail --limit 10 >&2

status=0
for corpus in "${CORPORA[@]}"; do
    case $corpus in
        ecs) file=$(corpus_file ecs "$RECORDS"); detections=(detections bench/detections) ;;
        escaped) file=$(corpus_file escaped "$RECORDS"); detections=(detections bench/detections) ;;
        cloudtrail) file=$(corpus_file cloudtrail "$RECORDS"); detections=("$OUT/sigma-cloudtrail") ;;
        many) file=$(corpus_file ecs "$RECORDS"); detections=(detections bench/detections "$OUT/sigma-ecs") ;;
    esac
    echo "$RECORDS" > "$OUT/$corpus.records"
    # A shared 2-core machine's speed drifts from one run to the next: the runners alternate,
    # round after round, and each is reported by its least-CPU round.
    for round in $(seq 1 "$ROUNDS"); do
        echo "== $corpus, round $round/$ROUNDS: host, peer-json, peer-orjson, floor (${detections[*]})" >&2
        measure "$corpus-host-$round" "$HOST" run "${detections[@]}" --input "$file" --output "$OUT/$corpus-host-$round.matches"
        for decoder in json orjson; do
            measure "$corpus-peer-$decoder-$round" "$PEER" bench/peer_minimal.py --decoder "$decoder" \
                "${detections[@]}" --input "$file" --output "$OUT/$corpus-peer-$decoder-$round.matches"
        done
        measure "$corpus-floor-$round" env PYTHONPATH="$PEER_PACKAGES" \
            "$HOST" python bench/floor.py "${detections[@]}" --input "$file"
    done
    echo
    "$PYTHON" bench/report.py corpus "$OUT" "$corpus" "$ROUNDS" || status=1
done
[[ $status -eq 0 ]] || echo "run.sh: a runner failed or the match counts differ; outputs are in $OUT/" >&2
exit $status
