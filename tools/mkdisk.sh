#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the root disk of make run's guest: tools/mkdisk.sh OUT [SIZE [TREE...]]
#
# A raw disk image (default 64M) holding an ext4 file system made with `mke2fs -d` from a tree
# of the riscv64 busybox with its applets, /init (guests/linux/init, which finds
# /etc/rvkvm-disk-root and so starts the shell instead of looking for a root again), the folders
# Linux needs and /root for the user's files. The initramfs loads the virtio and ext4 modules
# and switches to it (rvkvm.root=/dev/vda). Each TREE's files are copied over that (the perf
# disk: Debian's perf and its libraries, /bin/perf-count); a TREE with usr/lib gets /lib pointing
# there, as on Debian's merged /usr, where the dynamic loader is /lib/ld-linux-*. Writes nothing
# but OUT and a staging folder next to it (removed on exit); OUT is replaced only when the whole
# image was made.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}
busybox=$cache/riscv64/usr/bin/busybox

if [ $# -lt 1 ]; then
	echo "usage: $0 OUT [SIZE [TREE...]]" >&2
	exit 2
fi
out=$1
size=${2:-64M}
shift $(($# < 2 ? $# : 2))
[ -f "$busybox" ] || { echo "mkdisk: no riscv64 busybox at $busybox (run make deps)" >&2; exit 1; }
command -v mke2fs >/dev/null || { echo "mkdisk: mke2fs not found (run make deps)" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
stage=$(mktemp -d "$(dirname "$out")/.disk.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"/{bin,dev,etc,mnt,proc,sys,tmp,root}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
install -m 755 "$busybox" "$root/bin/busybox"
. "$top/tools/guest-applets.sh"
for a in "${applets[@]}"; do
	ln -s busybox "$root/bin/$a"
done
install -m 755 "$top/guests/linux/init" "$root/init"
install -m 644 "$top/guests/linux/io-steps" "$root/bin/io-steps"
install -D -m 755 "$top/guests/linux/udhcpc-script" "$root/etc/udhcpc/default.script"
echo "the root disk of rvkvm's make run guest (tools/mkdisk.sh)" >"$root/etc/rvkvm-disk-root"
echo "Files you make here stay on $(basename "$out") for the next make run." >"$root/root/README"
for tree in "$@"; do
	[ -d "$tree" ] || { echo "mkdisk: no folder $tree" >&2; exit 1; }
	cp -a "$tree/." "$root/"
	if [ -d "$tree/usr/lib" ] && [ ! -e "$root/lib" ]; then
		ln -s usr/lib "$root/lib"
	fi
done

# -E root_owner: files owned by root whoever builds it; the file system gets a fixed UUID.
mke2fs -q -F -t ext4 -L rvkvm-root -U 6b3a0d4e-7276-4b76-9d2d-000000000001 -E root_owner=0:0 \
	-d "$root" "$stage/disk.img" "$size" >/dev/null
mv -f "$stage/disk.img" "$out"
