#!/usr/bin/env bash
# Screening benchmark: Mekong.Text (full normalization + Aho–Corasick + segmentation-aware verification) side by
# side with the npm peers obscenity and @2toad/profanity, on the same posts, the same terms and the same
# obfuscated variants.
#   bench/text/run.sh [megabytes=10] [--no-bdn]
# 1. `Mekong.Text.Bench prepare` writes the inputs to a temporary folder: ~1 KB posts of mixed real text in the
#    platform's languages (the demo posts of src/Mekong/Platform/Demo/Data, the obfuscation suite's clean sentences
#    and, when ../shared/eval/moderation exists, the tweets/comments of Davidson, ViHOS and COLD, read in place),
#    10,000 watched terms over 10 languages, and every obfuscated variant of the tests' obfuscation suite
#    (tests/Mekong.Text.Tests/ObfuscationSuite.cs) in its sentence.
# 2. `Mekong.Text.Bench screen`: MB/s on one thread pinned to one core (best of 3 passes after a 5 s warm-up),
#    per-post p50/p99 latency, recall on the variants, clean sentences flagged.
# 3. The peers (with the same 10,000 terms, and again with their own built-in English lists), pinned versions from bench/peers/package-lock.json (`npm ci` into the temporary folder), with
#    bench/peers/screen.mjs: the same figures (a peer too slow for the whole corpus is timed on as many posts as fit
#    in its budget; the JSON says so).
# 4. BenchmarkDotNet kernels (full screen, normalization alone, candidate search: Aho–Corasick vs
#    SearchValues<string>) on 256 posts, in process, short job. Skip with --no-bdn.
# A table with the ratios closes the output. About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
megabytes=10
bdn=1
for arg in "$@"; do
  case $arg in
    --no-bdn) bdn=0 ;;
    *) megabytes=$arg ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One core for every engine: the one the OS is least likely to give to something else is not knowable, so core 0.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet $(dotnet --version), node $(node --version); commit $(git describe --always --dirty)"

dotnet build bench/Mekong.Text.Bench -c Release -v quiet -nologo >/dev/null
bench() { "${pin[@]}" dotnet "$root/artifacts/bin/Mekong.Text.Bench/release/Mekong.Text.Bench.dll" "$@"; }

bench prepare "$work/data" "$megabytes"

mkdir -p "$work/peers"
cp bench/peers/package.json bench/peers/package-lock.json bench/peers/screen.mjs "$work/peers/"
(cd "$work/peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo
echo "--- Mekong.Text"
bench screen "$work/data" 2>/dev/null | tee "$work/mekong.json"
for peer in obscenity 2toad obscenity-en 2toad-en; do
  echo "--- $peer"
  (cd "$work/peers" && "${pin[@]}" node screen.mjs "$peer" "$work/data" --budget-seconds 10) | tee "$work/$peer.json"
done

if [[ $bdn == 1 ]]; then
  echo
  echo "--- BenchmarkDotNet kernels (256 posts of the same kind, 1 MB corpus; per post)"
  (cd "$work" && bench --filter '*ScreeningBenchmarks*' --job short --inProcess --exporters markdown >"$work/bdn.log" 2>&1) || { tail -30 "$work/bdn.log"; exit 1; }
  cat "$work"/BenchmarkDotNet.Artifacts/results/*-report-github.md
fi

echo
node - "$work/mekong.json" "$work/obscenity.json" "$work/2toad.json" "$work/obscenity-en.json" "$work/2toad-en.json" <<'JS'
const fs = require('node:fs');
const rows = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8').trim().split('\n').pop()));
const me = rows[0];
const pad = (s, n) => String(s).padStart(n);
console.log(`${'engine'.padEnd(22)}${pad('terms', 7)}${pad('MB', 7)}${pad('MB/s', 9)}${pad('p50 µs', 9)}${pad('p99 µs', 9)}${pad('recall', 8)}${pad('clean hit', 10)}${pad('Mekong÷peer MB/s', 17)}${pad('p99 ÷', 8)}`);
for (const r of rows) {
  const speed = r === me ? '' : (me.mbPerSecond / r.mbPerSecond).toFixed(1) + '×';
  const p99 = r === me ? '' : (r.p99Microseconds / me.p99Microseconds).toFixed(1) + '×';
  const mb = r.sampled ? `${r.megabytes}*` : r.megabytes;
  console.log(`${r.engine.padEnd(22)}${pad(r.terms, 7)}${pad(mb, 7)}${pad(r.mbPerSecond, 9)}${pad(r.p50Microseconds, 9)}${pad(r.p99Microseconds, 9)}${pad(r.recall, 8)}${pad(`${r.cleanFlagged}/${r.cleanSentences}`, 10)}${pad(speed, 17)}${pad(p99, 8)}`);
}
console.log(`recall: share of the ${me.variants} obfuscated variants found (Mekong, obscenity: the variant's own term; @2toad: any match inside the variant).`);
console.log('clean hit: clean sentences (harmless neighbours of the suite terms) matched by a suite term (own list: by anything). * timed on the first posts only (too slow for all).');
console.log('own list: the peer with its built-in English list instead of the 10,000 terms, as it ships (recall: any match inside the variant).');
JS
