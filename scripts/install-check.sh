#!/usr/bin/env bash
# `make install-check`: prove that `make install` is all a user needs. In a
# throwaway HOME (the real ~/.terraform.d is never touched) it runs
# `make install`, then, for Terraform and for OpenTofu, with an empty CLI
# configuration and every proxy pointing at a closed port (so any attempt to
# reach a registry fails), `init` of a configuration that names the version,
# `apply` of a factor against the installed twilio-verify-mock, an empty
# second plan and `destroy`. It fails on any unexpected warning from init,
# and on any warning at all once `providers lock -fs-mirror` has recorded the
# checksum.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
TERRAFORM=${TERRAFORM:-$root/bin/terraform}
TOFU=${TOFU:-$root/bin/tofu}
VERSION=${VERSION:?VERSION must name the version to install}

service_sid=VA00000000000000000000000000001c4e
account_sid=AC0123456789abcdef0123456789abcdef
auth_token="mock-auth-token"

# Keep Go's caches and settings when HOME moves: they live under the real
# HOME, and a fresh cache would rebuild everything.
for name in GOCACHE GOMODCACHE GOPATH GOPROXY GOSUMDB GONOSUMDB GOPRIVATE GOFLAGS GOTOOLCHAIN GOTELEMETRY; do
  export "$name=$("$GO" env "$name")"
done

# shellcheck source=scripts/mock-lib.sh
source "$root/scripts/mock-lib.sh"

fail() {
  echo "install-check: $*" >&2
  exit 1
}

export HOME="$work/home" GOBIN="$work/gobin"
mkdir -p "$HOME"
echo "==> make install into a throwaway HOME ($HOME)"
make --no-print-directory install GO="$GO" VERSION="$VERSION"

mock="$GOBIN/twilio-verify-mock"
[ -x "$mock" ] || fail "make install did not install $mock"
start_mock "$mock" -account-sid "$account_sid" -auth-token "$auth_token" -service "Install Check" -service-sid "$service_sid"

# No CLI configuration at all: an empty file (these machines preset
# TF_CLI_CONFIG_FILE to a missing one). Registries are unreachable: any
# request to one goes to a closed port. Loopback (the mock) is never proxied.
: >"$work/empty.tfrc"
export TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9
unset NO_PROXY no_proxy TF_PLUGIN_CACHE_DIR TF_CLI_ARGS TF_CLI_ARGS_init
export TWILIO_BASE_URL=$url TWILIO_ACCOUNT_SID=$account_sid TWILIO_AUTH_TOKEN=$auth_token
unset TWILIO_API_KEY TWILIO_API_SECRET TWILIO_EDGE TWILIO_REGION

check_cli() {
  local name=$1 cli=$2 host=$3
  local dir="$work/$name"
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<EOF
terraform {
  required_providers {
    twilio = {
      source  = "verifyfactors/twilio"
      version = "$VERSION"
    }
  }
}

provider "twilio" {}

resource "twilio_verify_factor" "check" {
  service_sid   = "$service_sid"
  identity      = "install-check-$name"
  factor_type   = "totp"
  friendly_name = "Installed with make install"
}

output "status" {
  value = twilio_verify_factor.check.status
}
EOF
  echo "==> $name: $("$cli" version | sed -n 1p), init with no CLI configuration, offline"
  "$cli" -chdir="$dir" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$name init failed"; }
  # The one warning expected: a provider installed from a local directory
  # has checksums for this platform only (README, "Install from source").
  # Anything else, such as the overrides warning of dev_overrides, fails.
  if grep -i 'override' "$dir/init.log" >&2 ||
    grep 'Warning:' "$dir/init.log" | grep -v 'Warning: Incomplete lock file information for providers' >&2; then
    cat "$dir/init.log" >&2
    fail "$name init printed an unexpected warning"
  fi
  grep -F "Installed verifyfactors/twilio v$VERSION" "$dir/init.log" || { cat "$dir/init.log" >&2; fail "$name init did not install v$VERSION"; }
  grep -q "provider \"$host/verifyfactors/twilio\"" "$dir/.terraform.lock.hcl" || fail "$name lock file does not name $host/verifyfactors/twilio"
  grep -q "version *= \"$VERSION\"" "$dir/.terraform.lock.hcl" || fail "$name lock file does not record version $VERSION"

  # With the checksum recorded from the same folder first (as make demo does),
  # init has nothing at all to warn about.
  rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl"
  "$cli" -chdir="$dir" providers lock -no-color -fs-mirror="$HOME/.terraform.d/plugins" \
    -platform="$("$GO" env GOOS)_$("$GO" env GOARCH)" >"$dir/lock.log" 2>&1 || { cat "$dir/lock.log" >&2; fail "$name providers lock failed"; }
  "$cli" -chdir="$dir" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$name init after providers lock failed"; }
  if grep -q 'Warning' "$dir/init.log"; then
    cat "$dir/init.log" >&2
    fail "$name init after providers lock printed a warning"
  fi

  "$cli" -chdir="$dir" apply -input=false -no-color -auto-approve >"$dir/apply.log" 2>&1 || { cat "$dir/apply.log" >&2; fail "$name apply failed"; }
  [ "$("$cli" -chdir="$dir" output -raw status)" = unverified ] || fail "$name: the factor's status is not unverified"
  local code=0
  "$cli" -chdir="$dir" plan -input=false -no-color -detailed-exitcode >"$dir/plan.log" 2>&1 || code=$?
  [ "$code" -eq 0 ] || { cat "$dir/plan.log" >&2; fail "$name: the second plan is not empty (exit $code)"; }
  "$cli" -chdir="$dir" destroy -input=false -no-color -auto-approve >"$dir/destroy.log" 2>&1 || { cat "$dir/destroy.log" >&2; fail "$name destroy failed"; }
  echo "    applied, planned nothing to change, destroyed"
}

check_cli terraform "$TERRAFORM" registry.terraform.io
check_cli tofu "$TOFU" registry.opentofu.org

echo "==> install-check passed: Terraform and OpenTofu installed verifyfactors/twilio $VERSION offline from make install"
