#!/usr/bin/env bash
# `make install`: build the provider for this machine as the release is built
# and put it where Terraform's and OpenTofu's implied local mirror looks for
# providers,
#
#   ~/.terraform.d/plugins/<host>/verifyfactors/twilio/<version>/<os>_<arch>/
#
# for both registry.terraform.io and registry.opentofu.org, so that a
# configuration with source = "verifyfactors/twilio" runs `terraform init` and
# `tofu init` offline with no CLI configuration (`mirror install`, which shares
# the release's build with `make mirror`: scripts/mirror/install.go); then
# install the twilio-verify-mock command into GOBIN.
#
# VERSION (required) must be a semantic version: Terraform and OpenTofu only
# install providers whose version is one. GO names the go command.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}

"$GO" run ./scripts/mirror install -go "$GO" -version "${VERSION:-}"

"$GO" install -trimpath ./cmd/twilio-verify-mock
gobin=$("$GO" env GOBIN)
if [ -z "$gobin" ]; then gopath=$("$GO" env GOPATH); gobin="${gopath%%:*}/bin"; fi
echo "==> Installed twilio-verify-mock: $gobin/twilio-verify-mock"
