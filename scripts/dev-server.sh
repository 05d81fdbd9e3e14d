# Sourced by scripts/test.sh and scripts/bench.sh: dev servers on free loopback ports, each
# stopped by its PID.
#
#   start_dev_server BINARY LOG [FLAG...]  starts `BINARY --port 0 FLAG...` with its output in
#       LOG and waits (at most 10 s) for its startup line; then SERVER_URL is its origin and
#       SERVER_BACKEND_KEY the backend API key of its deployment 42 ($WACHT_BACKEND_API_KEY when
#       set, which it then uses, else the default it printed). Prints the log and exits 1 if it
#       did not start.
#   stop_dev_servers                       stops every server started so far (for an EXIT trap).

DEV_SERVER_PIDS=()

start_dev_server() {
  local binary=$1 log=$2; shift 2
  : >"$log"
  "$binary" --port 0 "$@" >"$log" 2>&1 &
  DEV_SERVER_PIDS+=($!)
  SERVER_URL=""
  for _ in $(seq 1 100); do
    SERVER_URL=$(grep -oE 'listening on http://[0-9.:]+' "$log" | head -n1 | sed 's/listening on //') || true
    [[ -n $SERVER_URL ]] && break
    sleep 0.1
  done
  [[ -n $SERVER_URL ]] || { echo "dev server $binary $* did not start:" >&2; cat "$log" >&2; exit 1; }
  # A key of WACHT_BACKEND_API_KEY is the server's and is not printed; the default one is, on
  # the lines after the origin's.
  SERVER_BACKEND_KEY=${WACHT_BACKEND_API_KEY:-}
  for _ in $(seq 1 40); do
    [[ -n $SERVER_BACKEND_KEY ]] && break
    SERVER_BACKEND_KEY=$(grep -oE '^backend API key: [^ ]+' "$log" | head -n1 | sed 's/backend API key: //') || true
    [[ -n $SERVER_BACKEND_KEY ]] || sleep 0.05
  done
  [[ -n $SERVER_BACKEND_KEY ]] || { echo "dev server $binary $*: no backend API key in its log" >&2; cat "$log" >&2; exit 1; }
}

stop_dev_servers() {
  local pid
  for pid in "${DEV_SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
