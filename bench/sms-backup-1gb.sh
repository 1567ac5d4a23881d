#!/usr/bin/env bash
# Throughput, peak heap and peak RSS of `import sms` on a generated SMS Backup & Restore backup of about SIZE_MB
# (SMS and MMS interleaved, MMS with base64 media from 30 KB to 3 MB, and a few 20 MB parts), into the embedded
# Maildir store (fsync on, as by default). Not a test: it prints figures.
#
#   bench/sms-backup-1gb.sh [SIZE_MB] [XMX]        defaults: 1024 MB, -Xmx256m
#
# Needs: the fat jar (mvn -B -q package -DskipTests), python3, GNU time. Works in bench/target/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
XMX=${2:-256m}
JAR=target/conduit.jar
WORK=bench/target/sms
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"

# ---- a generated backup: one phone (+15550000001), 20 contacts; 50 SMS per MMS; media is random (incompressible)
BACKUP="$WORK/sms-bench.xml"
python3 - "$BACKUP" "$SIZE_MB" <<'PY'
import base64, os, random, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1024 * 1024
rnd = random.Random(42)
pool = [base64.b64encode(os.urandom(n)).decode() for n in (30_000, 100_000, 300_000, 1_000_000, 3_000_000)]
large = base64.b64encode(os.urandom(20_000_000)).decode()
contacts = ["+1555010%04d" % i for i in range(20)]
t = 1_700_000_000_000
n_sms = n_mms = 0
with open(path, "w", encoding="utf-8") as out:
    out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n")
    i = 0
    while out.tell() < target:
        i += 1
        t += 37_000
        who = contacts[i % len(contacts)]
        if i % 51:
            out.write('  <sms protocol="0" address="%s" date="%d" type="%d" subject="null" body="message %d about the '
                      '2031 gilts, price %.2f &amp; more" toa="null" sc_toa="null" service_center="null" read="1" '
                      'status="-1" locked="0" date_sent="0" readable_date="ignored" contact_name="Contact %d" />\n'
                      % (who, t, 1 + i % 2, i, 98 + (i % 100) / 100, i % 20))
            n_sms += 1
        else:
            n_mms += 1
            data = large if n_mms % 400 == 0 else pool[n_mms % len(pool)]
            box = 1 + n_mms % 2
            sender, to = (who, "+15550000001") if box == 1 else ("insert-address-token", who)
            out.write('  <mms date="%d" msg_box="%d" sub="null" address="%s" m_id="m%d@bench" text_only="0" '
                      'contact_name="Contact %d">\n    <parts>\n'
                      '      <part seq="0" ct="text/plain" name="null" chset="106" text="photo %d" />\n'
                      '      <part seq="1" ct="image/jpeg" name="null" chset="null" cl="img%d.jpg" text="null" data="'
                      % (t, box, who, n_mms, i % 20, n_mms, n_mms))
            out.write(data)
            out.write('" />\n    </parts>\n    <addrs>\n      <addr address="%s" type="137" charset="106" />\n'
                      '      <addr address="%s" type="151" charset="106" />\n    </addrs>\n  </mms>\n' % (sender, to))
    out.write("</smses>\n")
print("backup: %d SMS, %d MMS, %.0f MB" % (n_sms, n_mms, os.path.getsize(path) / 1048576))
PY
printf 'identifier,mailbox\n+15550000001,owner@example.com\n' > "$WORK/mapping.csv"

# peak heap used: the largest heap-before-GC figure of the unified GC log, in MB
peak_heap() { grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -d'M' -f1 | sort -n | tail -1; }
# largest heap still used after a GC (the live set), in MB
peak_live() { grep -oE '[0-9]+M->[0-9]+M' "$1" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1; }

start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$WORK/maildir.rss" \
  java -Xmx"$XMX" -Xlog:gc:file="$WORK/maildir.gc.log" -jar "$JAR" import sms "$BACKUP" \
    --mapping "$WORK/mapping.csv" --owner "+15550000001" --catch-all compliance@example.com \
    --state "$WORK/state" --to "maildir:$WORK/archive" > "$WORK/maildir.out" 2> "$WORK/maildir.err"
end=$(date +%s.%N)
summary=$(tail -n 1 "$WORK/maildir.out")
elapsed=$(echo "$end - $start" | bc)
items=$(echo "$summary" | sed -E 's/.*"items":([0-9]+).*/\1/')
mb=$(( $(stat -c %s "$BACKUP") / 1048576 ))
printf 'maildir  %s  %.1f s  %.0f items/s  %.1f MB/s  peak heap %s MB, after GC %s MB (-Xmx%s)  max RSS %s MB\n' \
  "$summary" "$elapsed" "$(echo "$items / $elapsed" | bc -l)" "$(echo "$mb / $elapsed" | bc -l)" \
  "$(peak_heap "$WORK/maildir.gc.log")" "$(peak_live "$WORK/maildir.gc.log")" "$XMX" \
  "$(( $(cat "$WORK/maildir.rss") / 1024 ))"
left=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'conduit-sms-*.part' 2>/dev/null | wc -l)
echo "temporary media files left: $left"
