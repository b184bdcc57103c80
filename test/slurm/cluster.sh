#!/usr/bin/env bash
# A one-machine Slurm cluster for tests and laptops: munged, slurmctld and slurmd, all three
# under one scratch folder, on their own ports and munge socket, so they never meet another
# Slurm (or munge) on the same machine. Needs Debian's slurm-wlm and munge, and root (slurmd
# starts jobs as the submitting user).
#
#   test/slurm/cluster.sh start   # writes the config, starts the daemons, waits for the node to be idle
#   test/slurm/cluster.sh env     # prints `export SLURM_CONF=…` for your shell (eval it)
#   test/slurm/cluster.sh stop    # stops the three daemons by their PID files, removes nothing else
#
# Settings (environment):
#   RADLAB_SLURM_DIR    scratch folder for config, state, spool, logs, key, socket
#                       (default: ${TMPDIR:-/tmp}/radlab-slurm-$(id -u))
#   RADLAB_SLURM_PORTS  "CTLD_PORT SLURMD_PORT" (default: the first two free ports of 8916-8919,
#                       then 8910-8915: radlab's range for such services)
set -euo pipefail

dir="${RADLAB_SLURM_DIR:-${TMPDIR:-/tmp}/radlab-slurm-$(id -u)}"

# A port is taken when something accepts a connection on it (bash's /dev/tcp: no extra tool).
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() {
  local port found=()
  for port in 8916 8917 8918 8919 8910 8911 8912 8913 8914 8915; do
    port_taken "$port" || found+=("$port")
    ((${#found[@]} == 2)) && break
  done
  echo "${found[@]}"
}
node="$(hostname -s)"
conf="$dir/slurm.conf"
socket="$dir/munge/munge.socket"

# Slurm's tools look for the config here, never in /etc/slurm (nothing system-wide is touched).
export SLURM_CONF="$conf"

write_config() {
  local ctld_port slurmd_port
  read -r ctld_port slurmd_port <<<"${RADLAB_SLURM_PORTS:-$(free_ports)}"
  if [[ -z "${slurmd_port:-}" ]]; then echo "cluster.sh: no two free ports in 8910-8919" >&2; exit 1; fi
  # Bind the daemons to the loopback address the host name resolves to (127.0.0.1 here,
  # 127.0.1.1 on a stock Debian laptop). If it resolves elsewhere, the daemons listen on every
  # address (Slurm cannot name one then); munge still authenticates every message.
  local addr bind
  addr="$(getent hosts "$node" | awk '{print $1; exit}')"
  if [[ "$addr" == 127.* ]]; then
    bind="CommunicationParameters=NoCtldInAddrAny,NoInAddrAny"
  else
    addr=127.0.0.1
    bind="# $node does not resolve to a loopback address: the daemons listen on every address"
  fi
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  chmod 0700 "$dir" "$dir/munge"
  # A fresh key for this cluster only; munged refuses a key others can read.
  [[ -f "$dir/munge/munge.key" ]] || mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024
  chmod 0600 "$dir/munge/munge.key"
  cat >"$conf" <<CONF
# Written by test/slurm/cluster.sh: one node ($node), one partition, everything under $dir.
ClusterName=radlab
# The controller and the node on the loopback address only.
SlurmctldHost=$node($addr)
$bind
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
# Authentication through our own munged (its own key and socket).
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
# No cgroups, no accounting database: processes tracked through /proc, jobs kept in the
# controller's memory for MinJobAge seconds after they end (so scontrol can report them).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MinJobAge=600
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$node NodeAddr=$addr CPUs=$(nproc) State=UNKNOWN
PartitionName=radlab Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
}

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  for pidfile in "$dir/munged.pid" "$dir/slurmctld.pid" "$dir/slurmd.pid"; do
    if alive "$pidfile"; then echo "cluster.sh: already running ($pidfile); run stop first" >&2; exit 1; fi
  done
  write_config
  munged --force --socket="$socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
  # -i: ignore state left by an earlier cluster in the same folder (fresh queue, job ids from 1).
  slurmctld -i -f "$conf"
  slurmd -f "$conf"
  # The node registers within seconds; wait for it to be idle (60 s at most, for a busy machine).
  for _ in $(seq 1 120); do
    state="$(sinfo -h -N -o '%t' 2>/dev/null | head -n1 || true)"
    if [[ "$state" == "idle" ]]; then
      echo "cluster.sh: node $node idle; export SLURM_CONF=$conf"
      return 0
    fi
    sleep 0.5
  done
  echo "cluster.sh: node $node not idle after 60 s (state: ${state:-none}); the end of the logs in $dir/log:" >&2
  tail -n 5 "$dir"/log/*.log >&2 || true
  stop
  exit 1
}

# Stops one daemon by its PID file: TERM, then up to 20 s for it to save state and exit, then KILL.
stop_daemon() {
  local pidfile="$1" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

stop() {
  # Jobs first (their processes are children of slurmstepd), then the node, the controller, munge.
  if alive "$dir/slurmctld.pid"; then scancel --full --quiet --user="$(id -un)" 2>/dev/null || true; fi
  stop_daemon "$dir/slurmd.pid"
  stop_daemon "$dir/slurmctld.pid"
  stop_daemon "$dir/munged.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
