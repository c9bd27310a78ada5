#!/usr/bin/env bash
# Cold start and memory of the platform on its embedded default, side by side with a peer: an empty
# ASP.NET Core app (`dotnet new web`, the framework's floor) built and started the same way on the same machine.
#   bench/startup/run.sh [runs=5] [publish|build]
#     publish (default): both apps as shipped, `dotnet publish -c Release` (ReadyToRun, see src/Mekong/Mekong.csproj)
#     build:             both apps as `dotnet build -c Release` leaves them (what `dotnet run` starts)
# Per app: time from process start to the first 200 on "/" (ms, median of runs), the CPU time the process had used by
# then (user + system, all threads: steadier than wall time on a busy machine) and RSS one second later.
# Prints the results as markdown table rows (lines starting with "|"; bench/load/run.sh copies them), the machine
# and load average, and the app's own start timeline (the "Start timeline:" log line) of its last run.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
mode=${2:-publish}
[[ $runs =~ ^[0-9]+$ && $runs -ge 1 && $runs -le 50 ]] || { echo "runs: 1..50" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')

case $mode in
  publish)
    dotnet publish src/Mekong -c Release -o "$work/mekong" -v quiet -nologo >/dev/null
    mekong_dll=$work/mekong/Mekong.dll
    (cd "$work" && dotnet new web -o peer --no-restore >/dev/null && cd peer &&
      dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/peer-out" -v quiet -nologo >/dev/null)
    peer_dll=$work/peer-out/peer.dll ;;
  build)
    dotnet build src/Mekong -c Release -v quiet -nologo >/dev/null
    mekong_dll=$PWD/artifacts/bin/Mekong/release/Mekong.dll
    (cd "$work" && dotnet new web -o peer --no-restore >/dev/null && cd peer && dotnet build -c Release -v quiet -nologo >/dev/null)
    peer_dll=$(ls "$work"/peer/bin/Release/net*/peer.dll) ;;
  *) echo "mode: publish or build" >&2; exit 2 ;;
esac

port=$((20000 + RANDOM % 20000))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# measure DLL ARGS... : starts the app in a fresh folder (a copy of $from when set), waits for "/" to answer 200
# (bounded: 120 s), prints "ms rss_kib cpu_ms"; keeps the log's start timeline in $work/timeline-$name.
measure() {
  local dir=$work/run-$RANDOM$RANDOM
  mkdir -p "$dir"
  if [[ -n ${from:-} ]]; then cp -r "$from"/. "$dir"/; fi
  local start end pid rss cpu deadline
  start=$(date +%s%N)
  deadline=$((start + 120000000000))
  (cd "$dir" && exec dotnet "$@" --urls "http://127.0.0.1:$port" >"$dir/log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 $pid 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
    (( $(date +%s%N) < deadline )) || { echo "no first page within 120 s" >&2; kill $pid; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' /proc/$pid/stat)
  sleep 1
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  grep -o 'Start timeline: .*' "$dir/log" >"$work/timeline-$name" || true
  echo "$(( (end - start) / 1000000 )) $rss $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# A demo site seeded once and stopped gracefully (SQLite checkpointed), to restart copies of it.
seeded=$work/seeded
mkdir -p "$seeded"
(cd "$seeded" && exec dotnet "$mekong_dll" --demo --urls "http://127.0.0.1:$port" >"$seeded/log" 2>&1) &
seed_pid=$!
for _ in $(seq 3000); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
  kill -0 $seed_pid 2>/dev/null || { cat "$seeded/log" >&2; exit 1; }
  sleep 0.1
done
kill $seed_pid; wait $seed_pid 2>/dev/null || true
rm -f "$seeded/log"

declare -A ms rss cpu
names=(peer mekong-empty mekong-demo mekong-restart)
for name in "${names[@]}"; do
  : >"$work/result-$name"
  for _ in $(seq "$runs"); do
    case $name in
      peer) measure "$peer_dll" ;;
      mekong-empty) measure "$mekong_dll" ;;
      mekong-demo) measure "$mekong_dll" --demo ;;
      mekong-restart) from=$seeded measure "$mekong_dll" ;;
    esac >>"$work/result-$name"
  done
  ms[$name]=$(cut -d' ' -f1 "$work/result-$name" | median)
  rss[$name]=$(cut -d' ' -f2 "$work/result-$name" | median)
  cpu[$name]=$(cut -d' ' -f3 "$work/result-$name" | median)
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, .NET SDK $(dotnet --version), $mode; runs: $runs (median); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| start-up ($mode) | first page | vs peer | CPU to first page | vs peer | RSS after start | vs peer |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in "${names[@]}"; do
  case $name in
    peer) label="empty ASP.NET Core app (peer)" ;;
    mekong-empty) label="Mekong, new site (schema created on start)" ;;
    mekong-demo) label="Mekong --demo (schema + demo seed)" ;;
    mekong-restart) label="Mekong, demo site restarted" ;;
  esac
  printf '| %s | %s ms | %s× | %s ms | %s× | %s MiB | %s× |\n' "$label" "${ms[$name]}" \
    "$(awk -v a="${ms[$name]}" -v b="${ms[peer]}" 'BEGIN {printf "%.1f", a/b}')" \
    "${cpu[$name]}" "$(awk -v a="${cpu[$name]}" -v b="${cpu[peer]}" 'BEGIN {printf "%.1f", a/b}')" \
    "$(awk -v a="${rss[$name]}" 'BEGIN {printf "%.0f", a/1024}')" \
    "$(awk -v a="${rss[$name]}" -v b="${rss[peer]}" 'BEGIN {printf "%.1f", a/b}')"
done
for name in mekong-empty mekong-demo mekong-restart; do
  [[ -s $work/timeline-$name ]] && echo "$name: $(cat "$work/timeline-$name")"
done
exit 0
