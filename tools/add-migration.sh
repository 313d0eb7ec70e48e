#!/usr/bin/env bash
# Adds a migration for both providers: tools/add-migration.sh AddLoyaltyLedger
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?migration name}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Portal.Core --startup-project src/Portal.Core \
    --context "${provider}PortalDbContext" --output-dir "Data/Migrations/$provider"
done
