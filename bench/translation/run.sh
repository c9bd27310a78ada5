#!/usr/bin/env bash
# Translation memory under load: the platform (its own process, SQLite in a temp folder) against an OpenAI-compatible
# stub on 127.0.0.1; memory misses beside hits in the same run, single flight, fuzzy matching.
#   bench/translation/run.sh [posts]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Mekong.Translation.Bench -c Release -v quiet -nologo
dotnet artifacts/bin/Mekong.Translation.Bench/release/Mekong.Translation.Bench.dll "$PWD/artifacts/bin/Mekong/release/Mekong.dll" "${1:-100}"
