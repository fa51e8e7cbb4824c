#!/usr/bin/env bash
# `make demo`: apply and destroy examples/demo with the pinned Terraform CLI
# and the provider built from this checkout, against the bundled mock of the
# Verify API, which starts empty: the demo creates the Verify service, the
# user and the factors itself (or against real Twilio when TWILIO_ACCOUNT_SID
# and credentials are set). Everything it starts or creates, it removes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
TERRAFORM=${TERRAFORM:-$root/bin/terraform}
PROVIDER_DIR=${PROVIDER_DIR:-$root/bin}
GO=${GO:-go}

MOCK_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef
MOCK_AUTH_TOKEN=mock-auth-token

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -t 1 ]; then bold=$'\033[1m'; reset=$'\033[0m'; color=(); else bold=""; reset=""; color=(-no-color); fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
tf() {
  local cmd=$1
  shift
  "$TERRAFORM" -chdir="$work/demo" "$cmd" "${color[@]}" "$@"
}

real_twilio=false
if [ -n "${TWILIO_ACCOUNT_SID:-}" ] && { [ -n "${TWILIO_AUTH_TOKEN:-}" ] || [ -n "${TWILIO_API_SECRET:-}" ]; }; then
  real_twilio=true
fi

if $real_twilio; then
  step "Using real Twilio: account $TWILIO_ACCOUNT_SID (the demo creates its own service and deletes it)"
else
  step "Starting an empty Verify API mock on a free loopback port"
  "$GO" build -o "$work/twilio-verify-mock" ./cmd/twilio-verify-mock
  "$work/twilio-verify-mock" -addr 127.0.0.1:0 \
    -account-sid "$MOCK_ACCOUNT_SID" -auth-token "$MOCK_AUTH_TOKEN" \
    >"$work/mock.log" 2>&1 &
  mock_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^twilio-verify-mock listening on \(http:[^ ]*\).*/\1/p' "$work/mock.log" | head -n1)
    [ -n "$url" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; echo "the mock did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/mock.log" >&2; echo "the mock did not report its address" >&2; exit 1; }
  sed 's/^/    mock: /' "$work/mock.log"
  export TWILIO_BASE_URL=$url TWILIO_ACCOUNT_SID=$MOCK_ACCOUNT_SID TWILIO_AUTH_TOKEN=$MOCK_AUTH_TOKEN
  unset TWILIO_API_KEY TWILIO_API_SECRET TWILIO_EDGE TWILIO_REGION
fi

step "Writing a CLI configuration with dev_overrides for the provider built in $PROVIDER_DIR"
# dev_overrides makes plan and apply use the binary just built. terraform init
# still resolves the provider, so a filesystem mirror holding the same binary
# answers it offline instead of the registry.
platform="$("$GO" env GOOS)_$("$GO" env GOARCH)"
mirror_dir="$work/mirror/registry.terraform.io/verifyfactors/twilio/0.0.1/$platform"
mkdir -p "$mirror_dir"
cp "$PROVIDER_DIR/terraform-provider-twilio" "$mirror_dir/terraform-provider-twilio_v0.0.1"
cat >"$work/terraform.rc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/verifyfactors/twilio" = "$PROVIDER_DIR"
  }
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/verifyfactors/twilio"]
  }
  direct {
    exclude = ["registry.terraform.io/verifyfactors/twilio"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraform.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp -r examples/demo "$work/demo"
"$TERRAFORM" version | sed -n 1p

step "terraform init"
tf init -input=false

step "terraform plan: a service, a user and 3 factors to create; the secrets show as (sensitive value)"
tf plan -input=false -out=demo.tfplan

step "terraform apply: one POST per object, plus one to verify the migrated factor"
tf apply -input=false demo.tfplan

step "terraform output: the service, users and factors as the data sources read them back (the URI stays <sensitive>)"
tf output

step "terraform plan again: nothing to change (no perpetual diff)"
set +e
tf plan -input=false -detailed-exitcode >"$work/replan.log"
replan=$?
set -e
tail -n 3 "$work/replan.log"
if [ "$replan" -ne 0 ]; then cat "$work/replan.log"; echo "the second plan was not empty" >&2; exit 1; fi

step "terraform destroy: factors, user and service"
tf destroy -input=false -auto-approve

if [ -n "$mock_pid" ] && command -v curl >/dev/null 2>&1; then
  step "Requests the mock served, by route"
  curl -fsS "$url/__mock/stats"
  echo
fi

step "Demo finished: created a service, a user and 3 factors, verified one, read them back and destroyed them all."
