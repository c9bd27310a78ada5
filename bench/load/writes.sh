#!/usr/bin/env bash
# The write scenario against an already running server (start it with the rate limits raised, e.g.
# RateLimits__Policies__comment__PermitLimit=1000000, …post…, …register…, …signin…):
#   bench/load/writes.sh BASE_URL KIND CONNECTIONS SECONDS      KIND = comment | post
# Signs up and signs in 16 members through the API, founds a public community they all join with one post each,
# then runs wrk (2 threads, CONNECTIONS connections, SECONDS) with bench/load/writes.lua: every request is a member
# adding a comment to one of those posts (comment) or publishing a post (post), acknowledged after its commit.
# Prints ONE markdown table row: | writes: KIND, 16 members | req/s | p50 ms | p99 ms | errors |
set -euo pipefail
base=${1:?usage: writes.sh BASE_URL comment|post CONNECTIONS SECONDS}
kind=${2:-comment}
connections=${3:-16}
seconds=${4:-10}
members=16
case $kind in comment | post) ;; *) echo "KIND is comment or post" >&2; exit 2 ;; esac
case $base in http://127.0.0.1:* | http://localhost:*) ;; *) echo "BASE_URL must be on 127.0.0.1" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
setup=$work/members.txt
run=$RANDOM$RANDOM

json() { curl -sS --max-time 30 -H 'Content-Type: application/json' "$@"; }

community=""
for i in $(seq 1 $members); do
  email="writer$i-$run@bench.mekong"
  json -o /dev/null -X POST "$base/api/v1/auth/register" \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"displayName\":\"Writer $i\",\"homeCountry\":\"TH\",\"readingLanguages\":[\"en\",\"th\"]}"
  token=$(json -X POST "$base/api/v1/auth/login" -d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" | jq -r .accessToken)
  [[ -n $token && $token != null ]] || { echo "sign-in of $email failed" >&2; exit 1; }
  auth=(-H "Authorization: Bearer $token")
  if [[ -z $community ]]; then
    community=$(json "${auth[@]}" -X POST "$base/api/v1/communities" -d "{\"name\":\"Writers $run\",\"kind\":\"interestClub\",\"visibility\":\"public\"}" | jq -r .id)
    [[ -n $community && $community != null ]] || { echo "founding the community failed" >&2; exit 1; }
  else
    json "${auth[@]}" -o /dev/null -X POST "$base/api/v1/communities/$community/membership"
  fi
  post=$(json "${auth[@]}" -X POST "$base/api/v1/communities/$community/posts" \
    -d "{\"title\":\"Writer $i's thread\",\"body\":\"Comments welcome.\",\"language\":\"en\"}" | jq -r .id)
  [[ -n $post && $post != null ]] || { echo "publishing a post failed" >&2; exit 1; }
  echo "$token $post $community" >>"$setup"
done

out=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/writes.lua" "$base" -- "$setup" "$kind" 2>"$work/wrk.err")
line=$(grep '^WRITES ' <<<"$out" || true)
if [[ -z $line ]]; then
  cat "$work/wrk.err" >&2
  echo "$out" >&2
  exit 1
fi
head -3 "$work/wrk.err" >&2 || true
read -r _ rps p50 p99 errors total <<<"$line"
printf '| writes: %s, %d members | %s | %s | %s | %s |\n' "$kind" "$members" "$rps" "$p50" "$p99" "$errors"
