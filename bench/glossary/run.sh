#!/usr/bin/env bash
# The cultural glossary: snapshot build, Constraints per sentence beside a naive Contains scan, Match on long inputs.
#   bench/glossary/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Mekong.Search.Bench -c Release -v quiet -nologo
dotnet artifacts/bin/Mekong.Search.Bench/release/Mekong.Search.Bench.dll glossary
