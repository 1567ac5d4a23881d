#!/usr/bin/env bash
# Throughput, peak heap and resident memory of `import csv` on a generated delimited text file of ROWS rows, into the
# embedded Maildir store; first the reader alone and the heap that as many idempotency keys cost
# (bench/CsvReaderBench.java). Not a test: it prints figures.
#
#   bench/csv-1m-rows.sh [ROWS] [XMX] [FSYNC]       defaults: 1000000 rows, -Xmx256m, fsync true (the default)
#   SKIP_READER=1 bench/csv-1m-rows.sh ...          the import only
#
# Needs the fat jar (mvn -B -q package -DskipTests) and GNU awk. Works in bench/target/csv/ (outside git).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
XMX=${2:-256m}
FSYNC=${3:-true}
JAR=target/conduit.jar
WORK=bench/target/csv
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests"; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK/in"

# ---- the file: 1,000 conversations over SMS, Teams and Bloomberg; phones, emails and handles; one row in 20 has a
# quoted two-line body with a comma and doubled quotes; one row a second
FILE="$WORK/in/bench.csv"
awk -v n="$ROWS" 'BEGIN {
  split("SMS|Microsoft Teams|Bloomberg", platform, "|");
  split("Message|Chat Message|IB", type, "|");
  split("+44 7700 900001|daniel.reed@example.com|trader_dan", dan, "|");
  split("+44 7700 900002|sofia.marin@example.com|trader_sofia", sofia, "|");
  split("+44 7700 900789|ana.costa@client.example|ext_ana", ext, "|");
  print "conversation_id,platform,conversation_type,message_type,message_id,sender,recipients,timestamp,subject,body,attachment_path";
  t = mktime("2024 01 01 08 00 00");
  for (i = 0; i < n; i++) {
    p = i % 3 + 1; c = i % 1000;
    from = (i % 2 == 0) ? dan[p] : ext[p];
    to = (i % 2 == 0) ? ext[p] : dan[p];
    if (c % 4 == 0) { to = to ";" sofia[p]; kind = "group" } else { kind = "direct" }
    body = sprintf("message %d about the 2031 gilts, price %.2f", i, 98 + (i % 100) / 100);
    if (i % 20 == 0) body = "\"" body ",\nsecond line with \"\"quotes\"\"\"";
    else if (index(body, ",") > 0) body = "\"" body "\"";
    printf "conv-%d,%s,%s,%s,msg-%d,%s,%s,%s,,%s,\n", c, platform[p], kind, type[p], i, from, to,
      strftime("%Y-%m-%dT%H:%M:%SZ", t + i, 1), body;
  }
}' > "$FILE"
echo "file: $(wc -l < "$FILE") lines, $(du -h "$FILE" | cut -f1), $ROWS rows"

peak_heap() { grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -d'M' -f1 | sort -n | tail -1; }

# ---- the reader alone (no store), and the heap of the idempotency keys of as many items
mkdir -p "$WORK/reader"
[ -n "${SKIP_READER:-}" ] || java -Xmx"$XMX" -Xlog:gc:file="$WORK/reader/gc.log" -cp "$JAR" bench/CsvReaderBench.java "$FILE" "$WORK/reader" 2>/dev/null
[ -n "${SKIP_READER:-}" ] || echo "reader only: peak heap $(peak_heap "$WORK/reader/gc.log") MB (-Xmx$XMX, including the repository load)"

# ---- the whole import into Maildir
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$WORK/rss" \
  java -Xmx"$XMX" -Xlog:gc:file="$WORK/gc.log" -Dconduit.store.maildir.fsync="$FSYNC" -jar "$JAR" import csv "$FILE" \
    --mapping demo/mapping.csv --default-region GB --catch-all compliance@example.com \
    --to "maildir:$WORK/archive" --state "$WORK/state" > "$WORK/out" 2> "$WORK/err" || true
end=$(date +%s.%N)
summary=$(tail -n 1 "$WORK/out")
elapsed=$(echo "$end - $start" | bc)
items=$(echo "$summary" | sed -E 's/.*"items":([0-9]+).*/\1/')
printf 'csv %s  %.1f s  %.0f rows/s  peak heap %s MB (-Xmx%s)  max RSS %s MB  fsync %s\n' "$summary" "$elapsed" \
  "$(echo "$items / $elapsed" | bc -l)" "$(peak_heap "$WORK/gc.log")" "$XMX" "$(( $(cat "$WORK/rss") / 1024 ))" "$FSYNC"
echo "idempotency keys: in $WORK/state/state.db (SQLite), $(du -h "$WORK/state/state.db" | cut -f1)"
