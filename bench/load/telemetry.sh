#!/usr/bin/env bash
# What telemetry costs: the home page (anonymous) and /api/v1/posts with Telemetry:Enabled true and false, two
# copies of the same demo site side by side, measured in alternation (on, off, on, off, …) so both see the same
# machine load; medians of the rounds.
#   bench/load/telemetry.sh [seconds per round = 8] [rounds = 3] [--no-write]
# Writes the table into the section "## Telemetry (issue 10)" of docs/benchmarks.md. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-8}
rounds=${2:-3}
write=1
[[ ${3:-} == --no-write || ${1:-} == --no-write ]] && write=0
[[ $seconds =~ ^[0-9]+$ ]] || seconds=8
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 && $rounds -le 20 ]] || rounds=3
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z ${MEKONG_DLL:-} ]]; then
  dotnet build src/Mekong -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
  MEKONG_DLL=$root/artifacts/bin/Mekong/release/Mekong.dll
fi

free_port() {
  for _ in $(seq 50); do
    local p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo $p; return; fi
  done
  echo "no free port" >&2; exit 1
}

# start FOLDER PORT [ENV…]: the site in FOLDER, waits (at most 120 s) for "/".
start() {
  local folder=$1 port=$2
  shift 2
  (cd "$folder" && exec env RateLimits__Enabled=false Logging__LogLevel__Default=Warning Security__Hsts=false "$@" \
    dotnet "$MEKONG_DLL" --urls "http://127.0.0.1:$port" >"$folder.log" 2>&1) &
  pids+=($!)
  local deadline=$((SECONDS + 600)) # seeding on a busy machine takes minutes
  until curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$port/"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$folder.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "the site in $folder did not answer within 600 s" >&2; tail -20 "$folder.log" >&2; exit 1; }
    sleep 0.2
  done
}

# One demo site, seeded and stopped (so SQLite has checkpointed), copied twice.
mkdir -p "$work/seed"
port=$(free_port)
start "$work/seed" "$port" Demo=true
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
pids=()
cp -r "$work/seed" "$work/on"
cp -r "$work/seed" "$work/off"
on_port=$(free_port)
start "$work/on" "$on_port" Telemetry__Enabled=true Telemetry__ScrapeToken=telemetry-bench-scrape-token-0001
off_port=$(free_port)
start "$work/off" "$off_port" Telemetry__Enabled=false

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
loads=()
for path in / /api/v1/posts; do
  for port in $on_port $off_port; do wrk -t2 -c8 -d2s "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true; done
done
declare -A results
for path in / /api/v1/posts; do
  for round in $(seq "$rounds"); do
    for mode in on off; do
      port=$on_port
      [[ $mode == off ]] && port=$off_port
      wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency "http://127.0.0.1:$port$path" >"$work/wrk.out" 2>&1 || true
      loads+=("$(cut -d' ' -f1 /proc/loadavg)")
      results["$path $mode rps"]+="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.out") "
      results["$path $mode p50"]+="$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.out")") "
      results["$path $mode p99"]+="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.out")") "
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
series=$(curl -fsS --max-time 30 -H "Authorization: Bearer telemetry-bench-scrape-token-0001" "http://127.0.0.1:$on_port/metrics" | grep -vc '^#' || true)

rows=()
for path in / /api/v1/posts; do
  declare -A m=()
  for mode in on off; do
    for what in rps p50 p99; do
      m[$mode$what]=$(tr ' ' '\n' <<<"${results["$path $mode $what"]}" | grep . | median)
    done
  done
  cost=$(awk -v on="${m[onrps]}" -v off="${m[offrps]}" 'BEGIN { if (off > 0) printf "%+.1f %%", 100 * (on - off) / off; else print "—" }')
  rows+=("| \`$path\` anonymous, telemetry on | 32 | ${m[onrps]} | ${m[onp50]} ms | ${m[onp99]} ms | $cost |")
  rows+=("| \`$path\` anonymous, telemetry off | 32 | ${m[offrps]} | ${m[offp50]} ms | ${m[offp99]} ms | (peer) |")
  unset m
done
during=$(printf '%s\n' "${loads[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%s–%s", a[1], a[NR]}')
report=$(cat <<EOF
## Telemetry (issue 10)

\`\`\`
bench/load/telemetry.sh $seconds $rounds
\`\`\`

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD); $(nproc) cores, .NET $(dotnet --version), Release. Two copies of
one demo site (SQLite), one with \`Telemetry:Enabled=true\` (the default: metrics recorded for /metrics, $series series
exported; no OTLP collector, so no spans are recorded), one with \`false\`; wrk -t2 -c32 for ${seconds} s per round,
the two measured in alternation, $rounds rounds each, medians. Load average (1 min): before $load_before, during
$during, after $load_after. "cost" is the change in req/s with telemetry on against off in the same run.

| request | connections | req/s | p50 | p99 | cost (req/s) |
|---|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")
EOF
)
echo "$report"
if [[ $write == 1 ]]; then
  printf '%s\n' "$report" >"$work/report.md"
  awk -v file="$work/report.md" '
    function put() { while ((getline line < file) > 0) print line; close(file) }
    /^## Telemetry \(issue 10\)/ { put(); skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print "" }
    !skip { print }
    END { if (!done) { print ""; put() } }' docs/benchmarks.md >"$work/benchmarks.md"
  cp "$work/benchmarks.md" docs/benchmarks.md
  echo "(written into docs/benchmarks.md)" >&2
fi
