#!/usr/bin/env bash
# Throughput of `import whatsapp` into a real Dovecot with SASL XOAUTH2 next to password logins (issue 10): a private
# Dovecot on a loopback port (sdbox, fsync off, plain IMAP) with a passwd-file passdb, a master user and an oauth2
# passdb whose introspection endpoint is a tiny loopback issuer (python3, below); the same generated export imported
#   master    as the master user into each custodian's mailbox (the layout of bench/whatsapp-throughput.sh)
#   password  plain login to one archive account (--imap-user), copies in <custodian>/<folder> there
#   xoauth2   the same account and layout with a client-credentials token (--oauth generic)
# in 3 interleaved rounds, each into a fresh state and folder; prints each run and the medians (items/s, APPENDs/s).
# Not a test: it prints figures.
#
#   bench/xoauth2-throughput.sh [MESSAGES] [ROUNDS] [XMX]     defaults: 5000 messages, 3 rounds, -Xmx256m
#
# Needs: the fat jar (mvn -B -q package -DskipTests), dovecot-imapd, python3. Works in bench/target/xoauth2/.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-5000}
ROUNDS=${2:-3}
XMX=${3:-256m}
JAR=target/conduit.jar
WORK=bench/target/xoauth2
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests"; exit 1; }
command -v dovecot >/dev/null || { echo "dovecot not installed: apt-get install dovecot-imapd"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK/in"

# ---- a generated export (as bench/whatsapp-throughput.sh): 3 mapped custodians in one group chat, 3 copies a message
EXPORT="$WORK/in/WhatsApp Chat - Bench Desk.txt"
awk -v n="$MESSAGES" 'BEGIN {
  split("Daniel Reed|Sofia Marin|Tom Okafor 📈|Priya Shah|+44 7700 900789|Ana Costa", who, "|");
  t = mktime("2024 01 01 08 00 00");
  for (i = 0; i < n; i++) {
    s = t + i * 60;
    line = sprintf("%s - %s: message %d about the 2031 gilts, price %.2f", strftime("%d/%m/%Y, %H:%M", s), who[i % 6 + 1], i, 98 + (i % 100) / 100);
    print line;
    if (i % 10 == 0) print "second line of a multi-line message " i;
  }
}' > "$EXPORT"
cat > "$WORK/mapping.csv" <<'CSV'
identifier,mailbox
Daniel Reed,daniel.reed@example.com
Sofia Marin,sofia.marin@example.com
Tom Okafor 📈,tom.okafor@example.com
CSV
echo "export: $(wc -l < "$EXPORT") lines, $MESSAGES messages; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the token issuer: RFC 6749 client credentials (HTTP Basic) at /token, introspection for Dovecot at /introspect
CLIENT=conduit-bench
SECRET=bench-secret-$RANDOM$RANDOM$RANDOM
printf '%s\n' "$SECRET" > "$WORK/client-secret"
cat > "$WORK/issuer.py" <<'PY'
import base64, json, secrets, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
client, secret, account, counts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
active, lock = set(), threading.Lock()
expected = "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode()
class Issuer(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        if self.path == "/token":
            if self.headers.get("Authorization") != expected or form.get("grant_type") != ["client_credentials"]:
                return self.answer(401, {"error": "invalid_client"})
            token = secrets.token_urlsafe(32)
            with lock:
                active.add(token)
            with open(counts, "a") as f:
                f.write("token\n")
            return self.answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
        if self.path == "/introspect":
            with open(counts, "a") as f:
                f.write("introspect\n")
            ok = form.get("token", [""])[0] in active
            return self.answer(200, {"active": True, "email": account} if ok else {"active": False})
        self.answer(404, {"error": "not_found"})
server = ThreadingHTTPServer(("127.0.0.1", 0), Issuer)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
: > "$WORK/issuer.counts"
python3 "$WORK/issuer.py" "$CLIENT" "$SECRET" archive@example.com "$WORK/issuer.counts" > "$WORK/issuer.port" & ISSUER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/issuer.port" ] && break; sleep 0.1; done
ISSUER_PORT=$(cat "$WORK/issuer.port")

# ---- Dovecot: master user, passwd-file users (the archive account too) and the oauth2 passdb
DV="$(pwd)/$WORK/dovecot"
mkdir -p "$DV/mail" && chmod 0755 "$DV" "$DV/mail"
USER_RUN=nobody GROUP_RUN=nogroup
[ "$(id -u)" = 0 ] || { USER_RUN=$(id -un); GROUP_RUN=$(id -gn); }
chown "$USER_RUN:$GROUP_RUN" "$DV/mail"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASS=bench-$RANDOM$RANDOM
printf 'archiver:{PLAIN}%s\n' "$PASS" > "$DV/masters"
for u in daniel.reed sofia.marin tom.okafor compliance archive; do printf '%s@example.com:{PLAIN}%s\n' "$u" "$PASS"; done > "$DV/users"
cat > "$DV/dovecot-oauth2.conf.ext" <<CONF
introspection_url = http://127.0.0.1:$ISSUER_PORT/introspect
introspection_mode = post
username_attribute = email
active_attribute = active
active_value = true
CONF
cat > "$DV/dovecot.conf" <<CONF
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = $USER_RUN
default_internal_group = $GROUP_RUN
default_login_user = $USER_RUN
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
auth_master_user_separator = *
mail_location = sdbox:$DV/mail/%u
mail_fsync = never
mail_uid = $USER_RUN
mail_gid = $GROUP_RUN
first_valid_uid = 1
namespace inbox {
  inbox = yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $DV/masters
  master = yes
  pass = yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $DV/users
}
passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = $DV/dovecot-oauth2.conf.ext
}
userdb {
  driver = static
  args = uid=$USER_RUN gid=$GROUP_RUN home=$DV/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
dovecot -F -c "$DV/dovecot.conf" & DOVECOT_PID=$!
trap 'kill $DOVECOT_PID $ISSUER_PID 2>/dev/null; wait $DOVECOT_PID $ISSUER_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
printf '%s\n' "$PASS" > "$WORK/imap-password"
TO="imap://127.0.0.1:$PORT?starttls=false"

run() { # mode round
  local mode=$1 round=$2 name="$1-$2" start end summary elapsed items copies logins
  local before
  before=$(grep -c introspect "$WORK/issuer.counts" || true)
  case $mode in
    master)   set -- --imap-master-user archiver --imap-password-file "$WORK/imap-password" ;;
    password) set -- --imap-user archive@example.com --imap-password-file "$WORK/imap-password" ;;
    xoauth2)  set -- --imap-user archive@example.com --oauth generic --oauth-token-url "http://127.0.0.1:$ISSUER_PORT/token" \
                --oauth-client-id "$CLIENT" --oauth-client-secret-file "$WORK/client-secret" ;;
  esac
  start=$(date +%s.%N)
  java -Xmx"$XMX" -jar "$JAR" import whatsapp "$EXPORT" --to "$TO" "$@" \
    --mapping "$WORK/mapping.csv" --owner "Daniel Reed" --zone Europe/London --catch-all compliance@example.com \
    --state "$WORK/$name-state" --folder "Bench $name" > "$WORK/$name.out" 2> "$WORK/$name.err"
  end=$(date +%s.%N)
  summary=$(tail -n 1 "$WORK/$name.out")
  elapsed=$(echo "$end - $start" | bc)
  items=$(echo "$summary" | sed -E 's/.*"items":([0-9]+).*/\1/')
  copies=$(echo "$summary" | sed -E 's/.*"copies":([0-9]+).*/\1/')
  logins=$(( $(grep -c introspect "$WORK/issuer.counts" || true) - before ))
  if grep -qF "$SECRET" "$WORK/$name.out" "$WORK/$name.err"; then echo "the client secret leaked into $name's output"; exit 1; fi
  printf '%-12s %s  %.1f s  %.0f items/s  %.0f APPENDs/s  XOAUTH2 logins %d\n' "$name" "$summary" "$elapsed" \
    "$(echo "$items / $elapsed" | bc -l)" "$(echo "$copies / $elapsed" | bc -l)" "$logins"
  printf '%s %s\n' "$(echo "$items / $elapsed" | bc -l)" "$(echo "$copies / $elapsed" | bc -l)" >> "$WORK/$mode.rates"
}

for round in $(seq "$ROUNDS"); do
  for mode in master password xoauth2; do run "$mode" "$round"; done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for mode in master password xoauth2; do
  printf 'median %-9s %.0f items/s  %.0f APPENDs/s  (%d rounds)\n' "$mode" \
    "$(cut -d' ' -f1 "$WORK/$mode.rates" | median)" "$(cut -d' ' -f2 "$WORK/$mode.rates" | median)" "$ROUNDS"
done
echo "tokens issued: $(grep -c token "$WORK/issuer.counts" || true), XOAUTH2 logins: $(grep -c introspect "$WORK/issuer.counts" || true)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
