#!/usr/bin/env bash
# The generated attack suite with every probe (MEKONG_ATTACK_FULL=1) on SQLite and PostgreSQL; prints the
# requests per family and the failures. The default test run (./test.sh) runs a seeded sample of the same
# probes; this runs the whole set. Usage: bench/attack/run.sh [families]   e.g. bench/attack/run.sh xss,csrf
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
dotnet build tests/Mekong.Tests -c Release >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
set +e
MEKONG_ATTACK_FULL=1 MEKONG_ATTACK_FAMILIES="${1:-}" MEKONG_ATTACK_REPORT="$out/table.md" MEKONG_ATTACK_FAILURES="$out/failures.txt" \
  dotnet test tests/Mekong.Tests -c Release --no-build --filter "FullyQualifiedName~Mekong.Tests.Attack.AttackSuiteTests" >"$out/test.log" 2>&1
status=$?
set -e
cat "$out/table.md"
if [ -s "$out/failures.txt" ]; then
  echo
  echo "failures (one line each; all of them in $out/failures.txt):"
  grep -a '^\[' "$out/failures.txt" | grep -av 'server log:\|answered 5[0-9][0-9]: ' | cut -c1-240 | sort | uniq -c | sort -rn | head -60
fi
grep -a -E '^(Passed|Failed)!' "$out/test.log" || tail -20 "$out/test.log"
exit $status
