#!/usr/bin/env bash
# Throughput and peak heap of `import whatsapp` on a generated export, into the embedded Maildir store and into a
# real Dovecot (a private instance on a loopback port, sdbox, fsync off, master user). Not a test: it prints figures.
#
#   bench/whatsapp-throughput.sh [MESSAGES] [XMX]        defaults: 100000 messages, -Xmx256m
#
# Needs: the fat jar (mvn -B -q package -DskipTests), dovecot-imapd, openssl. Works in bench/target/.
# Conduit runs through its launcher bin/conduit (its CDS archive made by an untimed one-message import first);
# LAUNCHER=java runs `java -jar target/conduit.jar` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-100000}
XMX=${2:-256m}
JAR=target/conduit.jar
WORK=bench/target
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK/in"

# ---- a generated export: 4 custodians and 2 external contacts in one group chat, one message a minute
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
echo "export: $(wc -l < "$EXPORT") lines, $(du -h "$EXPORT" | cut -f1), $MESSAGES messages"

cmd() { # JVM options...: sets CMD to the command line that runs Conduit with them (its arguments follow)
  if [ "${LAUNCHER:-bin/conduit}" = java ]; then
    CMD=(java "$@" -jar "$JAR")
  else
    CMD=(env CONDUIT_JAR="$JAR" CONDUIT_JAVA_OPTS="$*" bin/conduit)
  fi
}
head -n 1 "$EXPORT" > "$WORK/in/WhatsApp Chat - Warm.txt"
cmd -Xmx"$XMX"
"${CMD[@]}" import whatsapp "$WORK/in/WhatsApp Chat - Warm.txt" --zone UTC --catch-all compliance@example.com \
  --state "$WORK/warm-state" --to "maildir:$WORK/warm" > /dev/null 2>&1 || true  # untimed: makes the CDS archive
rm -rf "$WORK/warm-state" "$WORK/warm" "$WORK/in/WhatsApp Chat - Warm.txt"

# peak heap used: the largest heap-before-GC figure of the unified GC log, in MB
peak_heap() { grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -d'M' -f1 | sort -n | tail -1; }

run() { # name, extra import args...
  local name=$1; shift
  local start end
  cmd -Xmx"$XMX" -Xlog:gc:file="$WORK/$name.gc.log"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/$name.rss" \
    "${CMD[@]}" import whatsapp "$EXPORT" \
      --mapping "$WORK/mapping.csv" --owner "Daniel Reed" --zone Europe/London \
      --catch-all compliance@example.com --state "$WORK/$name-state" "$@" \
      > "$WORK/$name.out" 2> "$WORK/$name.err"
  end=$(date +%s.%N)
  local summary elapsed items
  summary=$(tail -n 1 "$WORK/$name.out")
  elapsed=$(echo "$end - $start" | bc)
  items=$(echo "$summary" | sed -E 's/.*"items":([0-9]+).*/\1/')
  printf '%-8s %s  %.1f s  %.0f items/s  peak heap %s MB (-Xmx%s)  max RSS %s MB\n' "$name" "$summary" "$elapsed" \
    "$(echo "$items / $elapsed" | bc -l)" "$(peak_heap "$WORK/$name.gc.log")" "$XMX" "$(( $(tail -n 1 "$WORK/$name.rss") / 1024 ))"
}

# ---- Maildir (the embedded default), fsync on as configured by default
run maildir --to "maildir:$WORK/archive"

# ---- Dovecot over plain IMAP on loopback with a master user
command -v dovecot >/dev/null || { echo "dovecot not installed: apt-get install dovecot-imapd"; exit 1; }
DV="$(pwd)/$WORK/dovecot"
mkdir -p "$DV/mail" && chmod 0755 "$DV" "$DV/mail"
USER_RUN=nobody GROUP_RUN=nogroup
[ "$(id -u)" = 0 ] || { USER_RUN=$(id -un); GROUP_RUN=$(id -gn); }
chown "$USER_RUN:$GROUP_RUN" "$DV/mail"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASS=bench-$RANDOM$RANDOM
printf 'archiver:{PLAIN}%s\n' "$PASS" > "$DV/masters"
for u in daniel.reed sofia.marin tom.okafor compliance; do printf '%s@example.com:{PLAIN}x\n' "$u"; done > "$DV/users"
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
auth_mechanisms = plain login
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
trap 'kill $DOVECOT_PID 2>/dev/null; wait $DOVECOT_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
printf '%s\n' "$PASS" > "$WORK/imap-password"
run dovecot --to "imap://127.0.0.1:$PORT?starttls=false" --imap-master-user archiver --imap-password-file "$WORK/imap-password"

# ---- conduit verify of every copy just archived: the ledgers re-read, each copy fetched back and re-hashed
verify() { # name, store args...
  local name=$1; shift
  local start end summary elapsed checked
  cmd -Xmx"$XMX" -Xlog:gc:file="$WORK/$name-verify.gc.log"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/$name-verify.rss" \
    "${CMD[@]}" verify --state "$WORK/$name-state" \
      --report "$WORK/$name-verify" "$@" > "$WORK/$name-verify.out" 2> "$WORK/$name-verify.err" || true
  end=$(date +%s.%N)
  summary=$(tail -n 1 "$WORK/$name-verify.out")
  elapsed=$(echo "$end - $start" | bc)
  checked=$(echo "$summary" | sed -E 's/.*"checked":([0-9]+).*/\1/')
  printf 'verify %-8s %s  %.1f s  %.0f copies/s  peak heap %s MB (-Xmx%s)  max RSS %s MB\n' "$name" "$summary" "$elapsed" \
    "$(echo "$checked / $elapsed" | bc -l)" "$(peak_heap "$WORK/$name-verify.gc.log")" "$XMX" \
    "$(( $(tail -n 1 "$WORK/$name-verify.rss") / 1024 ))"
}
verify maildir --to "maildir:$WORK/archive"
verify dovecot --to "imap://127.0.0.1:$PORT?starttls=false" --imap-master-user archiver --imap-password-file "$WORK/imap-password"
