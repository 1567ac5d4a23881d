#!/usr/bin/env bash
# Sustained signed WhatsApp Business webhook deliveries per second: accepted into the spool (answered 200 after the
# fsynced spool write) and archived into the embedded Maildir store. Not a test: it prints figures.
#
#   bench/webhook-throughput.sh [DELIVERIES] [CONCURRENCY]        defaults: 5000 deliveries, 8 clients
#
# Needs the fat jar (mvn -B -q package -DskipTests). Works in bench/target/webhook/.
set -euo pipefail
cd "$(dirname "$0")/.."
DELIVERIES=${1:-5000}
CONCURRENCY=${2:-8}
JAR=$(pwd)/target/conduit.jar
WORK=bench/target/webhook
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
MGMT=$(free_port)
SECRET=bench-secret-$RANDOM$RANDOM
printf '+15550783881,sales@example.com\n' > "$WORK/mapping.csv"
cat > "$WORK/application.properties" <<PROPS
conduit.mapping.file = $WORK/mapping.csv
conduit.mapping.mailbox-domains = example.com
conduit.store.uri = maildir:$WORK/archive
conduit.state.dir = $WORK/state
camel.management.port = $MGMT
camel.route-template[wab].template-id = whatsapp-business-webhook-source
camel.route-template[wab].trigger = wab
camel.route-template[wab].host = 127.0.0.1
camel.route-template[wab].port = $PORT
camel.route-template[wab].verify-token = vt
camel.route-template[wab].app-secret = $SECRET
camel.route-template[wab].cron = 0/1 * * * * ?
PROPS
# more settings, one per line, e.g. CONDUIT_BENCH_PROPS='conduit.ledger.manifests = false'
printf '%s\n' "${CONDUIT_BENCH_PROPS:-}" >> "$WORK/application.properties"
(cd "$WORK" && exec java -Xmx256m -jar "$JAR" > "$WORK/conduit.log" 2>&1) & PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/WebhookLoad.java "http://127.0.0.1:$PORT/webhooks/whatsapp" "$SECRET" \
  src/test/resources/whatsapp-business/text.json "$DELIVERIES" "$CONCURRENCY" "$WORK/archive"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
