#!/usr/bin/env bash
# Evaluation of content review on the shared moderation data sets: rules only, classifier only, combined.
#   bench/moderation/run.sh [data folder]      (default: ../shared/eval/moderation beside the repository)
# The data are read in place and never copied into the repository; nothing is saved (eval trains in memory).
# Runs, each with the classifier's threshold chosen on a held-out fifth of the TRAINING rows (--threshold auto),
# never on the evaluation rows:
#   COLD (zh)      train on train.csv, evaluate on dev.csv              rules: terms-zh.txt
#   ViHOS (vi)     train on train.csv, evaluate on dev.csv              rules: terms-vi.txt (Vietnamese, unaccented too)
#                  (a comment with any hate/offensive span is positive, [] is clean)
#   Davidson (en)  seeded 80/20 split (seed 42) of labeled_data.csv
#                  abuse = hate speech or offensive (class 0,1) vs neither (2)   rules: terms-en.txt, terms-en-stems.txt
#                  hate  = hate speech (class 0) vs the rest (1,2)               rules: terms-en-hate.txt
# Each run prints the keyword peer (plain substring match of the same terms, what keyword-only tools do) beside
# the site's matcher. About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$(realpath "${1:-../shared/eval/moderation}")
for f in zh-cold/train.csv zh-cold/dev.csv vi-vihos/train.csv vi-vihos/dev.csv en-davidson/labeled_data.csv; do
  [[ -f $data/$f ]] || { echo "missing $data/$f" >&2; exit 2; }
done

dotnet build src/Mekong -c Release -v quiet -nologo >/dev/null
mekong() { dotnet artifacts/bin/Mekong/release/Mekong.dll "$@"; }
terms=bench/moderation

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version)"
echo "commit: $(git rev-parse --short HEAD)"
echo

echo "=== COLD (zh): train on train.csv, evaluate on dev.csv"
mekong eval moderation --data "$data/zh-cold/dev.csv" --train "$data/zh-cold/train.csv" \
  --text-column TEXT --label-column label --terms $terms/terms-zh.txt --threshold auto
echo

echo "=== ViHOS (vi): train on train.csv, evaluate on dev.csv"
mekong eval moderation --data "$data/vi-vihos/dev.csv" --train "$data/vi-vihos/train.csv" \
  --text-column content --label-column index_spans --terms $terms/terms-vi.txt --terms-language vi --threshold auto
echo

echo "=== Davidson (en), abuse (hate or offensive): 80/20 split, seed 42; terms as plain words"
mekong eval moderation --data "$data/en-davidson/labeled_data.csv" --split 0.8 --seed 42 \
  --text-column tweet --label-column class --positive 0,1 --negative 2 --terms $terms/terms-en.txt --threshold auto
echo

echo "=== Davidson (en), abuse: the same split; the same words with * where the word may continue"
mekong eval moderation --data "$data/en-davidson/labeled_data.csv" --split 0.8 --seed 42 \
  --text-column tweet --label-column class --positive 0,1 --negative 2 --terms $terms/terms-en-stems.txt --threshold auto
echo

echo "=== Davidson (en), hate speech only: the same split"
mekong eval moderation --data "$data/en-davidson/labeled_data.csv" --split 0.8 --seed 42 --category hate \
  --text-column tweet --label-column class --positive 0 --negative 1,2 --terms $terms/terms-en-hate.txt --threshold auto
