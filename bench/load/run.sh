#!/usr/bin/env bash
# The load harness (issue 10): the Release build on a demo site, every page, API, search and write scenario under wrk
# beside the static-file ceiling measured in the same run, and the server's own figures read from /metrics.
#   bench/load/run.sh [all] [--seconds N] [--scenarios LIST] [--connections "32 128"] [--no-write]
#     all            also runs bench/startup/run.sh and bench/search/run.sh and copies their table rows, and
#                    bench/load/telemetry.sh (telemetry on against off; its own section of docs/benchmarks.md)
#     --seconds N    seconds per scenario (default 8; env LOAD_SECONDS)
#     --scenarios L  comma list of: static,home,community,post,api,search,writes (default all; env LOAD_SCENARIOS)
#     --connections  connection levels (default "32 128"; env LOAD_CONNECTIONS)
#     --no-write     print only; leave docs/benchmarks.md alone
#     --postgres     the site on a throw-away PostgreSQL server (initdb in the temp folder; fsync on) instead of SQLite;
#                    its section is "## Load harness on PostgreSQL (issue 10)" (env LOAD_DATABASE=postgres)
#   env MEKONG_DLL   a built or published Mekong.dll to run instead of building src/Mekong (Release)
# Traffic goes to 127.0.0.1 only; every wait and loop is bounded. Prints ONE markdown table (and writes it into the
# section "## Load harness (issue 10)" of docs/benchmarks.md): scenario, connections, req/s, p50, p99, share of the
# static file's req/s at the same connections, the server's mean time and EF Core queries per request (from
# /metrics), goal, met?
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

seconds=${LOAD_SECONDS:-8}
scenarios=${LOAD_SCENARIOS:-static,home,community,post,api,search,writes}
levels=${LOAD_CONNECTIONS:-32 128}
write=1
all=0
database=${LOAD_DATABASE:-sqlite}
while (($#)); do
  case $1 in
    all) all=1 ;;
    --seconds) seconds=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --connections) levels=$2; shift ;;
    --no-write) write=0 ;;
    --postgres) database=postgres ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] || { echo "--seconds: 1 to 600" >&2; exit 2; }
wants() { [[ ",$scenarios," == *",$1,"* ]]; }

# wrk from Debian, installed once (idempotent).
if ! command -v wrk >/dev/null; then
  (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }) ||
    { echo "could not install wrk (apt-get install wrk)" >&2; exit 1; }
fi
for tool in curl jq; do command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 1; }; done

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  if [[ -n ${pgbin:-} && -d $work/pg/data ]]; then as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

if [[ -z ${MEKONG_DLL:-} ]]; then
  dotnet build src/Mekong -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
  MEKONG_DLL=$root/artifacts/bin/Mekong/release/Mekong.dll
fi

fail() { echo "$1; the site's log ends:" >&2; tail -20 "$work/site.log" >&2; exit 1; }

# A free port on 127.0.0.1 (at most 50 tries).
free_port() {
  local candidate
  for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "no free port found" >&2
  exit 1
}
port=$(free_port)
base=http://127.0.0.1:$port

# PostgreSQL: a throw-away server in the temp folder (as the postgres user when run as root: initdb refuses root).
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
database_env=()
if [[ $database == postgres ]]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $pgbin/initdb ]] || { echo "PostgreSQL not found (apt-get install postgresql-15)" >&2; exit 1; }
  pgport=$(free_port)
  mkdir -p "$work/pg"
  [[ $(id -u) == 0 ]] && chown postgres "$work/pg"
  as_postgres "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 ||
    { tail -5 "$work/pg/initdb.log" >&2; exit 1; }
  as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -t 120 -w start \
    -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null || { tail -5 "$work/pg/log" >&2; exit 1; }
  database_env=(Database__Provider=postgres "ConnectionStrings__Mekong=Host=127.0.0.1;Port=$pgport;Username=postgres;Database=mekong")
fi
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

# The site: a demo site in a temp folder, rate limits raised so they measure nothing, logs at Warning.
limits=()
for policy in signin register post comment reaction search upload translation preview; do
  limits+=("RateLimits__Policies__${policy}__PermitLimit=100000000")
done
mkdir -p "$work/site"
(cd "$work/site" && exec env "${limits[@]}" "${database_env[@]}" Accounts__SignInThrottle__PerAccountFailures=100000 Accounts__SignInThrottle__PerClientFailures=100000 \
  Telemetry__ScrapeToken="$token" Logging__LogLevel__Default=Warning Security__Hsts=false \
  dotnet "$MEKONG_DLL" --demo --urls "$base" >"$work/site.log" 2>&1) &
pid=$!
# Seeding takes seconds on a quiet machine and minutes on a busy one: wait at most 10 minutes.
deadline=$((SECONDS + 600))
until curl -fs -o /dev/null --max-time 5 "$base/"; do
  kill -0 $pid 2>/dev/null || { tail -30 "$work/site.log" >&2; exit 1; }
  ((SECONDS < deadline)) || fail "the site did not answer within 600 s"
  sleep 0.2
done

json() { curl -sS --max-time 30 -H 'Content-Type: application/json' "$@"; }

# A demo member: a bearer token for the API and a sign-in cookie for the pages.
email="lin_xiaoyu@demo.mekong.test"
password=${DEMO_PASSWORD:-mekong-demo}
bearer=$(json -X POST "$base/api/v1/auth/login" -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .accessToken || true)
[[ -n $bearer && $bearer != null ]] || fail "demo sign-in failed"
json -o /dev/null -c "$work/cookies" -X POST "$base/api/v1/auth/login?useCookies=true" -d "{\"email\":\"$email\",\"password\":\"$password\"}" || true
cookie=$(awk '$6 == "mekong.auth" {print $6 "=" $7}' "$work/cookies" 2>/dev/null || true)
[[ -n $cookie ]] || fail "demo sign-in (cookie) failed"
auth=(-H "Authorization: Bearer $bearer")

# A public community the member joins, and a post there with 50 comments (through the API, as the member).
community=$(json "$base/api/v1/communities" | jq -r '[(.items // .)[] | select((.visibility // "public") | ascii_downcase == "public")][0]' || true)
community_id=$(jq -r .id <<<"$community")
slug=$(jq -r .slug <<<"$community")
[[ -n $slug && $slug != null ]] || fail "no public community on the demo site"
json "${auth[@]}" -o /dev/null -X POST "$base/api/v1/communities/$community_id/membership" || fail "joining $slug failed"
post=$(json "${auth[@]}" -X POST "$base/api/v1/communities/$community_id/posts" \
  -d '{"title":"Load harness: a post with fifty comments","body":"Night markets along the river, and where to eat after dark."}' | jq -r .id || true)
[[ -n $post && $post != null ]] || fail "creating the post failed"
for i in $(seq 50); do
  json "${auth[@]}" -o /dev/null -X POST "$base/api/v1/posts/$post/comments" -d "{\"body\":\"Comment $i: the grilled fish stall by the pier is still the best.\"}" || fail "comment $i failed"
done

# Search: a realistic mix over the demo corpus (single words, two words, Thai, Chinese, Vietnamese, rare and common).
cat >"$work/search.lua" <<'LUA'
local queries = { "khao soi", "phở", "ข้าวซอย", "云南", "mekong", "night market", "noodles", "ตลาด", "米线",
  "Hà Nội", "festival", "bánh mì", "เชียงใหม่", "过桥米线", "travel", "laos", "the", "durian", "ลาว", "chè" }
local function encode(s) return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. encode(queries[(i % #queries) + 1]))
end
LUA

# /metrics, summed over every series: requests and their total time (the scrapes themselves left out), EF queries.
scrape() {
  curl -fsS --max-time 30 -H "Authorization: Bearer $token" "$base/metrics" | awk '
    /^http_server_request_duration_seconds_sum\{/ && !/http_route="\/metrics"/ { sum += $NF }
    /^http_server_request_duration_seconds_count\{/ && !/http_route="\/metrics"/ { count += $NF }
    /^microsoft_entityframeworkcore_queries_total/ { queries += $NF }
    /^mekong_outbox_pending/ { pending += $NF }
    END { printf "%.6f %d %d %d\n", sum, count, queries, pending }'
}

# wrk latency ("812.00us", "2.31ms", "1.02s") in ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

loads=()
load_now() { cut -d' ' -f1 /proc/loadavg; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A ceiling
rows=()
row_index=0
# measure NAME CONNECTIONS GOAL PATH [HEADER [LUA]]: one row (HEADER "Name: value" or empty; LUA a wrk script).
measure() {
  local name=$1 conns=$2 goal=$3 path=$4 header=${5:-} lua=${6:-}
  local curl_args=() wrk_args=()
  if [[ -n $header ]]; then curl_args+=(-H "$header"); wrk_args+=(-H "$header"); fi
  if [[ -n $lua ]]; then wrk_args+=(-s "$lua"); fi
  local status=200
  [[ -z $lua ]] && status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "${curl_args[@]}" "$base$path" || true)
  local before after
  before=$(scrape)
  row_index=$((row_index + 1))
  (sleep $((seconds / 2 + 1)); load_now >"$work/load.$row_index") &
  local sampler=$!
  wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency "${wrk_args[@]}" "$base$path" >"$work/wrk.out" 2>&1 || true
  wait $sampler 2>/dev/null || true
  loads+=("$(cat "$work/load.$row_index" 2>/dev/null || load_now)")
  after=$(scrape)
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/wrk.out")
  [[ -n $rps ]] || { rps=0; echo "wrk failed for $name: $(tail -3 "$work/wrk.out")" >&2; }
  local server
  server=$(awk -v b="$before" -v a="$after" 'BEGIN {
    split(b, x, " "); split(a, y, " "); n = y[2] - x[2];
    if (n <= 0) { print "— | —"; exit }
    printf "%.2f ms | %.1f\n", (y[1] - x[1]) * 1000 / n, (y[3] - x[3]) / n }')
  local ratio met
  if [[ $name == "/css/site.css"* ]]; then
    ceiling[$conns]=$rps
    ratio="100 %"
  else
    ratio=$(awk -v r="$rps" -v c="${ceiling[$conns]:-0}" 'BEGIN { if (c > 0) printf "%.1f %%", 100 * r / c; else print "—" }')
  fi
  # The goal's numbers come in min_share (% of the ceiling), max_p99 (ms) and low_rps (the same row at the first level).
  met=$(awk -v ratio="${ratio% %}" -v p99="$p99" -v errors="$errors" -v rps="$rps" \
    -v share="${min_share:-}" -v most="${max_p99:-}" -v low="${low_rps:-0}" 'BEGIN {
    if (share == "" && most == "") { print "—"; exit }
    ok = errors == 0
    if (share != "") ok = ok && ratio + 0 >= share + 0
    if (most != "") ok = ok && p99 + 0 <= most + 0
    if (low > 0) ok = ok && rps + 0 >= 0.95 * low
    print ok ? "yes" : "no" }')
  local note=""
  [[ $errors != 0 ]] && note=" ($errors errors)"
  [[ $status != 200 && $status != "" ]] && note="$note (answers $status)"
  [[ $rps == 0 ]] && note="$note (no answer within the ${seconds} s)"
  rows+=("| $name$note | $conns | $rps | $p50 ms | $p99 ms | $ratio | $server | $goal | $met |")
  echo "${rows[-1]}" >&2
  last_rps=$rps
}

# Warm-up: JIT and caches, 1 s per path at 8 connections (not reported).
for path in /css/site.css / "/c/$slug" "/p/$post" /api/v1/posts; do
  wrk -t2 -c8 -d1s "$base$path" >/dev/null 2>&1 || true
  wrk -t2 -c8 -d1s -H "Cookie: $cookie" "$base$path" >/dev/null 2>&1 || true
done
wrk -t2 -c8 -d1s -s "$work/search.lua" "$base" >/dev/null 2>&1 || true

declare -A first
# page NAME PATH CONNECTIONS MEMBER_HEADER: anonymous, then as the member (cookie for pages, bearer for the API).
page() {
  local name=$1 path=$2 conns=$3 member_header=$4
  local suffix=""
  [[ -n ${first["$name anon"]:-} ]] && suffix=", not below the first level"
  min_share=30 max_p99=50 low_rps=${first["$name anon"]:-0} measure "$name" "$conns" "≥ 30 %, p99 ≤ 50 ms$suffix" "$path"
  first["$name anon"]=${first["$name anon"]:-$last_rps}
  min_share=15 max_p99="" low_rps=${first["$name member"]:-0} measure "$name (member)" "$conns" "≥ 15 %$suffix" "$path" "$member_header"
  first["$name member"]=${first["$name member"]:-$last_rps}
}

for conns in $levels; do
  if wants static || [[ -z ${ceiling[$conns]:-} ]]; then measure "/css/site.css (ceiling)" "$conns" "ceiling" /css/site.css; fi
  if wants home; then page "/ home" / "$conns" "Cookie: $cookie"; fi
  if wants community; then page "/c/{slug} community" "/c/$slug" "$conns" "Cookie: $cookie"; fi
  if wants post; then page "/p/{id} post, 50 comments" "/p/$post" "$conns" "Cookie: $cookie"; fi
  if wants api; then page "/api/v1/posts" /api/v1/posts "$conns" "Authorization: Bearer $bearer"; fi
  if wants search; then measure "/api/v1/search (20 rotating queries)" "$conns" "—" / "" "$work/search.lua"; fi
done

# The site is no longer needed: stop it before the other harnesses run.
stop_site() { if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi; pid=""; }

# Writes (bench/load/writes.sh, the outbox work): 16 members writing; its row is re-cut to this table's columns.
if wants writes && [[ -x bench/load/writes.sh ]]; then
  for kind in comment post; do
    goal="≥ $([[ $kind == comment ]] && echo 500 || echo 200) req/s"
    before=$(scrape)
    line=$(timeout $((seconds + 300)) bench/load/writes.sh "$base" "$kind" 16 "$seconds" 2>"$work/writes.err" | grep '^|' | tail -1 || true)
    after=$(scrape)
    loads+=("$(load_now)")
    if [[ -z $line ]]; then
      rows+=("| writes: $kind (writes.sh failed: $(tail -1 "$work/writes.err" | tr '|' '/')) | 16 | — | — | — | — | — | $goal | no |")
      continue
    fi
    IFS='|' read -r _ wname wrps wp50 wp99 werrors _ <<<"$line"
    wrps=$(xargs <<<"$wrps"); wp50=$(xargs <<<"$wp50"); wp99=$(xargs <<<"$wp99"); werrors=$(xargs <<<"${werrors:-0}")
    server=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); n = y[2] - x[2];
      if (n <= 0) { print "— | —"; exit } printf "%.2f ms | %.1f\n", (y[1] - x[1]) * 1000 / n, (y[3] - x[3]) / n }')
    met=$(awk -v r="${wrps//,/}" -v g="${goal//[^0-9]/}" 'BEGIN { print (r + 0 >= g + 0) ? "yes" : "no" }')
    [[ -n $werrors && $werrors != 0 ]] && wname="$wname ($werrors errors)"
    rows+=("| $(xargs <<<"$wname") | 16 | $wrps | ${wp50% ms} ms | ${wp99% ms} ms | — | $server | $goal | $met |")
    echo "${rows[-1]}" >&2
  done
  rows+=("| outbox pending after the writes | | $(scrape | cut -d' ' -f4) | | | | | | |")
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_site

extra=""
if [[ $all == 1 ]]; then
  for harness in startup search; do
    if [[ -x bench/$harness/run.sh ]]; then
      extra+=$'\n'"bench/$harness/run.sh:"$'\n\n'
      extra+=$(timeout 1800 "bench/$harness/run.sh" 2>"$work/$harness.err" | grep '^|' || echo "| bench/$harness/run.sh printed no table rows: $(tail -1 "$work/$harness.err") |")
      extra+=$'\n'
    fi
  done
  timeout 1800 bench/load/telemetry.sh "$seconds" 3 $([[ $write == 0 ]] && echo --no-write) >&2 || echo "bench/load/telemetry.sh failed" >&2
fi

during=$(printf '%s\n' "${loads[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%s–%s", a[1], a[NR]}')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo "+changes")
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version)"
table=$(
  echo "| scenario | connections | req/s | p50 | p99 | of static req/s | server mean | EF queries/req | goal | met? |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
)
section="## Load harness (issue 10)"
[[ $database == postgres ]] && section="## Load harness on PostgreSQL (issue 10)"
report=$(cat <<EOF
$section

\`\`\`
bench/load/run.sh $([[ $all == 1 ]] && echo "all ")$([[ $database == postgres ]] && echo "--postgres ")--seconds $seconds --scenarios $scenarios --connections "$levels"
\`\`\`

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit; $machine. Release build on a demo site ($([[ $database == postgres ]] && echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'), fsync on" || echo "SQLite")) in a temp folder, rate
limits raised; wrk -t2 for ${seconds} s per row, after a 1 s warm-up per path; a member is a signed-in demo account
(cookie for pages, bearer token for the API). Load average (1 min): before $load_before, during $during, after
$load_after. "of static req/s" is the row's throughput as a share of /css/site.css at the same connections in the
same run; "server mean" and "EF queries/req" come from /metrics (http.server.request.duration sum/count and
microsoft.entityframeworkcore.queries, before and after the row), so they show what the server spent apart from wrk.

$table
$extra
EOF
)
echo "$report"

if [[ $write == 1 ]]; then
  # Replace the section (up to the next "## " heading), or append it at the end.
  printf '%s\n' "$report" >"$work/report.md"
  awk -v file="$work/report.md" -v section="$section" '
    function put() { while ((getline line < file) > 0) print line; close(file) }
    $0 == section { put(); skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print "" }
    !skip { print }
    END { if (!done) { print ""; put() } }' docs/benchmarks.md >"$work/benchmarks.md"
  cp "$work/benchmarks.md" docs/benchmarks.md
  echo "(written into docs/benchmarks.md)" >&2
fi
