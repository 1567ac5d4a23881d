#!/usr/bin/env bash
# Proves docker/Dockerfile on a machine without a Docker engine (run by .ci/run, as root, after `mvn package`):
#  1. lints it (dockerfile-utils from npm; any finding fails),
#  2. builds it with `podman build --isolation=chroot --format docker` (OCI images drop HEALTHCHECK) on the local base image of docker/build-base-image.sh,
#  3. checks the image's configuration (non-root user, volume, management port, HEALTHCHECK),
#  4. runs the image's entrypoint (bin/conduit) on the image's demo input by chroot into a mounted container of it
#     (podman run needs a runtime this sandbox blocks), with -Xshare:on so that it fails unless the class-data archive
#     made at build time maps: `--once` must archive 21 items (as many Maildir files as the summary's copies) and a
#     second run find 21 duplicates,
#  5. starts the scheduled mode in the image and runs the HEALTHCHECK command until it passes (readiness HTTP 200).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE="${BASE:-localhost/conduit-base:bookworm-jre17}"
IMAGE="${IMAGE:-localhost/conduit:test}"
DOCKERFILE_UTILS="dockerfile-utils@0.16.3"

fail() { echo "docker/test-image.sh: FAILED: $*" >&2; exit 1; }

echo "== lint docker/Dockerfile ($DOCKERFILE_UTILS)"
findings=$(npm exec --yes --package="$DOCKERFILE_UTILS" -- dockerfile-utils lint docker/Dockerfile 2>/dev/null)
[ -z "$findings" ] || fail "lint findings:
$findings"

echo "== base image"
docker/build-base-image.sh

echo "== podman build --isolation=chroot"
[ -f target/conduit.jar ] || fail "target/conduit.jar missing: run mvn package first"
podman build --isolation=chroot --format docker --build-arg BASE_IMAGE="$BASE" -f docker/Dockerfile -t "$IMAGE" . >/tmp/conduit-image-build.log 2>&1 \
    || { tail -30 /tmp/conduit-image-build.log; fail "podman build"; }

echo "== image configuration"
config=$(podman image inspect --format '{{.Config.User}}|{{json .Config.Volumes}}|{{json .Config.ExposedPorts}}|{{json .Config.Healthcheck}}' "$IMAGE" 2>/dev/null \
    || podman image inspect --format '{{.User}}|{{json .Config.Volumes}}|{{json .Config.ExposedPorts}}|{{json .HealthCheck}}' "$IMAGE")
echo "$config"
case "$config" in conduit:conduit\|*) ;; *) fail "image does not run as the conduit user: $config";; esac
echo "$config" | grep -q '/var/lib/conduit' || fail "no /var/lib/conduit volume"
echo "$config" | grep -q '9876' || fail "management port 9876 not exposed"
echo "$config" | grep -q 'health' || fail "no HEALTHCHECK running 'conduit health'"

echo "== run the image's entrypoint on its demo input (chroot into a mounted container, -Xshare:on)"
ctr=$(podman create "$IMAGE")
mnt=$(podman mount "$ctr")
cleanup() {
    umount "$mnt/proc" 2>/dev/null || true
    podman umount "$ctr" >/dev/null 2>&1 || true
    podman rm -f "$ctr" >/dev/null 2>&1 || true
}
trap cleanup EXIT
mount -t proc proc "$mnt/proc"
# the image's environment, as a container runtime would set it
mapfile -t envs < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
run_once() {
    chroot --userspec=10001:10001 "$mnt" /usr/bin/env -i "${envs[@]}" HOME=/nonexistent \
        CONDUIT_JAVA_OPTS=-Xshare:on /bin/sh -c 'cd /opt/conduit && exec /opt/conduit/bin/conduit --once' \
        2>/tmp/conduit-image-run.err
}
first=$(run_once | tail -1) || { cat /tmp/conduit-image-run.err; fail "--once in the image exited non-zero"; }
echo "first run:  $first"
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }
[ "$(field "$first" items)" = 21 ] && [ "$(field "$first" archived)" = 21 ] && [ "$(field "$first" quarantined)" = 0 ] \
    && [ "$(field "$first" unread)" = 0 ] || fail "unexpected first summary"
copies=$(find "$mnt/var/lib/conduit/archive" -path '*/new/*' -not -path '*/.Conduit Evidence/*' -type f | wc -l)
[ "$copies" -eq "$(field "$first" copies)" ] || fail "the summary says $(field "$first" copies) copies, the volume holds $copies"
owner=$(stat -c %u "$mnt/var/lib/conduit/state")
[ "$owner" = 10001 ] || fail "state folder owned by uid $owner, not conduit"
second=$(run_once | tail -1) || { cat /tmp/conduit-image-run.err; fail "second --once exited non-zero"; }
echo "second run: $second"
[ "$(field "$second" duplicates)" = 21 ] && [ "$(field "$second" copies)" = 0 ] || fail "unexpected second summary"

echo "== the HEALTHCHECK: scheduled mode in the image, then the image's own health command"
chroot --userspec=10001:10001 "$mnt" /usr/bin/env -i "${envs[@]}" HOME=/nonexistent \
    /bin/sh -c 'cd /opt/conduit && exec /opt/conduit/bin/conduit' >/tmp/conduit-image-serve.log 2>&1 &
serving=$!
healthy=""
for _ in $(seq 60); do
    if chroot --userspec=10001:10001 "$mnt" /usr/bin/env -i "${envs[@]}" HOME=/nonexistent \
        java -XX:TieredStopAtLevel=1 -jar /opt/conduit/conduit.jar health >/tmp/conduit-image-health.log 2>&1; then
        healthy=yes
        break
    fi
    kill -0 "$serving" 2>/dev/null || break
    sleep 2
done
kill "$serving" 2>/dev/null || true
wait "$serving" 2>/dev/null || true
[ -n "$healthy" ] || { tail -20 /tmp/conduit-image-serve.log; cat /tmp/conduit-image-health.log; fail "HEALTHCHECK never passed"; }
echo "health: $(grep -o 'HTTP 200.*' /tmp/conduit-image-health.log | cut -c1-160)"
grep -q 'camel.management.host = 0.0.0.0' /tmp/conduit-image-serve.log || fail "the management server does not listen on all interfaces"
echo "docker/test-image.sh: OK (lint clean, image built, runs as conduit, class-data archive mapped, demo archived into the volume: $copies copies, HEALTHCHECK passes)"
