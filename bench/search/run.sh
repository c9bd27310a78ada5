#!/usr/bin/env bash
# Language detection + segmentation throughput, and search latency on 200,000 posts in the embedded default
# (SQLite FTS5) with a LIKE '%term%' scan over the same table as the peer, in the same run.
#   bench/search/run.sh [posts] [queries]
# Prints two JSON lines; the 200k-post database is kept in $TMPDIR/mekong-search-bench for reruns.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-200000}
queries=${2:-1000}
dotnet build bench/Mekong.Search.Bench -c Release -v quiet -nologo >/dev/null
dll=artifacts/bin/Mekong.Search.Bench/release/Mekong.Search.Bench.dll
dotnet "$dll" detect 20000
dotnet "$dll" search "$posts" "$queries" "${TMPDIR:-/tmp}/mekong-search-bench"
