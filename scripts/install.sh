#!/usr/bin/env bash
# `make install`: build the provider with a release version and put it where
# Terraform's and OpenTofu's implied local mirror looks for providers,
#
#   ~/.terraform.d/plugins/<host>/verifyfactors/twilio/<version>/<os>_<arch>/
#
# for both registry.terraform.io and registry.opentofu.org, so that a
# configuration with source = "verifyfactors/twilio" runs `terraform init` and
# `tofu init` offline with no CLI configuration; then install the
# twilio-verify-mock command into GOBIN.
#
# VERSION (required) must be a semantic version: Terraform and OpenTofu only
# install providers whose version is one. GO names the go command.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
VERSION=${VERSION:-}

semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'
if ! [[ $VERSION =~ $semver ]]; then
  echo "make install: VERSION=\"$VERSION\" is not a semantic version such as 0.1.0." >&2
  echo "Terraform and OpenTofu install only providers with one: run 'make install VERSION=0.1.0'," >&2
  echo "or leave VERSION unset to use the newest version section of CHANGELOG.md." >&2
  exit 2
fi
: "${HOME:?make install needs HOME: the providers go to \$HOME/.terraform.d/plugins}"

platform="$("$GO" env GOOS)_$("$GO" env GOARCH)"
binary="terraform-provider-twilio_v$VERSION"
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

# Built as the release is (.goreleaser.yml): -trimpath makes the build
# reproducible, so reinstalling the same source gives the same checksum that
# .terraform.lock.hcl files recorded, and `make mirror` of this platform, built
# the same way, reuses every compiled package.
CGO_ENABLED=0 "$GO" build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$build/$binary" .

echo "==> Installed terraform-provider-twilio $VERSION ($platform) for terraform init and tofu init:"
for host in registry.terraform.io registry.opentofu.org; do
  dir="$HOME/.terraform.d/plugins/$host/verifyfactors/twilio/$VERSION/$platform"
  mkdir -p "$dir"
  # Copy, then rename: a provider process still running keeps its old file.
  cp "$build/$binary" "$dir/.$binary.tmp"
  mv -f "$dir/.$binary.tmp" "$dir/$binary"
  echo "    $dir/$binary"
done

"$GO" install -trimpath ./cmd/twilio-verify-mock
gobin=$("$GO" env GOBIN)
if [ -z "$gobin" ]; then gopath=$("$GO" env GOPATH); gobin="${gopath%%:*}/bin"; fi
echo "==> Installed twilio-verify-mock: $gobin/twilio-verify-mock"
