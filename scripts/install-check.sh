#!/usr/bin/env bash
# `make install-check`: prove that `make install` is all a user needs. In a
# throwaway HOME (the real ~/.terraform.d is never touched) it runs
# `make install`, then, for Terraform and for OpenTofu, with an empty CLI
# configuration and every proxy pointing at a closed port (so any attempt to
# reach a registry fails), `init` of a configuration that names the version,
# `apply` of a factor against the installed twilio-verify-mock, an empty
# second plan and `destroy`. It fails on any unexpected warning from init,
# and on any warning at all once `providers lock -fs-mirror` has recorded the
# checksum. Then it builds a network mirror with `make mirror` (the platforms
# linux_amd64 and windows_amd64, and this machine's), serves it
# over HTTPS on a loopback port with a throwaway CA, and with no Go on PATH
# runs, for Terraform and for OpenTofu, `providers lock -net-mirror` for
# those two platforms (and -fs-mirror on the same folder, which must agree),
# `init` with that lock file and a CLI configuration holding only
# network_mirror, and an apply, an empty second plan and a destroy.
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

# write_config DIR NAME HOW writes DIR/main.tf: one TOTP factor of the mock's
# service, named after NAME and described as HOW, from verifyfactors/twilio
# at VERSION.
write_config() {
  local dir=$1 name=$2 how=$3
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
  friendly_name = "$how"
}

output "status" {
  value = twilio_verify_factor.check.status
}
EOF
}

check_cli() {
  local name=$1 cli=$2 host=$3
  local dir="$work/$name"
  write_config "$dir" "$name" "Installed with make install"
  echo "==> $name: $("$cli" version | sed -n 1p), init with no CLI configuration, offline"
  "$cli" -chdir="$dir" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$name init failed"; }
  # The one warning expected: a provider installed from a local directory
  # has checksums for this platform only (README, "Install", route 3).
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

  apply_plan_destroy "$name" "$cli" "$dir"
}

# apply_plan_destroy NAME CLI DIR applies the factor of DIR/main.tf against
# the mock, checks that a second plan is empty, and destroys it.
apply_plan_destroy() {
  local name=$1 cli=$2 dir=$3
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

# The network mirror: `make mirror` of the platforms a team locks (and this
# machine's), served over HTTPS with a throwaway CA. From here on PATH holds
# no Go, HOME is fresh (no ~/.terraform.d/plugins from make install), and the
# CLI configuration has only the network_mirror block.
host_platform="$("$GO" env GOOS)_$("$GO" env GOARCH)"
# Two platforms, one of them Windows (its zip holds a .exe): every platform
# but this machine's is a cold cross-compile of the provider and all its
# dependencies, minutes each on a fresh machine, and a third adds nothing that
# two do not show.
lock_platforms=(linux_amd64 windows_amd64)
mirror_platforms=("${lock_platforms[@]}")
[[ " ${lock_platforms[*]} " == *" $host_platform "* ]] || mirror_platforms+=("$host_platform")
mirror="$work/mirror"
started=$SECONDS
echo "==> make mirror of ${mirror_platforms[*]}"
make --no-print-directory mirror GO="$GO" VERSION="$VERSION" MIRROR_DIR="$mirror" PLATFORMS="${mirror_platforms[*]}"
echo "    built in $((SECONDS - started)) s"
start_server mirror 's/^mirror listening on \(https:[^ ]*\).*/\1/p' "$root/bin/mirror" serve -dir "$mirror" -ca-out "$work/mirror-ca.pem"
mirror_url=$server_url

nogo_path=""
IFS=: read -ra path_dirs <<<"$PATH"
for path_dir in "${path_dirs[@]}"; do
  [ -x "$path_dir/go" ] || nogo_path+="${nogo_path:+:}$path_dir"
done
export PATH=$nogo_path HOME="$work/mirror-home" SSL_CERT_FILE="$work/mirror-ca.pem" TF_CLI_CONFIG_FILE="$work/mirror.tfrc"
mkdir -p "$HOME"
! command -v go >/dev/null || fail "PATH still finds go at $(command -v go)"
cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  network_mirror {
    url = "$mirror_url"
  }
}
EOF

# expect_platform_hashes LOCKFILE NAME: the lock file holds one h1: hash per
# locked platform (Terraform records zh: hashes only from a registry), and
# the mirror's <version>.json gives each zip's SHA-256 as its zh: hash, which
# init checks the download against.
expect_platform_hashes() {
  local lockfile=$1 name=$2 platform zip host
  [ "$(grep -c '"h1:' "$lockfile")" -eq "${#lock_platforms[@]}" ] || { cat "$lockfile" >&2; fail "$name: the lock file does not hold one h1: hash for each of ${lock_platforms[*]}"; }
  for host in registry.terraform.io registry.opentofu.org; do
    for platform in "${lock_platforms[@]}"; do
      zip="$mirror/$host/verifyfactors/twilio/terraform-provider-twilio_${VERSION}_${platform}.zip"
      grep -q "\"zh:$(sha256sum "$zip" | cut -d' ' -f1)\"" "$mirror/$host/verifyfactors/twilio/$VERSION.json" ||
        fail "the mirror's $host/verifyfactors/twilio/$VERSION.json lacks the zh: hash of $(basename "$zip")"
    done
  done
}

# check_mirror_lock NAME CLI HOST: `providers lock -net-mirror` of the three
# platforms into $work/NAME.lock.hcl, then `-fs-mirror` on the same folder,
# which must record the same h1: hashes.
check_mirror_lock() {
  local name=$1 cli=$2 host=$3
  local dir="$work/lock-$name" flags=() platform hash
  for platform in "${lock_platforms[@]}"; do flags+=("-platform=$platform"); done
  write_config "$dir" "lock-$name" "Locked from the mirror"
  echo "==> $name providers lock -net-mirror=$mirror_url ${flags[*]} (no Go on PATH)"
  "$cli" -chdir="$dir" providers lock -no-color -net-mirror="$mirror_url" "${flags[@]}" >"$dir/lock.log" 2>&1 || { cat "$dir/lock.log" >&2; fail "$name providers lock -net-mirror failed"; }
  grep -q "provider \"$host/verifyfactors/twilio\"" "$dir/.terraform.lock.hcl" || fail "$name lock file does not name $host/verifyfactors/twilio"
  expect_platform_hashes "$dir/.terraform.lock.hcl" "$name providers lock -net-mirror"
  cp "$dir/.terraform.lock.hcl" "$work/$name.lock.hcl"
  echo "    recorded ${lock_platforms[*]}"

  echo "==> $name providers lock -fs-mirror=<the same folder> ${flags[*]}"
  rm -f "$dir/.terraform.lock.hcl"
  "$cli" -chdir="$dir" providers lock -no-color -fs-mirror="$mirror" "${flags[@]}" >"$dir/fs-lock.log" 2>&1 || { cat "$dir/fs-lock.log" >&2; fail "$name providers lock -fs-mirror failed"; }
  [ "$(grep -c '"h1:' "$dir/.terraform.lock.hcl")" -eq "${#lock_platforms[@]}" ] || { cat "$dir/.terraform.lock.hcl" >&2; fail "$name providers lock -fs-mirror did not record ${lock_platforms[*]}"; }
  for hash in $(grep -o '"h1:[^"]*"' "$dir/.terraform.lock.hcl"); do
    grep -qF "$hash" "$work/$name.lock.hcl" || fail "$name providers lock -fs-mirror recorded $hash, which the network mirror's lock file lacks"
  done
  echo "    the packed layout gives the same h1: hashes"
}

# check_mirror_init NAME CLI HOST: with the lock file check_mirror_lock made
# and only the network mirror configured, init installs the provider (the
# zip fetched from the mirror under HOST) without a warning or a change to
# the lock file; then apply, plan, destroy.
check_mirror_init() {
  local name=$1 cli=$2 host=$3
  local dir="$work/mirror-$name"
  write_config "$dir" "mirror-$name" "Installed from a network mirror"
  cp "$work/$name.lock.hcl" "$dir/.terraform.lock.hcl"
  echo "==> $name init with only network_mirror in the CLI configuration, and that lock file"
  "$cli" -chdir="$dir" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$name init from the network mirror failed"; }
  if grep -q 'Warning' "$dir/init.log"; then
    cat "$dir/init.log" >&2
    fail "$name init from the network mirror printed a warning"
  fi
  grep -F "Installed verifyfactors/twilio v$VERSION" "$dir/init.log" || { cat "$dir/init.log" >&2; fail "$name init did not install v$VERSION"; }
  grep -qx "GET /$host/verifyfactors/twilio/terraform-provider-twilio_${VERSION}_${host_platform}.zip" "$work/mirror.log" ||
    fail "$name did not fetch the $host_platform zip from the mirror under $host"
  diff -u "$work/$name.lock.hcl" "$dir/.terraform.lock.hcl" >&2 || fail "$name init changed the lock file that providers lock made"
  apply_plan_destroy "$name" "$cli" "$dir"
}

started=$SECONDS
check_mirror_lock terraform "$TERRAFORM" registry.terraform.io
check_mirror_init terraform "$TERRAFORM" registry.terraform.io
check_mirror_lock tofu "$TOFU" registry.opentofu.org
check_mirror_init tofu "$TOFU" registry.opentofu.org
echo "    the mirror checks took $((SECONDS - started)) s"

echo "==> install-check passed: Terraform and OpenTofu installed verifyfactors/twilio $VERSION offline from make install, and from a network mirror with no Go on PATH"
