#!/usr/bin/env bash
# Runs the README's start command on the embedded default in a scratch data directory, reads the printed
# Tenant URL and Secret Token, and lists users with curl exactly as a newcomer would; then waits for the demo
# job's first cycle to have provisioned the demo users into the target (the whole loop runs), and checks the admin
# portal's printed URL answers 200.
# With PROVSIM_HTTPS=true in the environment it does the same over HTTPS, trusting the local CA with curl --cacert
# as the banner says.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
log=$(mktemp)
port=$(( 20000 + RANDOM % 20000 ))
# Its own process group (npm → sh → node), so the whole tree stops at the end: killing npm alone would leave the
# node process running, re-parented to init.
env -u DATABASE_URL PROVSIM_DATA_DIR="$data_dir" SCIM_PORT="$port" ENTRA_PORT="$(( port + 1 ))" setsid npm start >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- -"$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do pgrep -g "$pid" >/dev/null || break; sleep 0.5; done
  kill -KILL -- -"$pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap stop EXIT
for _ in $(seq 1 120); do
  grep -q 'Secret Token:' "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "npm start exited early"; exit 1; }
  sleep 1
done
url=$(sed -n 's/.*Tenant URL: *//p' "$log" | head -1)
token=$(sed -n 's/.*Secret Token: *//p' "$log" | head -1)
[[ -n $url && -n $token ]] || { cat "$log"; echo "no URL/token printed"; exit 1; }
echo "printed: Tenant URL $url, token of ${#token} chars"
curl() { command curl "${cacert[@]}" "$@"; }
cacert=()
if [[ ${PROVSIM_HTTPS:-} == true ]]; then
  [[ $url == https://* ]] || { cat "$log"; echo "PROVSIM_HTTPS=true but the Tenant URL is not https"; exit 1; }
  grep -q "NODE_EXTRA_CA_CERTS=$data_dir/tls/ca.pem" "$log" || { cat "$log"; echo "the banner does not name the CA file"; exit 1; }
  status=$(command curl -s -o /dev/null -w '%{http_code}' "$url/Users" || true)
  [[ $status == 000 ]] || { echo "a client without the CA got HTTP $status instead of a TLS failure"; exit 1; }
  cacert=(--cacert "$data_dir/tls/ca.pem")
  echo "TLS: refused without the CA, trusted with --cacert $data_dir/tls/ca.pem"
fi
body=$(curl -sS -f -H "Authorization: Bearer $token" "$url/Users")
echo "GET $url/Users -> ${body:0:200}"
echo "$body" | grep -q '"totalResults":'
status=$(curl -s -o /dev/null -w '%{http_code}' "$url/Users")
[[ $status == 401 ]] || { echo "expected 401 without a token, got $status"; exit 1; }
graph=$(sed -n 's/.*Graph base URL: *\([^ ]*\).*/\1/p' "$log" | head -1)
graph_token=$(sed -n 's/.*Graph base URL:.*Bearer \([^)]*\)).*/\1/p' "$log" | head -1)
[[ -n $graph && -n $graph_token ]] || { cat "$log"; echo "no Graph URL/token printed"; exit 1; }
users=$(curl -sS -f -H "Authorization: Bearer $graph_token" "$graph/users?\$top=1")
echo "GET $graph/users -> ${users:0:200}"
echo "$users" | grep -q '"value"'
portal=$(sed -n 's/.*Portal: *//p' "$log" | head -1)
signin=$(sed -n 's/.*Sign in: *//p' "$log" | head -1)
[[ -n $portal && $signin == "$portal#token="* ]] || { cat "$log"; echo "no portal URL / sign-in link (token in the fragment) printed"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' "$portal")
[[ $status == 200 ]] || { echo "GET $portal -> HTTP $status, expected 200"; exit 1; }
echo "GET $portal -> 200"
provisioned=0
for _ in $(seq 1 60); do
  provisioned=$(curl -sS -f -H "Authorization: Bearer $token" "$url/Users?count=1" | sed -n 's/.*"totalResults":\([0-9]*\).*/\1/p')
  [[ ${provisioned:-0} -gt 0 ]] && break
  sleep 1
done
[[ ${provisioned:-0} -gt 0 ]] || { cat "$log"; echo "the demo job provisioned nobody within 60 s"; exit 1; }
logs=$(curl -sS -f -H "Authorization: Bearer $graph_token" "$graph/auditLogs/provisioning?\$top=1&\$filter=provisioningAction%20eq%20'create'")
echo "$logs" | grep -q '"provisioningAction":"create"' || { echo "no provisioning log entry: ${logs:0:300}"; exit 1; }
echo "the loop ran: $provisioned users provisioned into the target, provisioning logs present"
echo "smoke test passed"
