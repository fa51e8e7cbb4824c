#!/usr/bin/env bash
# `make demo`: apply and destroy examples/demo with the pinned Terraform CLI
# and the provider that `make install` built from this checkout, against the
# bundled mock of the Verify API, which starts empty: the demo creates a
# whole push-and-TOTP deployment itself (an FCM push credential from a
# throwaway service-account key, the Verify service, a webhook, the user and
# the factors), and shows a signed event arriving at an app-backend receiver
# it runs (scripts/demokit). Against real Twilio when TWILIO_ACCOUNT_SID and
# credentials are set (then TF_VAR_webhook_url names a public endpoint).
# Everything it starts or creates, it removes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
TERRAFORM=${TERRAFORM:-$root/bin/terraform}
# The provider version `make install` installed (make demo passes it).
VERSION=${VERSION:?run make demo, or make install and then VERSION=<its version> scripts/demo.sh}
GO=${GO:-go}

MOCK_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef
MOCK_AUTH_TOKEN=mock-auth-token

# shellcheck source=scripts/mock-lib.sh
source "$root/scripts/mock-lib.sh"

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

"$GO" build -o "$work/demokit" ./scripts/demokit
# A throwaway Firebase service-account key for the FCM push credential: the
# mock never calls Google, and real Twilio keeps it until the destroy.
"$work/demokit" service-account >"$work/firebase-service-account.json"
export TF_VAR_fcm_service_account_file="$work/firebase-service-account.json"

receiver_pid=""
stop_receiver() {
  if [ -n "$receiver_pid" ]; then kill -TERM "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; fi
  cleanup
}
trap stop_receiver EXIT

if $real_twilio; then
  step "Using real Twilio: account $TWILIO_ACCOUNT_SID (the demo creates its own credential, service and webhook, and deletes them)"
  export TF_VAR_webhook_url=${TF_VAR_webhook_url:-https://example.com/twilio/verify-events}
else
  step "Starting an empty Verify API mock on a free loopback port"
  "$GO" build -o "$work/twilio-verify-mock" ./cmd/twilio-verify-mock
  start_mock "$work/twilio-verify-mock" -account-sid "$MOCK_ACCOUNT_SID" -auth-token "$MOCK_AUTH_TOKEN"
  sed 's/^/    mock: /' "$work/mock.log"
  export TWILIO_BASE_URL=$url TWILIO_ACCOUNT_SID=$MOCK_ACCOUNT_SID TWILIO_AUTH_TOKEN=$MOCK_AUTH_TOKEN
  unset TWILIO_API_KEY TWILIO_API_SECRET TWILIO_EDGE TWILIO_REGION

  step "Starting the app backend's webhook receiver (scripts/demokit): it checks X-Twilio-Signature with the auth token"
  "$work/demokit" receive -addr 127.0.0.1:0 -auth-token "$MOCK_AUTH_TOKEN" >"$work/events.log" 2>&1 &
  receiver_pid=$!
  receiver=""
  for _ in $(seq 1 100); do
    receiver=$(sed -n 's/^demokit receiving on \(http:[^ ]*\)$/\1/p' "$work/events.log" | head -n1)
    [ -n "$receiver" ] && break
    sleep 0.1
  done
  [ -n "$receiver" ] || { cat "$work/events.log" >&2; echo "the webhook receiver did not start" >&2; exit 1; }
  echo "    receiver: $receiver"
  export TF_VAR_webhook_url="$receiver/verify-events"
fi

step "Using terraform-provider-twilio $VERSION from make install, with no CLI configuration"
# `make install` put the provider where terraform init looks without any CLI
# configuration (~/.terraform.d/plugins/registry.terraform.io/verifyfactors/twilio/$VERSION/),
# so init finds it offline. An empty CLI configuration file stands in for
# none (these machines preset TF_CLI_CONFIG_FILE to a file that does not exist).
: >"$work/empty.tfrc"
export TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp -r examples/demo "$work/demo"
# Pin the demo to the version just installed, as a user's configuration would.
cat >"$work/demo/install_override.tf" <<EOF
terraform {
  required_providers {
    twilio = {
      source  = "verifyfactors/twilio"
      version = "$VERSION"
    }
  }
}
EOF
"$TERRAFORM" version | sed -n 1p

step "terraform providers lock: the lock file records the checksum of the provider in ~/.terraform.d/plugins"
# Recorded from the folder make install filled, so that init has nothing to
# warn about (see README, "Install", route 3).
platform="$("$GO" env GOOS)_$("$GO" env GOARCH)"
"$TERRAFORM" -chdir="$work/demo" providers lock "${color[@]}" -fs-mirror="$HOME/.terraform.d/plugins" -platform="$platform"

step "terraform init: installs verifyfactors/twilio $VERSION from ~/.terraform.d/plugins, offline"
tf init -input=false

step "terraform plan: a push credential, a service, a webhook, a user and 3 factors; secrets show as (sensitive value)"
tf plan -input=false -out=demo.tfplan

step "terraform apply: one POST per object, plus one to verify the migrated factor"
tf apply -input=false demo.tfplan

step "terraform output: the service, users and factors as the data sources read them back (the URI stays <sensitive>)"
tf output

if [ -n "$receiver_pid" ]; then
  step "The app backend's receiver: the signed events the mock delivered (factor.created for each factor, factor.verified)"
  for _ in $(seq 1 50); do
    grep -q '^event factor.verified' "$work/events.log" && break
    sleep 0.1
  done
  grep -E '^(event|REFUSED)' "$work/events.log" | sed 's/^/    /'
  grep -q '^event factor.verified (signature checked)' "$work/events.log" ||
    { echo "the receiver got no signed factor.verified event" >&2; exit 1; }
  if grep -q '^REFUSED' "$work/events.log"; then echo "the receiver refused an event: bad signature" >&2; exit 1; fi
fi

step "terraform plan again: nothing to change (no perpetual diff)"
set +e
tf plan -input=false -detailed-exitcode >"$work/replan.log"
replan=$?
set -e
tail -n 3 "$work/replan.log"
if [ "$replan" -ne 0 ]; then cat "$work/replan.log"; echo "the second plan was not empty" >&2; exit 1; fi

step "terraform destroy: factors, user, webhook, service and push credential"
tf destroy -input=false -auto-approve

if [ -n "$mock_pid" ] && command -v curl >/dev/null 2>&1; then
  step "Requests the mock served, by route"
  curl -fsS "$url/__mock/stats"
  echo
fi

step "Demo finished: created a push credential, a service, a webhook, a user and 3 factors, verified one, received the signed events, read them back and destroyed them all."
