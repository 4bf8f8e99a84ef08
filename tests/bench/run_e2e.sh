#!/usr/bin/env bash
# End-to-end throughput over loopback: sse-bench-server writes events as fast as the
# socket drains; in the same run, each client reads the same stream:
#   bare QNAM  bench_qnam_bare (readyRead → readAll(), count "\n\n"): the ceiling for QNAM
#   sse-tail   sse-tail --quiet --stats -n N  (sse::EventSource, every event decoded)
#   node       Node's eventsource 4.1.1 (tests/bench/node), if node is installed
#   curl       curl -o /dev/null, if curl is installed (bytes only, no parsing)
# Runs are interleaved (one of each client per round) and the median of the rounds is
# reported, with the ratios the targets are stated in (docs/BENCHMARKS.md). Events per
# CPU-second (the client's user + system time, all threads) is given too: it stays
# meaningful on a busy machine, where throughput mostly measures the competition.
#
#   tests/bench/run_e2e.sh [--bin-dir DIR] [--rounds N] [--events-64 N] [--events-4k N]
#   tests/bench/run_e2e.sh --smoke --bin-dir DIR   # 1000 events through sse-tail, for CTest
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN_DIR="${BIN_DIR:-$ROOT/build/bin}"
ROUNDS=5
EVENTS_64=1000000
EVENTS_4K=250000
SMOKE=0

while [ $# -gt 0 ]; do
    case "$1" in
    --bin-dir) BIN_DIR="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --events-64) EVENTS_64="$2"; shift 2 ;;
    --events-4k) EVENTS_4K="$2"; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run_e2e.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

for tool in sse-bench-server sse-tail bench_qnam_bare; do
    if [ ! -x "$BIN_DIR/$tool" ]; then
        echo "run_e2e.sh: $BIN_DIR/$tool not found (build the 'benchmarks' target, or pass --bin-dir)" >&2
        exit 2
    fi
done

# The server prints its port on its first line; it exits by itself after an hour at most.
coproc SERVER { exec "$BIN_DIR/sse-bench-server" --exit-after 3600; }
SERVER_PID=$SERVER_PID
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
if ! read -r -t 10 -u "${SERVER[0]}" PORT; then
    echo "run_e2e.sh: sse-bench-server did not report its port" >&2
    exit 1
fi
BASE="http://127.0.0.1:$PORT"

# Bytes of one event: "id: 00000001\n" "event: message\n" "data: " DATA "\n\n".
event_bytes() { echo $((13 + 15 + 6 + $1 + 2)); }

# Prints "events seconds" from a stats line (events=N ... seconds=T ...).
stats_fields() {
    awk '/^events=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
                      print f["events"], f["seconds"]; found = 1 }
         END { if (!found) exit 1 }'
}

if [ "$SMOKE" = 1 ]; then
    url="$BASE/?size=64&count=1000"
    line=$("$BIN_DIR/sse-tail" --quiet --stats -n 1000 --timeout 20 "$url" 2>&1 >/dev/null | tail -n 1)
    echo "sse-tail: $line"
    case "$line" in events=1000\ *) ;; *) echo "smoke: sse-tail did not read 1000 events" >&2; exit 1 ;; esac
    line=$("$BIN_DIR/bench_qnam_bare" -n 1000 "$url" 2>&1 | tail -n 1)
    echo "bench_qnam_bare: $line"
    case "$line" in events=1000\ *) ;; *) echo "smoke: bench_qnam_bare did not read 1000 events" >&2; exit 1 ;; esac
    echo "smoke: ok"
    exit 0
fi

CLIENTS=("bare QNAM" "sse-tail")
NODE_DIR="$HERE/node"
if command -v node >/dev/null; then
    if [ ! -d "$NODE_DIR/node_modules/eventsource" ]; then
        (cd "$NODE_DIR" && npm ci --no-audit --no-fund --silent) || true
    fi
    [ -d "$NODE_DIR/node_modules/eventsource" ] && CLIENTS+=("node eventsource")
fi
command -v curl >/dev/null && CLIENTS+=("curl")

# The CPU time a client used (user + system, all its threads, from the kernel's
# accounting): unlike throughput, it hardly depends on what else runs on the machine.
OUT_FILE=$(mktemp)
CPU_FILE=$(mktemp)
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -f "$OUT_FILE" "$CPU_FILE"' EXIT
timed() {
    local TIMEFORMAT='%3U %3S'
    { time "$@" >"$OUT_FILE" 2>&1; } 2>"$CPU_FILE"
}

# Runs one client once; prints "events seconds cpu-seconds".
run_client() {
    local client=$1 size=$2 count=$3 result
    local url="$BASE/?size=$size&count=$count"
    case "$client" in
    "bare QNAM") timed "$BIN_DIR/bench_qnam_bare" -n "$count" "$url" || return 1 ;;
    "sse-tail") timed "$BIN_DIR/sse-tail" --quiet --stats -n "$count" "$url" || return 1 ;;
    "node eventsource") timed node "$NODE_DIR/client.mjs" "$url" "$count" || return 1 ;;
    "curl") timed curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "$url" || return 1 ;;
    esac
    if [ "$client" = curl ]; then
        result=$(awk -v eb="$(event_bytes "$size")" '{ print int($1 / eb), $2 }' "$OUT_FILE")
    else
        result=$(stats_fields <"$OUT_FILE") || return 1
    fi
    echo "$result $(awk '{ print $1 + $2 }' "$CPU_FILE")"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "sse-bench-server on $BASE; $ROUNDS rounds per client, median shown; $(nproc) cores"
for size in 64 4096; do
    count=$EVENTS_64
    [ "$size" = 4096 ] && count=$EVENTS_4K
    bytes=$(event_bytes "$size")
    declare -A RATES=() CPU_RATES=()
    for ((round = 1; round <= ROUNDS; round++)); do
        for client in "${CLIENTS[@]}"; do
            if ! result=$(run_client "$client" "$size" "$count"); then
                echo "run_e2e.sh: $client failed on $size-byte events" >&2
                exit 1
            fi
            read -r events seconds cpu <<<"$result"
            if [ -z "$events" ] || [ "$events" -lt "$count" ]; then
                echo "run_e2e.sh: $client read $events of $count events" >&2
                exit 1
            fi
            RATES[$client]+="$(awk -v e="$events" -v s="$seconds" 'BEGIN { printf "%.0f", e / s }') "
            CPU_RATES[$client]+="$(awk -v e="$events" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? e / c : 0) }') "
        done
    done
    echo
    echo "events with $size bytes of data ($bytes bytes each), $count per run"
    printf '  %-18s %14s %10s %18s\n' client "events/s" "MB/s" "events/CPU-second"
    declare -A MEDIAN=() CPU_MEDIAN=()
    for client in "${CLIENTS[@]}"; do
        MEDIAN[$client]=$(tr ' ' '\n' <<<"${RATES[$client]}" | grep . | median)
        CPU_MEDIAN[$client]=$(tr ' ' '\n' <<<"${CPU_RATES[$client]}" | grep . | median)
        printf '  %-18s %14.0f %10.0f %18.0f\n' "$client" "${MEDIAN[$client]}" \
            "$(awk -v r="${MEDIAN[$client]}" -v b="$bytes" 'BEGIN { print r * b / 1e6 }')" \
            "${CPU_MEDIAN[$client]}"
    done
    ratio() { awk -v a="${MEDIAN[$1]}" -v b="${MEDIAN[$2]}" 'BEGIN { printf "%.2f", a / b }'; }
    cpu_ratio() { awk -v a="${CPU_MEDIAN[$1]}" -v b="${CPU_MEDIAN[$2]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    target="0.50"
    [ "$size" = 4096 ] && target="0.80"
    echo "  sse-tail / bare QNAM = $(ratio sse-tail "bare QNAM")  (target >= $target)   per CPU-second: $(cpu_ratio sse-tail "bare QNAM")"
    if [ -n "${MEDIAN[node eventsource]:-}" ]; then
        echo "  sse-tail / node      = $(ratio sse-tail "node eventsource")  (target >= 3)      per CPU-second: $(cpu_ratio sse-tail "node eventsource")"
    fi
    unset RATES CPU_RATES MEDIAN CPU_MEDIAN
done
