#!/usr/bin/env bash
# Stops the local control plane started by up.sh (by PID file, in reverse start order) and removes its
# state dir. Safe to run when nothing is up. KEELSON_CLUSTER_KEEP_STATE=1 keeps the state dir (logs).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -d "$S" ]; then
  log "nothing to stop ($S does not exist)"
  exit 0
fi
reverse=()
for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do reverse+=("${COMPONENTS[$i]}"); done
stop_components "${reverse[@]}"
if [ "${KEELSON_CLUSTER_KEEP_STATE:-0}" = 1 ]; then
  log "stopped; state kept in $S"
else
  remove_state_dir
  log "stopped; removed $S"
fi
