#!/usr/bin/env bash
# CI step (.ci/run): the built API on a scratch PostgreSQL database, a school and an API key made
# over HTTP, then the example integration with the generated client. Under a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
db="sl_ci_integration_$$"
port="${SL_EXAMPLE_PORT:-3917}"
psql -h 127.0.0.1 -U postgres -qc "create database $db"
secret() { node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"; }
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" PORT="$port" HOST=127.0.0.1
export PUBLIC_BASE_URL="http://127.0.0.1:$port" SL_BASE_URL="http://127.0.0.1:$port"
export PASSWORD_PEPPER="$(secret)" SESSION_SECRET="$(secret)" CREDENTIALS_KEY="$(secret)"
export ADMIN_EMAIL=integratie@example.be ADMIN_PASSWORD="$(secret)" SEED_DEMO=false LOG_LEVEL=warn
node apps/api/dist/server.js &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db"; }
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fsS "$SL_BASE_URL/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
mapfile -t school < <(node docs/integration/school-setup.mjs)
SL_INSTITUTION_ID="${school[0]}" SL_API_KEY="${school[1]}" pnpm --filter @schoolloket/integration-example run example
