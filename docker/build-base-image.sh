#!/usr/bin/env bash
# Builds a local Java 17 runtime base image for docker/Dockerfile without a registry: debootstrap a minimal Debian
# bookworm with openjdk-17-jre-headless into a folder and import it into podman as localhost/conduit-base:bookworm-jre17.
# Use it where no registry image (eclipse-temurin:17-jre, the Dockerfile's default) can be pulled:
#   docker/build-base-image.sh && podman build --isolation=chroot \
#       --build-arg BASE_IMAGE=localhost/conduit-base:bookworm-jre17 -f docker/Dockerfile -t conduit .
# Needs root, debootstrap and podman. MIRROR overrides the Debian mirror; WORK the scratch folder.
set -euo pipefail

IMAGE="${IMAGE:-localhost/conduit-base:bookworm-jre17}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WORK="${WORK:-$(mktemp -d /tmp/conduit-base.XXXXXX)}"

if podman image exists "$IMAGE"; then
    echo "base image $IMAGE already present"
    exit 0
fi
rootfs="$WORK/rootfs"
# ca-certificates: IMAPS truststore; tzdata: the zones connectors name; openjdk-17-jre-headless: the runtime
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,tzdata bookworm "$rootfs" "$MIRROR"
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
tar -C "$rootfs" --numeric-owner -c . | podman import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV LANG=C.UTF-8' - "$IMAGE"
rm -rf "$WORK"
echo "built base image $IMAGE"
