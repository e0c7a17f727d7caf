#!/usr/bin/env bash
# Platform footprint: requests per component from charts-out/<profile>, next to the anchors' figures.
#   bash bench/footprint.sh            # dev and prod
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for profile in ${PROFILES:-dev prod}; do
  npx tsx bench/footprint.ts --profile "$profile" --nodes "${NODES:-3}"
  echo
done
