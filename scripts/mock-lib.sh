# Sourced by scripts/demo.sh and scripts/install-check.sh: a work folder and
# a twilio-verify-mock started on a free loopback port, both removed when
# the script exits (normally, on error, or on Ctrl-C).

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

# start_mock BINARY [FLAGS...] starts the mock on 127.0.0.1 (a free port),
# logging to $work/mock.log, and sets mock_pid and url (its base URL). It
# exits the script, showing the mock's log, when the mock does not start.
start_mock() {
  local binary=$1
  shift
  "$binary" -addr 127.0.0.1:0 "$@" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^twilio-verify-mock listening on \(http:[^ ]*\).*/\1/p' "$work/mock.log" | head -n1)
    [ -n "$url" ] && return 0
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/mock.log" >&2
  echo "$(basename "$0"): the mock ($binary) did not start or did not report its address" >&2
  exit 1
}
