#!/usr/bin/env bash
# Runs every test project with coverage, then prints coverage per project and one totals line.
set -uo pipefail
cd "$(dirname "$0")"
rm -rf artifacts/test-results
dotnet build CustomerPortal.sln -c Debug -nologo -clp:ErrorsOnly || exit 1
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo \
    --collect:"XPlat Code Coverage" --settings coverage.runsettings \
    --results-directory "artifacts/test-results/$name" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" || status=1
done
python3 tools/test-summary.py artifacts/test-results "$(ls tests/*/*.csproj | wc -l)" || status=1
exit $status
