#!/usr/bin/env bash
# tools/build-cli.sh MODULE VERSION PACKAGE OUT [GO]: builds the CLI at PACKAGE (relative to the module's root,
# e.g. . or ./cmd/tofu) of the Go module MODULE at VERSION (e.g. github.com/hashicorp/terraform v1.8.5) into the
# file OUT, from the Go module proxy. The GNUmakefile builds Terraform, OpenTofu and the newer Terraform with it.
#
# The build flags are the Linux release's: CGO_ENABLED=0 (as Terraform's and OpenTofu's release workflows build Linux),
# -trimpath, no symbol table or DWARF (-s -w; the compiler skips DWARF too, since the link would drop it) and
# MODULE/version.dev=no, so `version` prints no -dev suffix.
#
# Terraform 1.9 and later cannot be `go install`ed or built in the module cache: their go.mod replaces nested
# modules (the remote-state backends and internal/legacy) with local folders that the module zip leaves out.
# When tools/terraform/VERSION-nested-modules.tar.gz exists (the nested modules' sources of that tag, BSL 1.1
# like all of Terraform since 1.6: see tools/terraform/LICENSE), the module is copied and that overlay laid over
# it before the build.
#
# The CLIs of the tests and the demo leave out the remote-state backends that talk to cloud services (azurerm,
# consul, cos, gcs, kubernetes, oci, oss, s3): nothing here configures them (the bench and peer-compare use pg).
# Their SDKs are 40% of Terraform 1.8.5's packages besides the standard library (1,153 -> 686) and about half of
# its cold build on 2 cores (275 s -> 150 s). Everything a provider talks to (the graph, plans, state, the plugin
# protocol) is the release's code; local, remote, http, inmem, pg and cloud stay. CLI_ALL_BACKENDS=1 builds the CLI
# with every backend.
# The build fails if a release no longer lists a backend as this script expects. Needs only Go and sed.
set -euo pipefail
usage="usage: build-cli.sh MODULE VERSION PACKAGE OUT [GO]"
module=${1:?$usage}; v=${2:?$usage}; pkg=${3:?$usage}; out=${4:?$usage}; go=${5:-go}
here=$(cd "$(dirname "$0")" && pwd)
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
src=$("$go" mod download -json "$module@$v" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "go mod download found no $module@$v" >&2; exit 1; }
overlay="$here/terraform/$v-nested-modules.tar.gz"
# The Go build refuses overlays of files in the module cache, so an edited build works on a copy.
work=$(mktemp -d); trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/" && chmod -R u+w "$work"
if [ "$module" = github.com/hashicorp/terraform ] && [ -f "$overlay" ]; then
  tar -xzf "$overlay" -C "$work"
fi
if [ "${CLI_ALL_BACKENDS:-}" != 1 ]; then
  init="$work/internal/backend/init/init.go"
  cloud='azure|azurerm|consul|cos|gcs|kubernetes|oci|oss|s3'
  # Their imports (backendAzure "…/remote-state/azure") and their entries in the map of backends.
  sed -i -E -e "/^[[:space:]]*backend[A-Za-z0-9]+ \"[^\"]*\/remote-state\/($cloud)\"\$/d" \
    -e "/^[[:space:]]*\"($cloud)\":[[:space:]]*func\(/d" "$init"
  if grep -Eq "remote-state/($cloud)\"|\"($cloud)\":[[:space:]]*func" "$init"; then
    echo "build-cli.sh: $module $v lists its backends in a way this script does not know; see $init" >&2; exit 1
  fi
fi
src=$work
mkdir -p "$(dirname "$out")"
(cd "$src" && CGO_ENABLED=0 "$go" build -trimpath -gcflags=all=-dwarf=false \
  -ldflags "-s -w -X $module/version.dev=no" -o "$out" "$pkg")
