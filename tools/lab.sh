#!/usr/bin/env bash
# Brings up the local test lab PSDocker's demo and tests run against:
#   - a Docker engine on the default unix socket (Debian's docker.io when none answers),
#   - a loopback registry on 127.0.0.1:5000 (Debian's docker-registry),
#   - a second loopback registry on 127.0.0.1:5001 that requires a login (htpasswd, bcrypt), for
#     credential tests: user psdocker, password psdocker-lab-password (a fixed test password of this
#     lab only; the registry listens on loopback and holds nothing but the test image),
#   - the busybox test image, built locally (no base image can be pulled) and pushed to both.
# Idempotent: when everything is up it returns in about a second.
# Usage: tools/lab.sh [up|status|down]
set -euo pipefail

LAB_DIR="${PSDOCKER_LAB_DIR:-/var/lib/psdocker-lab}"
REGISTRY_ADDR="127.0.0.1:5000"
TEST_IMAGE="psdocker/busybox:latest"
REGISTRY_IMAGE="$REGISTRY_ADDR/psdocker/busybox:latest"
# The registry that requires a login, and its one user (tests read these from here: keep them in sync
# with tests/Registry.ps1).
AUTH_REGISTRY_ADDR="127.0.0.1:5001"
AUTH_REGISTRY_USER="psdocker"
AUTH_REGISTRY_PASSWORD="psdocker-lab-password"
AUTH_REGISTRY_IMAGE="$AUTH_REGISTRY_ADDR/psdocker/busybox:latest"

log() { printf '[lab] %s\n' "$*" >&2; }

engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
registry_up() { curl -fs -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/"; }
# Up means it answers, and asks for a login (401) without one: another server on the port is not ours.
auth_registry_up() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$AUTH_REGISTRY_ADDR/v2/")" = 401 ] &&
    curl -fs -o /dev/null --max-time 2 -u "$AUTH_REGISTRY_USER:$AUTH_REGISTRY_PASSWORD" "http://$AUTH_REGISTRY_ADDR/v2/"
}

need_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing packages (${missing[*]}) and not root: install them or start an engine yourself"
      exit 1
    fi
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() { # seconds, command...
  local t=$1; shift
  for _ in $(seq 1 $((t * 4))); do "$@" && return 0; sleep 0.25; done
  return 1
}

start_engine() {
  engine_up && return 0
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine for it"
    exit 1
  fi
  [ "$(id -u)" = 0 ] || { log "no engine answers and starting one needs root"; exit 1; }
  mkdir -p "$LAB_DIR"
  # A dockerd that was killed leaves its pid file behind, and a new one refuses to start over it.
  if ! pgrep -x dockerd >/dev/null 2>&1; then rm -f /var/run/docker.pid; fi
  log "starting dockerd (log: $LAB_DIR/dockerd.log)"
  setsid nohup dockerd --host unix:///var/run/docker.sock >"$LAB_DIR/dockerd.log" 2>&1 < /dev/null &
  local pid=$!
  engine_or_dead() { engine_up || ! kill -0 "$pid" 2>/dev/null; }
  wait_for 60 engine_or_dead
  engine_up || { log "dockerd did not come up"; tail -20 "$LAB_DIR/dockerd.log" >&2; exit 1; }
}

start_registry() {
  registry_up && return 0
  mkdir -p "$LAB_DIR/registry/data"
  cat >"$LAB_DIR/registry/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $LAB_DIR/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YML
  log "starting registry on $REGISTRY_ADDR"
  setsid nohup docker-registry serve "$LAB_DIR/registry/config.yml" >"$LAB_DIR/registry.log" 2>&1 < /dev/null &
  wait_for 30 registry_up || { log "registry did not come up"; tail -20 "$LAB_DIR/registry.log" >&2; exit 1; }
}

start_auth_registry() {
  auth_registry_up && return 0
  local dir="$LAB_DIR/registry-auth"
  mkdir -p "$dir/data"
  htpasswd -Bbn "$AUTH_REGISTRY_USER" "$AUTH_REGISTRY_PASSWORD" >"$dir/htpasswd"
  chmod 600 "$dir/htpasswd"
  cat >"$dir/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
auth:
  htpasswd:
    realm: psdocker-lab
    path: $dir/htpasswd
http:
  addr: $AUTH_REGISTRY_ADDR
YML
  log "starting registry with htpasswd auth on $AUTH_REGISTRY_ADDR"
  setsid nohup docker-registry serve "$dir/config.yml" >"$LAB_DIR/registry-auth.log" 2>&1 < /dev/null &
  wait_for 30 auth_registry_up || { log "registry with auth did not come up"; tail -20 "$LAB_DIR/registry-auth.log" >&2; exit 1; }
}

build_image() {
  if ! docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
    local ctx; ctx=$(mktemp -d)
    cp /bin/busybox "$ctx/busybox"
    printf '%s\n' 'FROM scratch' 'COPY busybox /bin/busybox' 'RUN ["/bin/busybox","--install","-s","/bin"]' 'CMD ["/bin/sh"]' >"$ctx/Dockerfile"
    log "building $TEST_IMAGE"
    DOCKER_BUILDKIT=0 docker build -q -t "$TEST_IMAGE" "$ctx" >/dev/null
    rm -rf "$ctx"
  fi
  if ! curl -fs --max-time 2 "http://$REGISTRY_ADDR/v2/psdocker/busybox/manifests/latest" \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -o /dev/null 2>/dev/null; then
    log "pushing $REGISTRY_IMAGE"
    docker tag "$TEST_IMAGE" "$REGISTRY_IMAGE"
    docker push -q "$REGISTRY_IMAGE" >/dev/null
  fi
  if ! curl -fs --max-time 2 -u "$AUTH_REGISTRY_USER:$AUTH_REGISTRY_PASSWORD" \
       "http://$AUTH_REGISTRY_ADDR/v2/psdocker/busybox/manifests/latest" \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -o /dev/null 2>/dev/null; then
    log "pushing $AUTH_REGISTRY_IMAGE"
    # Log in with a config folder of its own, so the user's docker config is left as it is.
    local cfg; cfg=$(mktemp -d)
    docker tag "$TEST_IMAGE" "$AUTH_REGISTRY_IMAGE"
    printf '%s' "$AUTH_REGISTRY_PASSWORD" |
      DOCKER_CONFIG="$cfg" docker login -u "$AUTH_REGISTRY_USER" --password-stdin "$AUTH_REGISTRY_ADDR" >/dev/null 2>&1 ||
      { rm -rf "$cfg"; log "docker login $AUTH_REGISTRY_ADDR failed"; exit 1; }
    DOCKER_CONFIG="$cfg" docker push -q "$AUTH_REGISTRY_IMAGE" >/dev/null || { rm -rf "$cfg"; exit 1; }
    rm -rf "$cfg"
  fi
}

case "${1:-up}" in
  up)
    if ! engine_up || ! command -v docker-registry >/dev/null 2>&1; then need_packages; fi
    start_engine
    start_registry
    start_auth_registry
    build_image
    log "ready: engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})'), registry $REGISTRY_ADDR, registry with auth $AUTH_REGISTRY_ADDR ($AUTH_REGISTRY_USER), image $TEST_IMAGE"
    ;;
  status)
    engine_up && echo "engine: up" || echo "engine: down"
    registry_up && echo "registry: up" || echo "registry: down"
    auth_registry_up && echo "registry with auth ($AUTH_REGISTRY_ADDR): up" || echo "registry with auth ($AUTH_REGISTRY_ADDR): down"
    ;;
  down)
    pkill -f "docker-registry serve $LAB_DIR/registry/" || true
    pkill -f "docker-registry serve $LAB_DIR/registry-auth/" || true
    pkill -x dockerd || true
    ;;
  *) echo "usage: $0 [up|status|down]" >&2; exit 2 ;;
esac
