# Sourced by scripts/demo.sh and scripts/install-check.sh: a work folder,
# and servers (twilio-verify-mock, the mirror's HTTPS server) started on a
# free loopback port, all removed or stopped when the script exits
# (normally, on error, or on Ctrl-C).

work=$(mktemp -d)
mock_pid=""
server_pids=()
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME PATTERN BINARY [FLAGS...] starts a server that listens on
# a free loopback port and prints its URL, logging to $work/NAME.log; PATTERN
# is a sed expression that prints the URL from that log. It sets server_pid
# and server_url, and exits the script, showing the log, when the server
# does not start.
start_server() {
  local name=$1 pattern=$2 binary=$3
  shift 3
  "$binary" "$@" >"$work/$name.log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  server_url=""
  for _ in $(seq 1 100); do
    server_url=$(sed -n "$pattern" "$work/$name.log" | head -n1)
    [ -n "$server_url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  echo "$(basename "$0"): $name ($binary) did not start or did not report its address" >&2
  exit 1
}

# start_mock BINARY [FLAGS...] starts the mock on 127.0.0.1 (a free port),
# logging to $work/mock.log, and sets mock_pid and url (its base URL).
start_mock() {
  local binary=$1
  shift
  start_server mock 's/^twilio-verify-mock listening on \(http:[^ ]*\).*/\1/p' "$binary" -addr 127.0.0.1:0 "$@"
  mock_pid=$server_pid url=$server_url
}
