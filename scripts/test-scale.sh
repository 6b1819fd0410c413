#!/usr/bin/env bash
# `npm run test:scale`: starts the private PostgreSQL and Redis (scripts/services.sh), compiles the instance
# entry point the tests spawn, runs test/scale/ against them and stops the servers again, whatever the outcome.
# Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."

own_dir=""
if [ -z "${CREW_SERVICES_DIR:-}" ]; then own_dir=$(mktemp -d /tmp/crew-scale-XXXXXX); fi
export CREW_SERVICES_DIR="${CREW_SERVICES_DIR:-$own_dir}"
# Free loopback ports unless given, so a server left over from an earlier run cannot collide.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export CREW_PG_PORT="${CREW_PG_PORT:-$(free_port)}"
export CREW_REDIS_PORT="${CREW_REDIS_PORT:-$(free_port)}"
# Stop the servers, then remove their data unless the caller chose the directory.
# Also on SIGTERM/SIGINT (a CI time limit, ^C): bash runs the EXIT trap when a signal ends it.
trap 'scripts/services.sh stop; if [ -n "$own_dir" ]; then rm -rf "$own_dir"; fi' EXIT
eval "$(scripts/services.sh start | sed 's/^/export SCALE_/')"
npx tsc -p tsconfig.scale.json
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" npx jest -c jest.scale.config.js "$@"
