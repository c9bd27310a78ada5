#!/usr/bin/env bash
# Fuzzes the Markdown-to-HTML path and the JSON request models for a bounded time per harness (default 60 s).
#   fuzz/run.sh [seconds-per-harness] [harness...]       harnesses: markdown json
# With afl-fuzz and the SharpFuzz instrumenter (`dotnet tool install --global SharpFuzz.CommandLine`) on the
# PATH, it runs AFL over SharpFuzz-instrumented assemblies; otherwise the built-in deterministic mutation
# driver runs the same harness entry points. Either way it says which ran, and prints executions and findings.
# Findings land in fuzz/findings/ (ignored by git); turn each into a regression test in tests/Mekong.Tests.
# Not part of the default build or test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("${@:-markdown}")
if [ $# -eq 0 ]; then harnesses=(markdown json); fi

dotnet build fuzz/Mekong.Fuzz -c Release -v quiet -nologo >/dev/null
bin=$PWD/artifacts/bin/Mekong.Fuzz/release
mkdir -p fuzz/findings
status=0

if command -v afl-fuzz >/dev/null && command -v sharpfuzz >/dev/null; then
  echo "driver: AFL ($(afl-fuzz -h 2>&1 | head -1 | tr -d '\n')) over SharpFuzz-instrumented assemblies"
  work=$(mktemp -d)
  cp -r "$bin"/. "$work"/
  for dll in Mekong.dll Markdig.dll HtmlSanitizer.dll AngleSharp.dll; do sharpfuzz "$work/$dll" >/dev/null; done
  for h in "${harnesses[@]}"; do
    out=fuzz/findings/afl-$h
    rm -rf "$out"
    AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
      timeout $((seconds + 30)) afl-fuzz -V "$seconds" -t 10000 -m none -i "fuzz/corpus/$h" -o "$out" -- dotnet "$work/Mekong.Fuzz.dll" "$h" --afl >/dev/null || true
    execs=$(grep -h execs_done "$out"/default/fuzzer_stats 2>/dev/null | awk '{print $3}')
    crashes=$(ls "$out"/default/crashes 2>/dev/null | grep -vc README || true)
    echo "harness $h: ${execs:-0} executions in $seconds s, ${crashes:-0} crashes (driver: AFL)"
    [ "${crashes:-0}" = 0 ] || status=1
  done
else
  echo "driver: built-in mutation (afl-fuzz or the sharpfuzz instrumenter not found on PATH)"
  for h in "${harnesses[@]}"; do
    dotnet "$bin/Mekong.Fuzz.dll" "$h" --mutate "$seconds" "fuzz/corpus/$h" fuzz/findings || status=1
  done
fi
exit $status
