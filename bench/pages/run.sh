#!/usr/bin/env bash
# Pages under load (issue 10): home, a community page, a post page with 50 comments and /api/v1/posts, for an anonymous
# reader and a signed-in member (cookie), at 32 and 128 connections, each beside the static file /css/site.css measured
# in the same minute. Prints markdown table rows. Traffic to 127.0.0.1 only; every loop is bounded.
#   bench/pages/run.sh [BIN_DIR] [SECONDS]      (BIN_DIR defaults to artifacts/bin/Mekong/release; build with -c Release)
set -euo pipefail
BIN="$(cd "${1:-artifacts/bin/Mekong/release}" && pwd)"
SECS="${2:-5}"
PORT="${PORT:-5391}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
cleanup() { [[ -n "${PID:-}" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cd "$WORK"
Urls="$BASE" RateLimits__Enabled=false Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$BIN/Mekong.dll" --demo >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do curl -fs "$BASE/api/v1/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/api/v1/health" >/dev/null || { echo "server did not start" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# A member signs in twice: a bearer token (to write the fixture) and a cookie (to read as a browser does).
TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"lin_xiaoyu@demo.mekong.test","password":"mekong-demo"}' | json 'd["accessToken"]')
# The cookie is fetched again before each member run: Identity revalidates a cookie older than a minute (the security
# stamp check, Accounts/AccountsModule.cs) and re-issues it; a browser keeps the new one, wrk cannot.
member_cookie() {
  curl -fs -c "$WORK/jar" -o /dev/null -X POST "$BASE/api/v1/auth/login?useCookies=true" -H 'Content-Type: application/json' \
    -d '{"email":"lin_xiaoyu@demo.mekong.test","password":"mekong-demo"}'
  echo "mekong.auth=$(awk '$6=="mekong.auth"{print $7}' "$WORK/jar")"
}

# The fixture: the newest post gets comments until it has 50.
POST=$(curl -fs "$BASE/api/v1/posts?limit=1" | json '(d["items"] if isinstance(d,dict) else d)[0]["id"]')
SLUG=$(curl -fs "$BASE/api/v1/posts/$POST" | json 'd["communitySlug"]')
HAVE=$(curl -fs "$BASE/api/v1/posts/$POST" | json 'd.get("commentCount",0)')
for i in $(seq $((HAVE + 1)) 50); do
  curl -fs -o /dev/null -X POST "$BASE/api/v1/posts/$POST/comments" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"body\":\"Load-test comment $i: ขอบคุณ cảm ơn 谢谢\"}"
done
sleep 1

run() { # path, cookie, connections -> "req/s p50 p99"
  local args=(-t2 -c"$3" -d"${SECS}s" --latency --timeout 10s)
  [[ -n "$2" ]] && args+=(-H "Cookie: $2")
  wrk "${args[@]}" "$BASE$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%.0f %s %s %s\n", rps, p50, p99, (bad==""?0:bad)}'
}
echo "| request | reader | connections | req/s | p50 | p99 | static req/s | static p99 | ratio | load avg |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
for c in 32 128; do
  for who in anonymous member; do
    for path in "/" "/c/$SLUG" "/p/$POST" "/api/v1/posts"; do
      cookie=""; [[ $who == member ]] && cookie="$(member_cookie)"
      read -r srps _ sp99 _ < <(run /css/site.css "" "$c")
      read -r rps p50 p99 bad < <(run "$path" "$cookie" "$c")
      ratio=$(python3 -c "print(f'{100*$rps/max($srps,1):.1f} %')")
      label="$path"; [[ $path == "/p/$POST" ]] && label="/p/{id} (50 comments)"; [[ $path == "/c/$SLUG" ]] && label="/c/{slug}"
      [[ $bad != 0 ]] && label="$label (non-2xx: $bad)"
      echo "| \`$label\` | $who | $c | $rps | $p50 | $p99 | $srps | $sp99 | $ratio | $(cut -d' ' -f1-3 /proc/loadavg) |"
    done
  done
done
