#!/usr/bin/env bash
# Swarm lab: extra Docker engines ("nodes") beside the lab engine, each in its own network namespace, so
# that they can form a real multi-node swarm on one machine. Linux, as root; needs tools/lab.sh up first.
#
#   node N (1..9): network namespace psdswN, address 10.250.0.N/24 on the bridge psdswbr (the host is
#   10.250.0.254), hostname swN (its own UTS namespace), engine socket unix://LAB/swN/docker.sock.
#   Two registries on the bridge address, for the nodes (they cannot reach the host's 127.0.0.1):
#     10.250.0.254:5002  no login, the same storage as the lab registry 127.0.0.1:5000
#     10.250.0.254:5003  login psdocker / psdocker-lab-password, the same storage as 127.0.0.1:5001
#   Each node has the test image loaded as psdocker/busybox:latest, 127.0.0.1:5000/psdocker/busybox:latest
#   and 10.250.0.254:5002/psdocker/busybox:latest.
#
# The addresses 10.250.0.x are this lab's own, inside namespaces it makes; nothing is sent anywhere else.
# The ingress routing mesh needs IPVS, which this kernel may lack: publish ports in host mode.
#
# Usage: tools/swarm-lab.sh up N... | down [N...] | restart N... | reset N... | status
#   up       start the nodes (idempotent)
#   down     stop the nodes and remove their namespaces and data (all nodes when none is named; then
#            the bridge, its registries and the FORWARD rule go too)
#   restart  stop and start a node's engine, keeping its data (a locked swarm stays locked)
#   reset    make the nodes leave any swarm and remove their services, containers and secrets' users
set -euo pipefail

LAB_DIR="${PSDOCKER_LAB_DIR:-/var/lib/psdocker-lab}"
BRIDGE=psdswbr
HOST_ADDR=10.250.0.254
PLAIN_REGISTRY="$HOST_ADDR:5002"
AUTH_REGISTRY="$HOST_ADDR:5003"
TEST_IMAGE="psdocker/busybox:latest"

log() { printf '[swarm-lab] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

wait_for() { # seconds, command...
  local t=$1; shift
  for _ in $(seq 1 $((t * 4))); do "$@" && return 0; sleep 0.25; done
  return 1
}

node_dir() { echo "$LAB_DIR/sw$1"; }
node_sock() { echo "unix://$(node_dir "$1")/docker.sock"; }
node_docker() { local n=$1; shift; docker -H "$(node_sock "$n")" "$@"; }
node_up() { node_docker "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
check_number() { [[ "$1" =~ ^[1-9]$ ]] || die "node numbers are 1..9, not '$1'"; }

# Bridge, FORWARD rule and the two registries on the bridge address. Shared by every node.
ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$HOST_ADDR/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  # The lab engine sets FORWARD's policy to DROP; traffic between the nodes crosses the bridge.
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  ensure_registry plain "$PLAIN_REGISTRY" "$LAB_DIR/registry/data" ""
  ensure_registry auth "$AUTH_REGISTRY" "$LAB_DIR/registry-auth/data" "$LAB_DIR/registry-auth/htpasswd"
}

# True when the node's pid file names a running dockerd of this node (its data root on its command line).
node_pid_alive() {
  local dir=$1 pid
  pid=$(cat "$dir/docker.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/data"
}

ensure_registry() { # name addr storage htpasswd
  local name=$1 addr=$2 storage=$3 htpasswd=$4
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$addr/v2/" || true)
  if [ "$code" = 200 ] || [ "$code" = 401 ]; then return 0; fi
  [ -d "$storage" ] || die "no lab registry storage at $storage: run tools/lab.sh up first"
  local cfg="$LAB_DIR/swarm-registry-$name.yml"
  {
    printf '%s\n' 'version: 0.1' 'log:' '  level: warn' 'storage:' '  filesystem:' "    rootdirectory: $storage"
    printf '%s\n' '  delete:' '    enabled: true' '  cache:' '    blobdescriptor: ""'
    if [ -n "$htpasswd" ]; then
      printf '%s\n' 'auth:' '  htpasswd:' '    realm: psdocker-lab' "    path: $htpasswd"
    fi
    printf '%s\n' 'http:' "  addr: $addr"
  } >"$cfg"
  log "starting registry $addr (storage of the lab registry)"
  setsid nohup docker-registry serve "$cfg" >"$LAB_DIR/swarm-registry-$name.log" 2>&1 </dev/null 9>&- &
  local ok=0
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$addr/v2/" || true)
    if [ "$code" = 200 ] || [ "$code" = 401 ]; then ok=1; break; fi
    sleep 0.25
  done
  [ $ok = 1 ] || { tail -20 "$LAB_DIR/swarm-registry-$name.log" >&2; die "registry $addr did not come up"; }
}

ensure_netns() {
  local n=$1 ns="psdsw$1" h="psdsw$1h" c="psdsw$1c"
  [ -e "/var/run/netns/$ns" ] || ip netns add "$ns"
  if ! ip link show "$h" >/dev/null 2>&1; then
    ip link add "$h" type veth peer name "$c"
    ip link set "$c" netns "$ns"
  fi
  ip link set "$h" master "$BRIDGE"
  ip link set "$h" up
  ip netns exec "$ns" ip addr replace "10.250.0.$n/24" dev "$c"
  ip netns exec "$ns" ip link set "$c" up
  ip netns exec "$ns" ip link set lo up
}

start_engine() {
  local n=$1 dir; dir=$(node_dir "$1")
  node_up "$n" && return 0
  mkdir -p "$dir/data" "$dir/exec"
  # A killed engine leaves its pid file; a new one refuses to start over it.
  # The pid may also have been given to another process since: only this node's dockerd counts.
  if [ -f "$dir/docker.pid" ] && ! node_pid_alive "$dir"; then rm -f "$dir/docker.pid"; fi
  # nsenter, not `ip netns exec`: the latter remounts /sys and dockerd then finds no devices cgroup.
  # Its own UTS namespace gives each node its own hostname (swarm names nodes by hostname).
  setsid nohup nsenter --net="/var/run/netns/psdsw$n" unshare --uts sh -c "hostname sw$n; exec dockerd \
      --data-root '$dir/data' --exec-root '$dir/exec' --pidfile '$dir/docker.pid' -H '$(node_sock "$n")' \
      --insecure-registry $PLAIN_REGISTRY --insecure-registry $AUTH_REGISTRY" \
      >"$dir/dockerd.log" 2>&1 </dev/null 9>&- &
  local pid=$!
  up_or_dead() { node_up "$n" || ! kill -0 "$pid" 2>/dev/null; }
  wait_for 90 up_or_dead
  node_up "$n" || { tail -20 "$dir/dockerd.log" >&2; die "node $n's engine did not come up"; }
}

seed_image() {
  local n=$1
  if ! node_docker "$n" image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
    docker image inspect "$TEST_IMAGE" >/dev/null 2>&1 || die "no $TEST_IMAGE on the lab engine: run tools/lab.sh up first"
    docker save "$TEST_IMAGE" | node_docker "$n" load -q >/dev/null
  fi
  node_docker "$n" tag "$TEST_IMAGE" "127.0.0.1:5000/$TEST_IMAGE"
  node_docker "$n" tag "$TEST_IMAGE" "$PLAIN_REGISTRY/$TEST_IMAGE"
}

stop_engine() {
  local n=$1 dir pid; dir=$(node_dir "$1")
  [ -f "$dir/docker.pid" ] || return 0
  pid=$(cat "$dir/docker.pid")
  if node_pid_alive "$dir"; then
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/docker.pid"
}

remove_node() {
  local n=$1 dir; dir=$(node_dir "$1")
  stop_engine "$n"
  # Mounts the engine left behind (a killed one) would keep the data from being removed.
  { grep -o " $dir/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$dir"
  ip link del "psdsw${n}h" 2>/dev/null || true
  ip netns del "psdsw$n" 2>/dev/null || true
}

reset_node() {
  local n=$1
  node_up "$n" || return 0
  local state; state=$(node_docker "$n" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo inactive)
  if [ "$state" != inactive ]; then
    node_docker "$n" swarm leave --force >/dev/null 2>&1 || true
  fi
  local ids; ids=$(node_docker "$n" ps -aq)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    node_docker "$n" rm -f -v $ids >/dev/null 2>&1 || true
  fi
}

all_nodes() { for d in "$LAB_DIR"/sw[1-9]; do [ -d "$d" ] && echo "${d##*sw}"; done; ip netns list 2>/dev/null | sed -n 's/^psdsw\([1-9]\).*/\1/p'; }

[ "$(id -u)" = 0 ] || die "the swarm lab makes network namespaces: run it as root"
mkdir -p "$LAB_DIR"
cmd=${1:-status}; shift || true
for n in "$@"; do check_number "$n"; done

# One change at a time: test files in parallel workers may bring up their nodes at the same moment.
exec 9>"$LAB_DIR/swarm-lab.lock"
flock 9

case "$cmd" in
  up)
    [ $# -gt 0 ] || die "name the nodes to start: up 1 2"
    for tool in nsenter unshare flock ip iptables curl docker docker-registry; do
      command -v "$tool" >/dev/null || die "$tool is missing: run tools/lab.sh up first (it installs the lab's packages)"
    done
    ensure_bridge
    for n in "$@"; do ensure_netns "$n"; start_engine "$n"; seed_image "$n"; done
    for n in "$@"; do log "node $n: 10.250.0.$n, $(node_sock "$n"), engine $(node_docker "$n" version --format '{{.Server.Version}}')"; done
    ;;
  restart)
    [ $# -gt 0 ] || die "name the nodes to restart"
    ensure_bridge
    for n in "$@"; do stop_engine "$n"; ensure_netns "$n"; start_engine "$n"; done
    ;;
  reset)
    for n in "$@"; do reset_node "$n"; done
    ;;
  down)
    nodes=("$@")
    [ ${#nodes[@]} -gt 0 ] || mapfile -t nodes < <(all_nodes | sort -u)
    for n in "${nodes[@]}"; do [ -n "$n" ] && remove_node "$n"; done
    if [ -z "$(all_nodes)" ]; then
      pkill -f "docker-registry serve $LAB_DIR/swarm-registry-" || true
      iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || true
      ip link del "$BRIDGE" 2>/dev/null || true
    fi
    ;;
  status)
    for n in $(all_nodes | sort -u); do
      if node_up "$n"; then echo "node $n: up ($(node_sock "$n"))"; else echo "node $n: down"; fi
    done
    ;;
  *) echo "usage: $0 up N... | down [N...] | restart N... | reset N... | status" >&2; exit 2 ;;
esac
