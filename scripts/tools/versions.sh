# shellcheck shell=bash
# Pinned versions of every tool the e2e bench builds from Go modules.
# Sourced by lib.sh. Change a version here and the next build-*.sh run rebuilds that tool
# into a new <name>-<version> directory (the old one stays until you delete it).

ETCD_VERSION=3.6.8
# k8s.io/kubernetes v1.36.2 is served by the Go module proxy (it is missing from `go list -m -versions`
# but `go mod download k8s.io/kubernetes@v1.36.2` works); staging modules k8s.io/* v0.36.2.
KUBERNETES_VERSION=1.36.2
KWOK_VERSION=0.8.0
# Must equal the npm @pulumi/pulumi pin in package.json (Node 20 => <= 3.248.x).
PULUMI_VERSION=3.248.0
# The language host module has no tags: the commit of tag pkg/v3.248.0.
PULUMI_LANGUAGE_NODEJS_COMMIT=dc7edd58bc13179f81b80983aab4eb7f74a01b41
# Must equal the npm @pulumi/kubernetes pin in package.json.
PULUMI_KUBERNETES_VERSION=4.32.0
# The provider module has no provider/v4.x tags: the commit of tag v4.32.0.
PULUMI_KUBERNETES_COMMIT=a03ff6ba58d2f1ea68319dda4b2c982119489c71

# Bump when a build recipe changes in a way that must invalidate cached binaries.
KEELSON_TOOLS_RECIPE=1
