#!/usr/bin/env bash
# Runs every test of GrpcRelay: installs the prerequisites, builds, runs all test projects
# (unit, property, real-process and interoperability tests), and ends with one line
# "N passed, N failed, N skipped" over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh --tests || exit 1
# buf, grpc-js and proto-loader for the interoperability tests, exactly as locked.
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm ci in tests/interop failed" >&2; exit 1; }

# buf breaking: protos/ must stay compatible with the previous release. It runs only once a
# release tag v* exists (before the first release there is nothing to compare with); it compares
# with the newest v* tag before this commit, so a release commit is checked against the one before.
breaking=0
if ! release=$(git describe --tags --abbrev=0 --match 'v*' HEAD^ 2>/dev/null); then
  echo "buf breaking: skipped, no release tag v* before this commit (or no git history) to compare protos/ with"
else
  against=$(mktemp -d)
  git archive "$release" protos | tar -x -C "$against"
  echo "buf breaking: protos/ against $release"
  tests/interop/node_modules/.bin/buf breaking protos --against "$against/protos" || breaking=1
  rm -rf "$against"
fi

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
if [ "$breaking" -ne 0 ]; then
  echo "buf breaking failed: protos/ is not compatible with $release (see above)"
  status=1
fi
exit "$status"
