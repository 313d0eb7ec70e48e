#!/usr/bin/env bash
# Runs every test project with coverage, then prints coverage per project and one totals line.
# On a fresh machine it first installs what the tests need (as root), or says what to install.
set -uo pipefail
cd "$(dirname "$0")"

# Browser tests drive Debian's Chromium; the PostgreSQL tests start a throwaway server from its binaries;
# the summary is a Python script. PORTAL_CHROMIUM and PORTAL_PG_BIN point at copies elsewhere.
missing=()
[ -n "${PORTAL_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -n "${PORTAL_PG_BIN:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -n "${PORTAL_REDIS_SERVER:-}" ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing ${missing[*]}. Install first, then run ./test.sh again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || exit 1
  apt-get install -y -qq "${missing[@]}" >/dev/null || exit 1
fi
# The build bundles the front end (Tailwind, htmx, SignalR) with Node.js.
command -v node >/dev/null 2>&1 || { echo "Node.js is required (https://nodejs.org, or: apt-get install -y nodejs npm)" >&2; exit 1; }

rm -rf artifacts/test-results
dotnet build CustomerPortal.sln -c Debug -nologo -clp:ErrorsOnly || exit 1
run_tests() {
  local project=$1 name
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo \
    --collect:"XPlat Code Coverage" --settings coverage.runsettings \
    --results-directory "artifacts/test-results/$name" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal"
}
# One project after another: on 2 cores the tiers run no faster side by side (measured: the browser tier took 26 min beside
# the others against 20 alone, and the others five times as long).
status=0
for project in tests/*/*.csproj; do
  run_tests "$project" || status=1
done
python3 tools/test-summary.py artifacts/test-results "$(ls tests/*/*.csproj | wc -l)" || status=1
exit $status
