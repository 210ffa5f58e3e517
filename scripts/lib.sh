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
