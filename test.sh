#!/usr/bin/env bash
# Runs every test project (SQLite, a throw-away PostgreSQL 15, headless Chromium) and ends with one line:
# "N passed, N failed, N skipped", summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")"
.ci/prerequisites || exit 1
log=$(mktemp)
dotnet test Mekong.slnx -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
read -r passed failed skipped < <(grep -aE '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the build or a test host failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
