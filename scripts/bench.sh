#!/usr/bin/env bash
# Whole-process performance of `plinth generate`, as a user waits for it, next to a peer: CDK for
# Terraform synthesizing the same stack (bench/cdktf-peer). Wall time, CPU time (user + system) and
# peak RSS, the median of N runs each, for the reference blueprint (blueprints/full-ecs.toml,
# 3 environments) and two sizes of the generated blueprint of tests/scale.rs (1 service ×
# 3 environments and 50 services × 10 environments), with the peer's `cdktf synth` at both sizes.
# Prints Markdown tables: the runs, the resource counts of both tools, the ratios and the targets
# of docs/performance.md with their verdicts. `just bench` runs it.
#
# Usage: scripts/bench.sh [--runs N] [--peer-runs N] [--no-peer] [--strict]
#   --runs N        timed runs per plinth row (default 10), after one untimed warm-up run
#   --peer-runs N   timed runs per cdktf row (default 5; each takes seconds), after one warm-up
#   --no-peer       measure plinth alone (no Node.js needed); the ratio targets are not judged
#   --strict        exit 1 when a target is missed ("within noise" is not a miss)
# PLINTH_BENCH_BIN=path measures that binary instead of building target/release/plinth (to
# compare two builds).
#
# The peer needs node, npm and terraform. Its pinned packages are installed with `npm ci` into
# target/cdktf-peer/ on first use and again only when bench/cdktf-peer/package-lock.json changes.
#
# The timer is python3 (`time.perf_counter` around the run, `os.wait4` for the CPU time and peak
# RSS of the child and the descendants it waited for: microsecond resolution), or without python3
# GNU time (`/usr/bin/time -f '%U %S %M'`, whose CPU times have 10 ms resolution) with the
# nanosecond clock around it for wall time. PLINTH_BENCH_TIMER=gnu|python chooses.
set -euo pipefail

runs=10
peer_runs=5
peer=1
strict=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --peer-runs) peer_runs=$2; shift 2 ;;
        --no-peer) peer=0; shift ;;
        --strict) strict=1; shift ;;
        -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
root=$PWD
# The commit measured (with -dirty when the working tree has changes), taken before the build.
# What is measured: the working tree's commit, or the binary PLINTH_BENCH_BIN names (another build
# of another commit, which the tree's commit would misname).
if [ -n "${PLINTH_BENCH_BIN:-}" ]; then
    commit="$PLINTH_BENCH_BIN (PLINTH_BENCH_BIN), tree at $(git describe --always --dirty 2>/dev/null || echo "?")"
else
    commit=$(git describe --always --dirty 2>/dev/null || echo "?")
fi

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

# The peer's tools, checked before anything is built so a missing one costs nothing.
if [ "$peer" = 1 ]; then
    # terraform: cdktf runs `terraform version`, and the app's terraform_data resources fail
    # validation without it. python3: to count the resources.
    for tool in node npm terraform python3; do
        if ! command -v "$tool" >/dev/null; then
            echo "bench.sh: the CDK for Terraform peer needs $tool, which is not installed;" \
                "install Node.js 20 or newer, terraform 1.4 or newer and python3," \
                "or pass --no-peer to measure plinth alone" >&2
            exit 1
        fi
    done
fi

target="${CARGO_TARGET_DIR:-target}"
if [ -n "${PLINTH_BENCH_BIN:-}" ]; then
    plinth=$(realpath "$PLINTH_BENCH_BIN")
else
    echo "building plinth (release)…" >&2
    cargo build --release --quiet -p plinth
    plinth="$root/$target/release/plinth"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/plinth-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "writing the scale blueprints (1 × 3, 50 × 10)…" >&2
cargo run --quiet -p plinth-tests --example write_scale_blueprint -- "$work/small.toml" \
    --services 1 --environments 3
cargo run --quiet -p plinth-tests --example write_scale_blueprint -- "$work/scale.toml" \
    --services 50 --environments 10

# The peer app, installed from its lock file into target/cdktf-peer/. `npm ci` runs only when the
# lock file differs from the one the last install used (its hash is kept in .installed).
peer_dir="$root/$target/cdktf-peer"
install_note="not installed (--no-peer)"
if [ "$peer" = 1 ]; then
    mkdir -p "$peer_dir"
    cp bench/cdktf-peer/package.json bench/cdktf-peer/package-lock.json \
        bench/cdktf-peer/cdktf.json bench/cdktf-peer/*.js "$peer_dir/"
    lock_hash=$(sha256sum bench/cdktf-peer/package-lock.json | cut -d' ' -f1)
    if [ -x "$peer_dir/node_modules/.bin/cdktf" ] && [ -f "$peer_dir/.installed" ] &&
        [ "$(cat "$peer_dir/.installed")" = "$lock_hash" ]; then
        install_note="reused (lock file unchanged)"
    else
        echo "installing the CDK for Terraform peer (npm ci into $peer_dir)…" >&2
        rm -f "$peer_dir/.installed"
        start=$(date +%s%N)
        # --ignore-scripts: no package needs its install script to synthesize (the one that has
        # one, a prebuilt pty for interactive deploys, is not used), and nothing is compiled.
        if ! (cd "$peer_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
            echo "bench.sh: npm ci of the peer failed (see above); pass --no-peer to measure plinth alone" >&2
            exit 1
        fi
        end=$(date +%s%N)
        echo "$lock_hash" >"$peer_dir/.installed"
        install_note="npm ci took $(awk -v ns=$((end - start)) 'BEGIN { printf "%.0f", ns / 1e9 }') s"
    fi
    echo "  peer: $install_note" >&2
    mkdir -p "$peer_dir/home"
fi
# What keeps cdktf from calling home, prompting or writing outside target/cdktf-peer: no
# checkpoint telemetry (cdktf and terraform), no npm version check, no crash reports
# (sendCrashReports in cdktf.json), no plugin cache in ~/.terraform.d, its state in CDKTF_HOME, CI
# mode (no interactive UI).
peer_env=(
    CHECKPOINT_DISABLE=1
    DISABLE_VERSION_CHECK=1
    CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
    "CDKTF_HOME=$peer_dir/home"
    CI=1
    FORCE_COLOR=0
)

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
    # wait4 gives this child's usage, including every descendant it waited for (cdktf's node
    # and terraform children): CPU times are summed, ru_maxrss is the largest single process.
    # RUSAGE_CHILDREN would also count whatever ran in this process before python (a pyenv
    # shim's helpers, for one).
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
# measure LABEL RUNS OUT_FLAG OUT_PREFIX -- COMMAND…: one untimed warm-up run, then RUNS timed
# runs. With OUT_FLAG set, each run writes into a directory of its own that does not exist yet
# (`OUT_FLAG OUT_PREFIX.N` is appended): deleting the last tree just before a run would bill that
# run for the filesystem's deferred work on the deletion. Appends the row's figures to rows.
measure() {
    local label=$1 count=$2 flag=$3 prefix=$4
    shift 5
    local samples="$work/samples" run
    : >"$samples"
    for run in $(seq 0 "$count"); do
        local command=("$@")
        [ -z "$flag" ] || command+=("$flag" "$prefix.$run")
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
    rows+=("$label|$count|$wall|$wall_min|$cpu|$peak")
    echo "  $label: median ${wall} ms wall, ${cpu} ms CPU, peak ${peak} MiB" >&2
}

# bench ID NAME BLUEPRINT: generate into an empty directory, regenerate an up-to-date tree, and
# `--check` an up-to-date tree.
bench() {
    local id=$1 name=$2 blueprint=$3
    echo "$name ($blueprint):" >&2
    measure "$name|generate (empty --out)" "$runs" --out "$work/$id-fresh" -- \
        "$plinth" generate "$blueprint"
    measure "$name|generate (up to date)" "$runs" "" "" -- \
        "$plinth" generate "$blueprint" --out "$work/$id"
    measure "$name|generate --check (up to date)" "$runs" "" "" -- \
        "$plinth" generate "$blueprint" --out "$work/$id" --check
}

# bench_peer ID NAME ENVIRONMENTS SERVICES: `cdktf synth` of the peer at that size, from its
# directory, into a new --output directory per run.
bench_peer() {
    local id=$1 name=$2 environments=$3 services=$4
    echo "$name (cdktf peer, PEER_ENVIRONMENTS=$environments PEER_SERVICES=$services):" >&2
    cd "$peer_dir"
    measure "$name|cdktf synth (peer)" "$peer_runs" --output "$work/$id-peer" -- \
        env "${peer_env[@]}" "PEER_ENVIRONMENTS=$environments" "PEER_SERVICES=$services" \
        "$peer_dir/node_modules/.bin/cdktf" synth
    cd "$root"
}

# Resources Terraform would create, per tool: the peer's from its synthesized cdk.tf.json files
# (every resource is written out); plinth's from the module formulas of tests/resources.rs, the
# ones tests/terraform.rs holds every example's offline plan to (its modules use count and
# for_each, so the .tf files alone do not say), through the count_resources example. Bootstrap
# roots (state bucket, deploy roles) are left out of plinth's: the peer has no equivalent.
count_peer() { # count_peer OUTPUT_DIR
    python3 - "$1" <<'EOF'
import glob, json, sys
stacks = glob.glob(f"{sys.argv[1]}/stacks/*/cdk.tf.json")
print(sum(len(names) for f in stacks for names in json.load(open(f)).get("resource", {}).values()))
EOF
}
count_plinth() { # count_plinth BLUEPRINT: the environment roots' resources
    cargo run --quiet -p plinth-tests --example count_resources -- "$1" | cut -d' ' -f1
}

# Flush what earlier work left for the filesystem to do, so the first rows do not pay for it.
sync
reference="reference, 3 envs"
small="scale, 1 service × 3 envs"
scale="scale, 50 services × 10 envs"
bench reference "$reference" blueprints/full-ecs.toml
bench small "$small" "$work/small.toml"
bench scale "$scale" "$work/scale.toml"
if [ "$peer" = 1 ]; then
    bench_peer small "$small" 3 1
    bench_peer scale "$scale" 10 50
fi

value() { # value BLUEPRINT COMMAND FIELD(3=wall 4=min 5=cpu 6=peak)
    local row
    for row in "${rows[@]}"; do
        IFS='|' read -r blueprint command count wall wall_min cpu peak <<<"$row"
        if [ "$blueprint" = "$1" ] && [ "$command" = "$2" ]; then
            case $3 in 3) echo "$wall" ;; 4) echo "$wall_min" ;; 5) echo "$cpu" ;; 6) echo "$peak" ;; esac
        fi
    done
}

echo
echo "plinth $commit, $(date -u +%Y-%m-%d), $(nproc 2>/dev/null || echo '?') cores" \
    "($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo 'unknown CPU')), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), timer: $timer"
if [ "$peer" = 1 ]; then
    version() { node -p 'require(process.argv[1]).version' "$peer_dir/node_modules/$1/package.json"; }
    echo "peer: cdktf-cli $(version cdktf-cli), cdktf $(version cdktf), @cdktf/provider-aws $(version @cdktf/provider-aws)," \
        "node $(node --version), terraform $(terraform version 2>/dev/null | sed -n '1s/^Terraform v//p'); install: $install_note"
else
    echo "peer: not measured (--no-peer): no cdktf rows, resource counts or ratios"
fi
echo
echo "| Blueprint | Command | Runs | Wall, median (ms) | Wall, min (ms) | CPU, median (ms) | Peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    IFS='|' read -r blueprint command count wall wall_min cpu peak <<<"$row"
    echo "| $blueprint | \`$command\` | $count | $wall | $wall_min | $cpu | $peak |"
done
if [ "$peer" = 1 ]; then
    echo
    echo "CPU is summed over each command's processes; peak RSS is its largest single process (for cdktf the CLI" \
        "or its node app, which run at the same time: their sum is higher)."
fi

fresh="generate (empty --out)"
up_to_date="generate (up to date)"
check="generate --check (up to date)"
synth="cdktf synth (peer)"
ratio_small="" percent_scale=""
if [ "$peer" = 1 ]; then
    echo
    echo "Resources Terraform would create (environment roots; plinth's bootstrap roots, the state buckets and deploy roles, are not counted):"
    echo
    echo "| Size | plinth | cdktf peer |"
    echo "|---|---:|---:|"
    echo "| $small | $(count_plinth "$work/small.toml") | $(count_peer "$work/small-peer.1") |"
    echo "| $scale | $(count_plinth "$work/scale.toml") | $(count_peer "$work/scale-peer.1") |"
    echo
    echo "| Size | plinth \`$fresh\`, median (ms) | \`cdktf synth\`, median (ms) | cdktf ÷ plinth | plinth as % of cdktf |"
    echo "|---|---:|---:|---:|---:|"
    for size in "$small" "$scale"; do
        plinth_ms=$(value "$size" "$fresh" 3)
        peer_ms=$(value "$size" "$synth" 3)
        ratio=$(awk -v a="$peer_ms" -v b="$plinth_ms" 'BEGIN { printf "%.0f", a / b }')
        percent=$(awk -v a="$plinth_ms" -v b="$peer_ms" 'BEGIN { printf "%.2f", 100 * a / b }')
        echo "| $size | $plinth_ms | $peer_ms | ${ratio}× | $percent % |"
        if [ "$size" = "$small" ]; then ratio_small=$ratio; else percent_scale=$percent; fi
    done
fi

missed=0
verdict() { # verdict DESCRIPTION ACTUAL OPERATOR LIMIT [UNIT]
    if [ -z "$2" ]; then
        echo "| $1 | not measured (--no-peer) | — |"
    elif awk -v a="$2" -v b="$4" -v op="$3" 'BEGIN { exit !((op == "<" && a < b) || (op == "<=" && a <= b) || (op == ">=" && a >= b)) }'; then
        echo "| $1 | $2${5:-} $3 $4${5:-} | met |"
    else
        echo "| $1 | $2${5:-} $3 $4${5:-} | **missed** |"
        missed=1
    fi
}
# no_slower DESCRIPTION BLUEPRINT COMMAND: COMMAND's median wall time against the fresh write's.
# Met when not above it; "within noise" when above by no more than the fresh row's own spread
# (median - minimum), which is not a miss; missed beyond that.
no_slower() {
    local a b spread
    a=$(value "$2" "$3" 3)
    b=$(value "$2" "$fresh" 3)
    spread=$(awk -v b="$b" -v m="$(value "$2" "$fresh" 4)" 'BEGIN { printf "%.1f", b - m }')
    if awk -v a="$a" -v b="$b" 'BEGIN { exit !(a <= b) }'; then
        echo "| $1 | $a <= $b | met |"
    elif awk -v a="$a" -v b="$b" -v s="$spread" 'BEGIN { exit !(a - b <= s) }'; then
        echo "| $1 | $a > $b, by less than the fresh write's spread ($spread) | within noise |"
    else
        echo "| $1 | $a > $b, by more than the fresh write's spread ($spread) | **missed** |"
        missed=1
    fi
}
echo
echo "Targets (times are medians; a difference within the fresh write's spread, median - minimum, is noise):"
echo
echo "| Target | Measured | Verdict |"
echo "|---|---|---|"
verdict "50×10: plinth generate as % of cdktf synth, wall" "$percent_scale" "<=" 1 " %"
verdict "1×3: cdktf synth ÷ plinth generate, wall" "$ratio_small" ">=" 150 "×"
verdict "50×10: generate, peak RSS (MiB)" "$(value "$scale" "$fresh" 6)" "<=" 20
for size in "$small" "$scale"; do
    short=$([ "$size" = "$small" ] && echo "1×3" || echo "50×10")
    no_slower "$short: up-to-date generate no slower than a fresh write (ms)" "$size" "$up_to_date"
    no_slower "$short: \`--check\` no slower than a fresh write (ms)" "$size" "$check"
done
no_slower "reference: \`--check\` no slower than a fresh write (ms)" "$reference" "$check"

if [ "$strict" = 1 ] && [ "$missed" = 1 ]; then
    exit 1
fi
