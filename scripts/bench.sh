#!/usr/bin/env bash
# Whole-process performance of `plinth generate`, as a user waits for it: wall time, CPU time
# (user + system) and peak RSS of `target/release/plinth`, the median of N runs each, for the
# reference blueprint (blueprints/full-ecs.toml, 3 environments) and the generated
# 50-service × 10-environment blueprint of tests/scale.rs. Prints a Markdown table; the targets
# and recorded results are in docs/performance.md. `just bench` runs it.
#
# Usage: scripts/bench.sh [--runs N] [--strict]
#   --runs N   timed runs per row (default 10), after one untimed warm-up run
#   --strict   exit 1 when a target is missed (wall-time targets assume an otherwise idle machine)
# PLINTH_BENCH_BIN=path measures that binary instead of building target/release/plinth (to
# compare two builds).
#
# The timer is python3 (`time.perf_counter` around the run, `os.wait4` for the child's CPU time and
# peak RSS: microsecond resolution), or without python3 GNU time (`/usr/bin/time -f '%U %S %M'`,
# whose CPU times have 10 ms resolution) with the nanosecond clock around it for wall time.
# PLINTH_BENCH_TIMER=gnu|python chooses.
set -euo pipefail

runs=10
strict=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --strict) strict=1; shift ;;
        -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."

gnu_time=0
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    gnu_time=1
fi
timer=${PLINTH_BENCH_TIMER:-}
if [ -z "$timer" ]; then
    if command -v python3 >/dev/null; then
        timer=python
    elif [ "$gnu_time" = 1 ]; then
        timer=gnu
    else
        echo "bench.sh: needs python3 or GNU time (/usr/bin/time) to measure peak memory" >&2
        exit 1
    fi
elif [ "$timer" = gnu ] && [ "$gnu_time" = 0 ]; then
    echo "bench.sh: PLINTH_BENCH_TIMER=gnu, but /usr/bin/time is not GNU time" >&2
    exit 1
fi

if [ -n "${PLINTH_BENCH_BIN:-}" ]; then
    plinth=$PLINTH_BENCH_BIN
else
    echo "building plinth (release)…" >&2
    cargo build --release --quiet -p plinth
    plinth="${CARGO_TARGET_DIR:-target}/release/plinth"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/plinth-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "writing the 50×10 blueprint…" >&2
cargo run --quiet -p plinth-tests --example write_scale_blueprint -- "$work/scale.toml"

# One run of "$@": prints "wall_ms cpu_ms peak_kib"; fails if the command fails.
measure_once() {
    if [ "$timer" = gnu ]; then
        local start end
        start=$(date +%s%N)
        if ! /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; then
            echo "bench.sh: \`$*\` failed:" >&2
            cat "$work/stderr" >&2
            return 1
        fi
        end=$(date +%s%N)
        awk -v ns=$((end - start)) '{ printf "%.1f %.0f %d\n", ns / 1e6, ($1 + $2) * 1000, $3 }' "$work/time"
    else
        python3 - "$@" <<'EOF'
import os, subprocess, sys, tempfile, time
with tempfile.TemporaryFile() as stderr:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=stderr)
    # wait4 gives this child's own usage; RUSAGE_CHILDREN would also count whatever ran in this
    # process before python (a pyenv shim's helpers, for one).
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        stderr.seek(0)
        sys.stderr.write(f"bench.sh: `{' '.join(sys.argv[1:])}` failed:\n{stderr.read().decode()}")
        sys.exit(1)
# ru_maxrss is KiB on Linux, bytes on macOS.
peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
print(f"{wall * 1000:.1f} {(usage.ru_utime + usage.ru_stime) * 1000:.1f} {peak}")
EOF
    fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n | head -1; }
maximum() { sort -n | tail -1; }

rows=()
# measure LABEL FRESH -- COMMAND…: one untimed warm-up run, then $runs timed runs. With FRESH set,
# each run writes into a directory of its own that does not exist yet (`--out FRESH.N` is
# appended): deleting the last tree just before a run would bill that run for the filesystem's
# deferred work on the deletion. Appends the row's figures to rows.
measure() {
    local label=$1 fresh=$2
    shift 3
    local samples="$work/samples" run
    : >"$samples"
    for run in $(seq 0 "$runs"); do
        local command=("$@")
        [ -z "$fresh" ] || command+=(--out "$fresh.$run")
        if [ "$run" = 0 ]; then
            measure_once "${command[@]}" >/dev/null
        else
            measure_once "${command[@]}" >>"$samples"
        fi
    done
    local wall wall_min cpu peak
    wall=$(cut -d' ' -f1 "$samples" | median)
    wall_min=$(cut -d' ' -f1 "$samples" | minimum)
    cpu=$(cut -d' ' -f2 "$samples" | median)
    peak=$(cut -d' ' -f3 "$samples" | maximum | awk '{ printf "%.1f", $1 / 1024 }')
    rows+=("$label|$wall|$wall_min|$cpu|$peak")
    echo "  $label: median ${wall} ms wall, ${cpu} ms CPU, peak ${peak} MiB" >&2
}

# bench ID NAME BLUEPRINT: generate into an empty directory, regenerate an up-to-date tree, and
# `--check` an up-to-date tree.
bench() {
    local id=$1 name=$2 blueprint=$3
    echo "$name ($blueprint):" >&2
    measure "$name|generate (empty --out)" "$work/$id-fresh" -- "$plinth" generate "$blueprint"
    measure "$name|generate (up to date)" "" -- \
        "$plinth" generate "$blueprint" --out "$work/$id"
    measure "$name|generate --check (up to date)" "" -- \
        "$plinth" generate "$blueprint" --out "$work/$id" --check
}

# Flush what earlier work left for the filesystem to do, so the first rows do not pay for it.
sync
bench reference "reference, 3 envs" blueprints/full-ecs.toml
bench scale "scale, 50 services × 10 envs" "$work/scale.toml"

value() { # value BLUEPRINT COMMAND FIELD(2=wall 3=min 4=cpu 5=peak)
    local row
    for row in "${rows[@]}"; do
        IFS='|' read -r blueprint command wall wall_min cpu peak <<<"$row"
        if [ "$blueprint" = "$1" ] && [ "$command" = "$2" ]; then
            case $3 in 2) echo "$wall" ;; 3) echo "$wall_min" ;; 4) echo "$cpu" ;; 5) echo "$peak" ;; esac
        fi
    done
}

missed=0
verdict() { # verdict DESCRIPTION ACTUAL OPERATOR LIMIT
    if awk -v a="$2" -v b="$4" -v op="$3" 'BEGIN { exit !((op == "<" && a < b) || (op == "<=" && a <= b)) }'; then
        echo "| $1 | $2 $3 $4 | met |"
    else
        echo "| $1 | $2 $3 $4 | **missed** |"
        missed=1
    fi
}

echo
echo "plinth $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d), $(nproc 2>/dev/null || echo '?') cores" \
    "($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo 'unknown CPU')), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), $runs runs, timer: $timer"
echo
echo "| Blueprint | Command | Wall, median (ms) | Wall, min (ms) | CPU, median (ms) | Peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    IFS='|' read -r blueprint command wall wall_min cpu peak <<<"$row"
    echo "| $blueprint | \`$command\` | $wall | $wall_min | $cpu | $peak |"
done
echo
echo "| Target | Measured | Verdict |"
echo "|---|---|---|"
reference="reference, 3 envs"
scale="scale, 50 services × 10 envs"
fresh="generate (empty --out)"
check="generate --check (up to date)"
verdict "reference: generate, wall (ms)" "$(value "$reference" "$fresh" 2)" "<" 20
verdict "50×10: generate, wall (ms)" "$(value "$scale" "$fresh" 2)" "<" 100
verdict "50×10: generate, peak RSS (MiB)" "$(value "$scale" "$fresh" 5)" "<" 50
verdict "reference: --check no slower than generate (ms)" "$(value "$reference" "$check" 2)" "<=" "$(value "$reference" "$fresh" 2)"
verdict "50×10: --check no slower than generate (ms)" "$(value "$scale" "$check" 2)" "<=" "$(value "$scale" "$fresh" 2)"

if [ "$strict" = 1 ] && [ "$missed" = 1 ]; then
    exit 1
fi
