#!/usr/bin/env bash
# How close Conduit comes to what one Dovecot takes over IMAP (issue 14). Not a test: it prints figures.
#
#   bench/imap-ceiling.sh [MESSAGES]                 default 20000 messages (3 mapped custodians: 3 copies each)
#   bench/imap-ceiling.sh --scaling [N ...]          default 10000 100000 (add 1000000 for the million);
#                                                    STORES=maildir or STORES=imap for one store only
#
# Needs the fat jar (mvn -B -ntp -o -q package -DskipTests), dovecot-imapd, isync (mbsync), openssl, keytool.
# Works in bench/target/ceiling or bench/target/scaling (removed first).
#
# Ceiling mode: generates a WhatsApp group export (as bench/whatsapp-throughput.sh), imports it once into
# maildir:DIR and uses those very .eml files as the message set of every uploader. Starts one private Dovecot 2.3
# (sdbox, IMAPS on a loopback port, master user), wiped and restarted before every run, and runs, three rounds
# interleaved (round-robin over the uploaders), first with Dovecot's default mail_fsync (optimized), then with
# mail_fsync = never:
#   conduit-imap     conduit import whatsapp ... --to imaps://... (-Xmx256m, master user), wall clock end to end
#   conduit-start    conduit import of a 1-message export into Maildir: the JVM + Camel start-up, subtracted for
#                    the "net" rate of conduit-imap
#   mbsync           isync pushing a fresh hard-linked copy (cp -al) of the Maildir, default settings, wall clock
#   raw-1            bench/RawAppend.java: one APPEND in flight at a time over all mailboxes
#   raw-3            one connection per mailbox (3 threads), one APPEND at a time on each
#   raw-multi        MULTIAPPEND (RFC 3502) commands of 100 messages, one in flight at a time
#   raw-multi-3      MULTIAPPEND commands of 100, one connection per mailbox
#   conduit-maildir  conduit import ... --to maildir:DIR (fsync on, the default); Dovecot plays no part
#   conduit-maildir-b the same with the build in CONDUIT_JAR_B (paired with conduit-maildir, as conduit-imap-b is)
# The raw uploader times itself from its first login to its last tagged OK (messages read into memory before).
# Prints the medians in APPENDs/s (copies/s) and the ratios Conduit/mbsync and Conduit/raw-best.
#
# CONDUIT_JAR=FILE runs another build of Conduit; ROUNDS=N (default 3); CONDUIT_JAVA_OPTS are added to its java command.
# UPLOADERS="conduit-imap conduit-imap-b" and FSYNC_MODES=default run only those (conduit-imap-b: the build in
# CONDUIT_JAR_B, interleaved with conduit-imap for a paired comparison of two builds; ratios print when both sides ran;
# CONDUIT_JAVA_OPTS_B, when set, replaces CONDUIT_JAVA_OPTS for conduit-imap-b: the same build under other JVM options).
# Conduit runs through its launcher bin/conduit (CDS archive made by the untimed first run of each jar; see
# docs/operations.md); LAUNCHER=java runs `java -jar` instead, LAUNCHER_B the same for the b side only.
#
# Scaling mode: for each N, Conduit into Maildir (fsync on) and into Dovecot (default mail_fsync), -Xmx256m: items/s,
# peak heap (largest heap-before-GC of the GC log) and max RSS (/usr/bin/time -f %M).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=${CONDUIT_JAR:-$ROOT/target/conduit.jar}
XMX=256m
ROUNDS=${ROUNDS:-3}
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -ntp -o -q package -DskipTests"; exit 1; }
for tool in dovecot mbsync openssl keytool; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install dovecot-imapd isync openssl; a JDK)"; exit 1; }
done
SCALING=false
if [ "${1:-}" = --scaling ]; then SCALING=true; shift; fi
WORK=$ROOT/bench/target/ceiling
$SCALING && WORK=$ROOT/bench/target/scaling
rm -rf "$WORK" && mkdir -p "$WORK"
FOLDER="WhatsApp Archiver"
MAILBOXES="daniel.reed@example.com sofia.marin@example.com tom.okafor@example.com"

# ---- a generated export: 4 custodians and 2 external contacts in one group chat, one message a minute
gen_export() { # messages, file
  awk -v n="$1" 'BEGIN {
    split("Daniel Reed|Sofia Marin|Tom Okafor 📈|Priya Shah|+44 7700 900789|Ana Costa", who, "|");
    t = mktime("2024 01 01 08 00 00");
    for (i = 0; i < n; i++) {
      s = t + i * 60;
      printf "%s - %s: message %d about the 2031 gilts, price %.2f\n", strftime("%d/%m/%Y, %H:%M", s), who[i % 6 + 1], i, 98 + (i % 100) / 100;
      if (i % 10 == 0) print "second line of a multi-line message " i;
    }
  }' > "$2"
}
cat > "$WORK/mapping.csv" <<'CSV'
identifier,mailbox
Daniel Reed,daniel.reed@example.com
Sofia Marin,sofia.marin@example.com
Tom Okafor 📈,tom.okafor@example.com
CSV

# ---- one private Dovecot: IMAPS on loopback with a self-signed certificate, sdbox, master user "archiver"
DV=$WORK/dovecot
mkdir -p "$DV/mail" && chmod 0755 "$DV" "$DV/mail"
USER_RUN=nobody GROUP_RUN=nogroup
[ "$(id -u)" = 0 ] || { USER_RUN=$(id -un); GROUP_RUN=$(id -gn); }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASS=bench-$RANDOM$RANDOM
printf '%s\n' "$PASS" > "$WORK/imap-password"
printf 'archiver:{PLAIN}%s\n' "$PASS" > "$DV/masters"
for u in $MAILBOXES compliance@example.com; do printf '%s:{PLAIN}x-%s\n' "$u" "$RANDOM"; done > "$DV/users"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' -keyout "$DV/key.pem" -out "$DV/cert.pem" 2>/dev/null
TRUST=$WORK/trust.p12 TRUST_PW=changeit
keytool -importcert -noprompt -storetype PKCS12 -keystore "$TRUST" -storepass "$TRUST_PW" -alias dovecot \
  -file "$DV/cert.pem" >/dev/null 2>&1
write_conf() { # fsync line ("" for Dovecot's default)
  cat > "$DV/dovecot.conf" <<CONF
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = $USER_RUN
default_internal_group = $GROUP_RUN
default_login_user = $USER_RUN
ssl = required
ssl_cert = <$DV/cert.pem
ssl_key = <$DV/key.pem
auth_mechanisms = plain login
auth_failure_delay = 0
auth_master_user_separator = *
mail_location = sdbox:$DV/mail/%u
$1
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
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $PORT
    ssl = yes
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
}
DOVECOT_PID=
dovecot_stop() {
  if [ -n "$DOVECOT_PID" ]; then kill "$DOVECOT_PID" 2>/dev/null || true; wait "$DOVECOT_PID" 2>/dev/null || true; fi
  DOVECOT_PID=
}
trap dovecot_stop EXIT
dovecot_fresh() { # restart on an empty mail folder
  dovecot_stop
  rm -rf "$DV/mail" && mkdir -p "$DV/mail" && chmod 0755 "$DV/mail" && chown "$USER_RUN:$GROUP_RUN" "$DV/mail"
  dovecot -F -c "$DV/dovecot.conf" >> "$DV/stdout.log" 2>&1 & DOVECOT_PID=$!
  for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0; sleep 0.05; done
  echo "Dovecot did not start:"; tail "$DV/dovecot.log" "$DV/stdout.log"; exit 1
}
stored() { # messages in FOLDER over the custodian mailboxes
  local n=0 m
  for u in $MAILBOXES; do
    m=$(doveadm -c "$DV/dovecot.conf" -f flow mailbox status -u "$u" messages "$FOLDER" 2>/dev/null | sed -E 's/.*messages=([0-9]+).*/\1/')
    n=$((n + ${m:-0}))
  done
  echo $n
}
now() { date +%s.%N; }
peak_heap() { grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -d'M' -f1 | sort -n | tail -1; }

conduit() { # name, export, store args... ; writes $WORK/runs/NAME.{out,err,gc.log,rss}
  local name=$1 export=$2; shift 2
  rm -rf "$WORK/runs/$name-state" "$WORK/runs/$name".gc.log*
  local opts="-Xmx$XMX -Xlog:gc:file=$WORK/runs/$name.gc.log ${USE_JAVA_OPTS-${CONDUIT_JAVA_OPTS:-}}" cmd
  if [ "${USE_LAUNCHER:-${LAUNCHER:-bin/conduit}}" = java ]; then
    # shellcheck disable=SC2206 # JVM options split at spaces
    cmd=(java $opts -jar "${USE_JAR:-$JAR}")
  else
    cmd=(env CONDUIT_JAR="${USE_JAR:-$JAR}" CONDUIT_JAVA_OPTS="$opts" "$ROOT/bin/conduit")
  fi
  /usr/bin/time -f '%M' -o "$WORK/runs/$name.rss" \
    "${cmd[@]}" import whatsapp "$export" \
      --mapping "$WORK/mapping.csv" --owner "Daniel Reed" --zone Europe/London \
      --catch-all compliance@example.com --state "$WORK/runs/$name-state" "$@" \
      > "$WORK/runs/$name.out" 2> "$WORK/runs/$name.err" \
    || { echo "conduit $name failed:"; tail -5 "$WORK/runs/$name.err"; exit 1; }
}
IMAP_ARGS=(--to "imaps://127.0.0.1:$PORT" --imap-master-user archiver --imap-password-file "$WORK/imap-password"
           --truststore "$TRUST" --truststore-password "$TRUST_PW")
mkdir -p "$WORK/runs"

if $SCALING; then
  SIZES=${*:-10000 100000}
  mkdir -p "$WORK/in1" && gen_export 1 "$WORK/in1/WhatsApp Chat - Bench Desk.txt"
  conduit warm "$WORK/in1/WhatsApp Chat - Bench Desk.txt" --to "maildir:$WORK/runs/md-warm"  # makes the CDS archive
  write_conf ""
  printf '%-10s %-8s %10s %10s %12s %12s %10s\n' items store seconds items/s copies/s "peak heap" "max RSS"
  for n in $SIZES; do
    EXPORT="$WORK/in-$n/WhatsApp Chat - Bench Desk.txt"
    mkdir -p "$(dirname "$EXPORT")" && gen_export "$n" "$EXPORT"
    for store in ${STORES:-maildir imap}; do
      if [ $store = imap ]; then dovecot_fresh; args=("${IMAP_ARGS[@]}"); else args=(--to "maildir:$WORK/runs/md-$n"); fi
      t0=$(now); conduit "scale-$store-$n" "$EXPORT" "${args[@]}"; t1=$(now)
      [ $store = imap ] && dovecot_stop
      rm -rf "$WORK/runs/md-$n"
      summary=$(tail -n 1 "$WORK/runs/scale-$store-$n.out")
      items=$(echo "$summary" | sed -E 's/.*"archived":([0-9]+).*/\1/')
      copies=$(echo "$summary" | sed -E 's/.*"copies":([0-9]+).*/\1/')
      printf '%-10s %-8s %10.1f %10.0f %12.0f %9s MB %7s MB\n' "$n" $store "$(echo "$t1 - $t0" | bc)" \
        "$(echo "$items / ($t1 - $t0)" | bc -l)" "$(echo "$copies / ($t1 - $t0)" | bc -l)" \
        "$(peak_heap "$WORK/runs/scale-$store-$n.gc.log")" "$(( $(cat "$WORK/runs/scale-$store-$n.rss") / 1024 ))"
    done
  done
  echo "load: $(uptime)"
  exit 0
fi

MESSAGES=${1:-20000}
EXPORT="$WORK/in/WhatsApp Chat - Bench Desk.txt"
mkdir -p "$WORK/in" "$WORK/in1" && gen_export "$MESSAGES" "$EXPORT"
gen_export 1 "$WORK/in1/WhatsApp Chat - Bench Desk.txt"
# ---- the message set: Conduit's own Maildir output
conduit prepare "$EXPORT" --to "maildir:$WORK/messages"
COPIES=$(find "$WORK/messages" -path '*/new/*' -not -path '*/.Conduit Evidence/*' -type f | wc -l)  # the evidence manifest apart
echo "export: $MESSAGES messages; message set: $COPIES copies, $(du -sh "$WORK/messages" | cut -f1) in $WORK/messages"

# ---- mbsync: one far (IMAP) and one near (Maildir++) store and a push channel per custodian
{
  for u in $MAILBOXES; do
    c=${u%%@*}
    cat <<RC
IMAPStore $c-far
Host 127.0.0.1
Port $PORT
User $u*archiver
PassCmd "cat $WORK/imap-password"
SSLType IMAPS
CertificateFile $DV/cert.pem

MaildirStore $c-near
Inbox $WORK/mbsync-copy/$u/
SubFolders Maildir++

Channel $c
Far :$c-far:
Near :$c-near:
Patterns "$FOLDER"
Sync Push
Create Far
Expunge None
SyncState *

RC
  done
} > "$WORK/mbsyncrc"

RESULTS=$WORK/results.tsv
: > "$RESULTS"
record() { # fsync, uploader, rate
  printf '%s\t%s\t%.1f\n' "$1" "$2" "$3" >> "$RESULTS"
  printf '  %-8s %-16s %9.1f /s\n' "$1" "$2" "$3"
}
check() { # fsync, uploader: every copy stored
  local n; n=$(stored)
  [ "$n" = "$COPIES" ] || echo "  WARNING: $2 ($1) left $n of $COPIES copies in Dovecot"
}
RAW=(java -Xmx1g -Djavax.net.ssl.trustStore="$TRUST" -Djavax.net.ssl.trustStorePassword="$TRUST_PW"
     -cp "$JAR" "$ROOT/bench/RawAppend.java")
UPLOADERS=${UPLOADERS:-conduit-imap conduit-start mbsync raw-1 raw-3 raw-multi raw-multi-3 conduit-maildir}
case " $UPLOADERS " in *" conduit-imap-b "* | *" conduit-maildir-b "*)
  [ -f "${CONDUIT_JAR_B:-}" ] || { echo "conduit-imap-b and conduit-maildir-b need CONDUIT_JAR_B=FILE"; exit 1; }
  USE_JAR=$CONDUIT_JAR_B USE_LAUNCHER=${LAUNCHER_B:-} conduit prepare-b "$WORK/in1/WhatsApp Chat - Bench Desk.txt" \
    --to "maildir:$WORK/runs/md-prepare-b" ;;  # untimed: makes the b build's CDS archive
esac
for fsync in ${FSYNC_MODES:-default never}; do
  if [ $fsync = default ]; then write_conf ""; else write_conf "mail_fsync = never"; fi
  for round in $(seq "$ROUNDS"); do
    echo "mail_fsync $fsync, round $round ($(uptime | sed 's/.*load/load/'))"
    for up in $UPLOADERS; do
      case $up in
        conduit-imap)
          dovecot_fresh; t0=$(now); conduit imap "$EXPORT" "${IMAP_ARGS[@]}"; t1=$(now)
          secs=$(echo "$t1 - $t0" | bc); echo "$secs" > "$WORK/runs/imap.secs"
          record $fsync $up "$(echo "$COPIES / $secs" | bc -l)"; check $fsync $up ;;
        conduit-imap-b)
          dovecot_fresh; t0=$(now); USE_JAR=$CONDUIT_JAR_B USE_LAUNCHER=${LAUNCHER_B:-} \
            USE_JAVA_OPTS=${CONDUIT_JAVA_OPTS_B-${CONDUIT_JAVA_OPTS:-}} conduit imap-b "$EXPORT" "${IMAP_ARGS[@]}"; t1=$(now)
          record $fsync $up "$(echo "$COPIES / ($t1 - $t0)" | bc -l)"; check $fsync $up ;;
        conduit-start)
          t0=$(now); conduit start "$WORK/in1/WhatsApp Chat - Bench Desk.txt" --to "maildir:$WORK/runs/md-start"; t1=$(now)
          rm -rf "$WORK/runs/md-start"
          start=$(echo "$t1 - $t0" | bc)
          printf '%s\t%s\t%.3f\n' $fsync start-seconds "$start" >> "$RESULTS"
          record $fsync conduit-imap-net "$(echo "$COPIES / ($(cat "$WORK/runs/imap.secs") - $start)" | bc -l)" ;;
        mbsync)
          dovecot_fresh; rm -rf "$WORK/mbsync-copy"; cp -al "$WORK/messages" "$WORK/mbsync-copy"
          t0=$(now); mbsync -q -c "$WORK/mbsyncrc" -a > "$WORK/runs/mbsync.out" 2>&1 \
            || { echo "mbsync failed:"; tail -5 "$WORK/runs/mbsync.out"; exit 1; }; t1=$(now)
          record $fsync $up "$(echo "$COPIES / ($t1 - $t0)" | bc -l)"; check $fsync $up ;;
        raw-*)
          mode=serial
          case $up in raw-3) mode=parallel ;; raw-multi) mode=multi ;; raw-multi-3) mode=multi-parallel ;; esac
          dovecot_fresh
          out=$("${RAW[@]}" $mode 127.0.0.1 "$PORT" "$WORK/messages" "$FOLDER" archiver "$WORK/imap-password" 100 2>&1) \
            || { echo "RawAppend $mode failed: $out"; exit 1; }
          record $fsync $up "$(echo "$out" | tail -1 | sed -E 's/.*rate=([0-9.]+).*/\1/')"; check $fsync $up ;;
        conduit-maildir)
          dovecot_stop; rm -rf "$WORK/runs/md"; sync  # the last run's deletions written before the clock starts
          t0=$(now); conduit maildir "$EXPORT" --to "maildir:$WORK/runs/md"; t1=$(now)
          rm -rf "$WORK/runs/md"
          record $fsync $up "$(echo "$COPIES / ($t1 - $t0)" | bc -l)" ;;
        conduit-maildir-b)
          dovecot_stop; rm -rf "$WORK/runs/md-b"; sync
          t0=$(now); USE_JAR=$CONDUIT_JAR_B USE_LAUNCHER=${LAUNCHER_B:-} \
            USE_JAVA_OPTS=${CONDUIT_JAVA_OPTS_B-${CONDUIT_JAVA_OPTS:-}} conduit maildir-b "$EXPORT" --to "maildir:$WORK/runs/md-b"; t1=$(now)
          rm -rf "$WORK/runs/md-b"
          record $fsync $up "$(echo "$COPIES / ($t1 - $t0)" | bc -l)" ;;
      esac
    done
  done
done
dovecot_stop

# ---- medians and ratios
echo
echo "$MESSAGES messages, $COPIES copies, $ROUNDS interleaved rounds, medians in APPENDs/s (copies/s); load: $(uptime | sed 's/.*load/load/')"
awk -F'\t' '
  { v[$1 "|" $2] = v[$1 "|" $2] " " $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  function median(s,   a, k, i, j, t) {
    k = split(s, a, " ");
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2;
  }
  END {
    printf "%-18s %16s %16s\n", "uploader", "mail_fsync default", "mail_fsync never";
    for (i = 1; i <= n; i++) {
      u = order[i];
      for (f = 1; f <= 2; f++) { fs = f == 1 ? "default" : "never"; m[fs, u] = median(v[fs "|" u]) }
      printf "%-18s %16.1f %16.1f\n", u, m["default", u], m["never", u];
    }
    for (f = 1; f <= 2; f++) {
      fs = f == 1 ? "default" : "never"; best = 0;
      if (m[fs, "conduit-imap"] > 0 && m[fs, "conduit-imap-b"] > 0)
        printf "mail_fsync %-7s conduit-imap / conduit-imap-b %.2f\n", fs, m[fs, "conduit-imap"] / m[fs, "conduit-imap-b"];
      if (m[fs, "conduit-maildir"] > 0 && m[fs, "conduit-maildir-b"] > 0)
        printf "conduit-maildir / conduit-maildir-b %.2f (round by round:%s against%s)\n", m[fs, "conduit-maildir"] / m[fs, "conduit-maildir-b"], v[fs "|conduit-maildir"], v[fs "|conduit-maildir-b"];
      for (i = 1; i <= n; i++) if (order[i] ~ /^raw-/ && m[fs, order[i]] > best) { best = m[fs, order[i]]; bu = order[i] }
      if (best == 0 || m[fs, "mbsync"] == 0 || m[fs, "conduit-imap-net"] == 0) continue;
      printf "mail_fsync %-7s Conduit/mbsync %.2f (net of start-up %.2f); Conduit/raw-best (%s) %.2f (net %.2f)\n", fs,
        m[fs, "conduit-imap"] / m[fs, "mbsync"], m[fs, "conduit-imap-net"] / m[fs, "mbsync"], bu,
        m[fs, "conduit-imap"] / best, m[fs, "conduit-imap-net"] / best;
    }
  }' "$RESULTS"
