#!/usr/bin/env bash
# Browser checks of the management server, run by .ci/run after `mvn verify`: builds the jar with the Hawtio console
# (-Pconsole: npm ci + vite build in console/), starts the demo configuration on a free management port in a scratch
# folder, and drives Debian's Chromium headless with playwright-core (ui-tests/management.test.js). Screenshots and
# downloads go to target/ui-tests/. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
command -v npm >/dev/null || { echo "node and npm are needed for the console and the browser checks"; exit 1; }

mvn -B -ntp -q -Pconsole package -DskipTests
unzip -l target/conduit.jar conduit-console/hawtio/index.html >/dev/null || { echo "the console is not in the jar"; exit 1; }
(cd ui-tests && npm ci --no-audit --no-fund --loglevel=error)

DEMO=target/ui-demo
rm -rf "$DEMO" target/ui-tests
mkdir -p "$DEMO" target/ui-tests
cp -r application.properties demo "$DEMO"/
# the management login (status page, Jolokia, console): a fresh password for this run
export CONDUIT_MANAGEMENT_PASSWORD="ui-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
(cd "$DEMO" && exec java -Xmx512m -Dcamel.management.port="$PORT" -jar "$ROOT/target/conduit.jar" > ../ui-demo.log 2>&1) &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT

# ready when the management server answers and the demo connector has finished a run
for _ in $(seq 120); do
  if curl -sf -u "conduit:$CONDUIT_MANAGEMENT_PASSWORD" "http://127.0.0.1:$PORT/observe/status" >/dev/null \
      && grep -qs '"type":"run"' "$DEMO/state/connector-log/whatsapp-demo.jsonl"; then
    break
  fi
  kill -0 "$PID" 2>/dev/null || { echo "conduit stopped:"; tail -n 30 target/ui-demo.log; exit 1; }
  sleep 1
done

cd ui-tests
CONDUIT_MANAGEMENT_URL="http://127.0.0.1:$PORT" SCREENSHOT_DIR="$ROOT/target/ui-tests" \
  node --test --test-concurrency=1 --test-reporter=spec management.test.js
ls "$ROOT"/target/ui-tests/*.png
