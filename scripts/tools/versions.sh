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
# pulumi-language-nodejs: its own module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# has no tags, and the Go module proxy reachable here refuses that module path entirely (403 "This module
# version is not available", also for the pseudo-version of pkg/v3.248.0's commit dc7edd58bc13). Until
# v3.68.x the host was a package inside github.com/pulumi/pulumi/sdk/v3; v3.68.0 is the newest sdk/v3 release
# the proxy serves that still contains it (v3.90.0 does not). It speaks the same LanguageRuntime gRPC
# protocol; the CLI, the engine and the Node SDK stay at 3.248.0.
PULUMI_LANGUAGE_NODEJS_SDK_VERSION=3.68.0
# The npm @pulumi/kubernetes pin in package.json: the plugin version the Node SDK asks the engine for.
PULUMI_KUBERNETES_VERSION=4.32.0
# The provider module github.com/pulumi/pulumi-kubernetes/provider/v4 has no provider/v4.x tags, and the
# Go module proxy reachable here serves exactly ONE version of it: the pseudo-version below (a master
# commit of 2026-01-15, between releases v4.25 and v4.26.0; it requires pulumi sdk v3.215.0 and
# k8s.io/client-go v0.33.3). The commit of tag v4.32.0 (a03ff6ba58d2...) is refused with 403
# "This module version is not available". See docs/e2e.md.
PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199

# Bump when a build recipe changes in a way that must invalidate cached binaries.
KEELSON_TOOLS_RECIPE=1
