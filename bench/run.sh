#!/usr/bin/env bash
# The benchmark: detection-host run against the pure-Python peer (bench/peer.py) on one corpus
# and one set of detections. See bench/README.md.
#
#   bench/run.sh                          # 200,000 records: records/s of each, ratio, peak memory
#   bench/run.sh --records 50000          # another corpus size
#   bench/run.sh --rounds 5               # alternate host and peer 5 times, keep each one's fastest
#   bench/run.sh --memory 100000 1000000  # the host's peak memory at each input size
#   bench/run.sh --no-build ...           # use the release binary already built
#   DETECTION_HOST=path/to/detection-host bench/run.sh ...  # measure that binary, build nothing
set -euo pipefail

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

RECORDS=200000
ROUNDS=3
MEMORY_SIZES=()
BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --records)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || { echo "run.sh: --records needs a positive number" >&2; exit 2; }
            RECORDS=$2; shift 2 ;;
        --memory)
            shift
            while [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; do MEMORY_SIZES+=("$1"); shift; done
            [[ ${#MEMORY_SIZES[@]} -ge 1 ]] || { echo "run.sh: --memory needs one or more record counts" >&2; exit 2; }
            ;;
        --rounds)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || { echo "run.sh: --rounds needs a positive number" >&2; exit 2; }
            ROUNDS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
DETECTIONS=(detections bench/detections)
PYTHON=${PYTHON:-python3}
# The peer runs on the interpreter the host embeds (pkg-config python3-embed), so that both run
# the same CPython build; PEER_PYTHON overrides.
if [[ -z "${PEER_PYTHON:-}" ]]; then
    version=$(pkg-config --modversion python3-embed 2>/dev/null || true)
    prefix=$(pkg-config --variable=exec_prefix python3-embed 2>/dev/null || true)
    if [[ -n "$version" && -x "$prefix/bin/python$version" ]]; then
        PEER_PYTHON="$prefix/bin/python$version"
    else
        PEER_PYTHON=$PYTHON
    fi
fi

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

# The corpus for N records, generated once and reused while the generator is unchanged.
corpus() {
    local n=$1 file="$OUT/corpus-$1.jsonl"
    if [[ ! -s "$file" || bench/generate_corpus.py -nt "$file" ]]; then
        echo "== generating $n records into $file" >&2
        "$PYTHON" bench/generate_corpus.py "$n" -o "$file.partial"
        mv "$file.partial" "$file"
    fi
    cat "$file" > /dev/null  # into the page cache, so that neither runner pays for the first read
    echo "$file"
}

measure() {  # measure NAME COMMAND...: NAME.json, NAME.stdout and NAME.stderr in $OUT
    local name=$1; shift
    "$PYTHON" bench/measure.py "$OUT/$name.json" --stdout "$OUT/$name.stdout" --stderr "$OUT/$name.stderr" -- "$@"
}

if [[ ${#MEMORY_SIZES[@]} -gt 0 ]]; then
    for n in "${MEMORY_SIZES[@]}"; do
        file=$(corpus "$n")
        echo "== detection-host on $n records" >&2
        measure "memory-$n" "$HOST" run "${DETECTIONS[@]}" --input "$file" --output /dev/null
    done
    echo
    echo "detection-host peak memory by input size (detections: ${DETECTIONS[*]})"
    "$PYTHON" bench/report.py memory "$OUT" "${MEMORY_SIZES[@]}"
    exit $?
fi

file=$(corpus "$RECORDS")
# A shared 2-core machine's speed drifts by tens of percent from one run to the next. The two
# runners alternate, round after round, and each is reported by its fastest round: the run least
# disturbed by the machine, measured the same way for both.
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round/$ROUNDS: detection-host run ${DETECTIONS[*]} --input $file" >&2
    measure "host-$round" "$HOST" run "${DETECTIONS[@]}" --input "$file" --output "$OUT/host-matches.jsonl"
    echo "== round $round/$ROUNDS: $("$PEER_PYTHON" -V 2>&1) bench/peer.py ${DETECTIONS[*]} --input $file" >&2
    measure "peer-$round" "$PEER_PYTHON" bench/peer.py "${DETECTIONS[@]}" --input "$file"
done
"$PYTHON" bench/report.py fastest "$OUT" host "$ROUNDS"
"$PYTHON" bench/report.py fastest "$OUT" peer "$ROUNDS"
echo
if "$PYTHON" bench/report.py compare "$OUT" "$RECORDS"; then
    status=0
else
    status=$?
    echo "run.sh: the runners disagree or failed; outputs are in $OUT/ (host.stderr, host-matches.jsonl, peer.stdout)" >&2
fi
exit $status
