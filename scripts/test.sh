#!/usr/bin/env bash
# Runs every test of GrpcRelay: installs the prerequisites, builds, runs all test projects
# (unit, property, real-process and interoperability tests), and ends with one line
# "N passed, N failed, N skipped" over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh --tests || exit 1
dotnet build GrpcRelay.sln -c Release -nologo -clp:NoSummary -warnaserror || exit 1

mkdir -p TestResults
log=TestResults/test-run.log
# Tests append lines meant for this output (the attack tally, benchmark figures) here.
export GRPCRELAY_REPORT_DIR="$PWD/TestResults/reports"
rm -rf "$GRPCRELAY_REPORT_DIR"
dotnet test --solution GrpcRelay.sln -c Release --no-build --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary over every project; turn it into the project's one line.
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
echo
cat "$GRPCRELAY_REPORT_DIR"/*.txt 2>/dev/null
echo "$(count succeeded) passed, $(count failed) failed, $(count skipped) skipped"
exit "$status"
