#!/usr/bin/env bash
# tools/terraform/build.sh VERSION OUT [GO]: builds the Terraform CLI VERSION (e.g. v1.15.9) into the file OUT.
#
# `go install github.com/hashicorp/terraform@VERSION` fails from 1.9 on: Terraform's go.mod replaces its
# nested modules (the remote-state backends and internal/legacy) with local folders that the module zip
# leaves out. This takes the module from the Go module proxy, lays the nested modules' sources of the same
# tag (VERSION-nested-modules.tar.gz beside this script, BSL 1.1 like all of Terraform since 1.6: see
# LICENSE here) over it, and builds a release-style binary (no -dev suffix). Needs only Go and sed.
set -euo pipefail
v=${1:?usage: build.sh VERSION OUT [GO]}; out=${2:?usage: build.sh VERSION OUT [GO]}; go=${3:-go}
here=$(cd "$(dirname "$0")" && pwd)
overlay="$here/$v-nested-modules.tar.gz"
[ -f "$overlay" ] || { echo "no nested-module sources for Terraform $v at $overlay" >&2; exit 1; }
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
src=$("$go" mod download -json "github.com/hashicorp/terraform@$v" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "go mod download found no github.com/hashicorp/terraform@$v" >&2; exit 1; }
work=$(mktemp -d); trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/" && chmod -R u+w "$work"
tar -xzf "$overlay" -C "$work"
mkdir -p "$(dirname "$out")"
(cd "$work" && "$go" build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out" .)
"$out" version | sed -n 1p
