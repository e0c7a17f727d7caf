#!/usr/bin/env bash
# Prints which components of the local control plane run, /readyz and the nodes. Exit 0 when healthy.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
for c in "${COMPONENTS[@]}"; do
  if pid=$(pid_of "$c"); then printf '%-24s running (pid %s)\n' "$c" "$pid"; else printf '%-24s stopped\n' "$c"; rc=1; fi
done
if [ -f "$KUBECONFIG_FILE" ] && [ "$(kc get --raw /readyz 2>/dev/null)" = ok ]; then
  echo "readyz                   ok"
  kc get nodes -L topology.kubernetes.io/zone || rc=1
else
  echo "readyz                   unreachable"; rc=1
fi
echo "KUBECONFIG=$KUBECONFIG_FILE"
exit $rc
