#!/usr/bin/env bash
# Runs every MeghaOS test (host unit tests, model tests and QEMU boot tests) after installing what is missing.
# Prints the totals last, as "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

results=$(mktemp -d)
dotnet test MeghaOS.sln -c Release --logger "trx" --results-directory "$results" 2>&1 | tee "$results/log.txt"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
    f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "test run failed before reporting results" >&2; fi
echo "$passed passed, $failed failed"
[ "$status" = 0 ]
