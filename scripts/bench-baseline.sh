#!/usr/bin/env bash
# Before/after figures in one BenchmarkDotNet run: exports the PMM sources (MeghaOS.Interfaces, MeghaOS.Pmm) of a
# baseline commit into a temporary directory and runs OwnerCostBenchmarks, which measures the baseline's single-frame
# allocate + free beside today's (Ratio = after / before). Usage: scripts/bench-baseline.sh [COMMIT] [BDN arguments]
# (default commit: where this branch left main; default arguments: --job short --iterationCount 10).
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:-$(git merge-base HEAD main)}
shift || true
arguments=("$@")
[ ${#arguments[@]} -gt 0 ] || arguments=(--job short --iterationCount 10)

source=$(mktemp -d)
trap 'rm -rf "$source"' EXIT
git archive "$commit" MeghaOS.Interfaces MeghaOS.Pmm | tar -x -C "$source"
echo "baseline: $(git log -1 --format='%h %s' "$commit")"

# An environment variable, so that BenchmarkDotNet's own builds of the benchmark project see it too.
export MeghaOSBaselineSource="$source"
dotnet run -c Release --project MeghaOS.Benchmarks -- --filter '*OwnerCost*' "${arguments[@]}"
