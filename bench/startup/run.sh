#!/usr/bin/env bash
# Cold start and memory of the platform on its embedded default, side by side with a peer: an empty
# ASP.NET Core app (`dotnet new web`, the framework's floor) built the same way on the same machine.
#   bench/startup/run.sh [runs]
# Prints, per app: time from process start to the first 200 on "/" (ms, median of runs) and RSS after start.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Mekong -c Release -v quiet -nologo >/dev/null
mekong_dll=$PWD/artifacts/bin/Mekong/release/Mekong.dll

(cd "$work" && dotnet new web -o peer --no-restore >/dev/null && cd peer && dotnet build -c Release -v quiet -nologo >/dev/null)
peer_dll=$(ls "$work"/peer/bin/Release/net*/peer.dll)

port=$((20000 + RANDOM % 20000))

# A demo site seeded once, then restarted: the everyday cold start of a site that has content.
seeded=$work/seeded
mkdir -p "$seeded"

# measure DLL ARGS... : starts the app in a fresh folder (a copy of $from when set), waits for "/" to answer 200,
# prints "ms rss_kib"
measure() {
  local dir=$work/run-$RANDOM
  mkdir -p "$dir"
  if [[ -n ${from:-} ]]; then cp -r "$from"/. "$dir"/; fi
  local start end pid rss
  start=$(date +%s%N)
  (cd "$dir" && exec dotnet "$@" --urls "http://127.0.0.1:$port" >"$dir/log" 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 $pid 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  sleep 1
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# Seed the demo site once (stopped gracefully, so SQLite has checkpointed), to restart copies of it.
(cd "$seeded" && exec dotnet "$mekong_dll" --demo --urls "http://127.0.0.1:$port" >"$seeded/log" 2>&1) &
seed_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
  kill -0 $seed_pid 2>/dev/null || { cat "$seeded/log" >&2; exit 1; }
  sleep 0.1
done
kill $seed_pid; wait $seed_pid 2>/dev/null || true
rm -f "$seeded/log"

declare -A ms rss
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
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version) SDK; runs: $runs (median)"
printf '%-38s %10s %12s %10s %10s\n' app "first 200" "vs peer" "RSS MiB" "vs peer"
for name in "${names[@]}"; do
  label=$name
  case $name in
    peer) label="empty ASP.NET Core app (peer)" ;;
    mekong-empty) label="Mekong, new site (migrate on start)" ;;
    mekong-demo) label="Mekong --demo (migrate + seed)" ;;
    mekong-restart) label="Mekong, demo site restarted" ;;
  esac
  printf '%-38s %8s ms %11sx %10s %9sx\n' "$label" "${ms[$name]}" \
    "$(awk -v a="${ms[$name]}" -v b="${ms[peer]}" 'BEGIN {printf "%.1f", a/b}')" \
    "$(awk -v a="${rss[$name]}" 'BEGIN {printf "%.0f", a/1024}')" \
    "$(awk -v a="${rss[$name]}" -v b="${rss[peer]}" 'BEGIN {printf "%.1f", a/b}')"
done
