#!/usr/bin/env bash
# Search on 200,000 posts in the embedded default (SQLite FTS5), side by side in one run (issue 10):
#   Mekong newest-first (the order before issue 10), Mekong BM25 relevance, a LIKE '%term%' scan over the same table
#   (the peer), and Lucene.Net 4.8 (BM25, ICU analysis) over the same rows — 8 queries at once over the query mix —
#   then nDCG@10 of 50 labeled queries made from the demo corpus (newest-first, BM25, Lucene).
#   bench/search/run.sh [posts] [queries] [workers]        (defaults 200000 1000 8; DETECT=1 also runs issue 3's
#                                                           detection throughput)
# Prints markdown table rows (lines starting with |) on stdout for bench/load/run.sh; details (JSON) on stderr.
# The 200k-post database and its Lucene index are kept in $TMPDIR/mekong-search-bench for reruns (delete to rebuild).
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-200000}
queries=${2:-1000}
workers=${3:-8}
folder="${TMPDIR:-/tmp}/mekong-search-bench"
dotnet build bench/Mekong.Search.Bench -c Release -v quiet -nologo >/dev/null
dll=artifacts/bin/Mekong.Search.Bench/release/Mekong.Search.Bench.dll
if [[ "${DETECT:-0}" == 1 ]]; then
  dotnet "$dll" detect 20000 >&2
fi
timeout 3600 dotnet "$dll" search "$posts" "$queries" "$folder" "$workers"
timeout 1200 dotnet "$dll" relevance 20000 "$folder"
