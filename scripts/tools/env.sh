# shellcheck shell=bash
# Source me:  . scripts/tools/env.sh
# Puts the cached e2e tools on PATH and points Pulumi and kubectl at the local, offline setup.
# Does not build anything (scripts/tools/build-all.sh does) and does not start the cluster
# (scripts/cluster/up.sh does).
_keelson_env_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.sh
. "$_keelson_env_dir/versions.sh"
export KEELSON_TOOLS=${KEELSON_TOOLS:-$HOME/.cache/keelson/tools}
export KEELSON_CLUSTER_DIR=${KEELSON_CLUSTER_DIR:-$HOME/.cache/keelson/cluster}
for _keelson_bin in \
  "$KEELSON_TOOLS/etcd-$ETCD_VERSION/bin" \
  "$KEELSON_TOOLS/kubernetes-$KUBERNETES_VERSION/bin" \
  "$KEELSON_TOOLS/kwok-$KWOK_VERSION/bin" \
  "$KEELSON_TOOLS/pulumi-$PULUMI_VERSION/bin"; do
  case ":$PATH:" in *":$_keelson_bin:"*) ;; *) PATH="$_keelson_bin:$PATH" ;; esac
done
export PATH
# Pulumi: isolated plugin cache (the kubernetes provider is installed there), never download anything.
export PULUMI_HOME="$KEELSON_TOOLS/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# kubectl and the Pulumi Kubernetes provider talk to the local control plane.
export KUBECONFIG="$KEELSON_CLUSTER_DIR/kubeconfig"
unset _keelson_env_dir _keelson_bin
