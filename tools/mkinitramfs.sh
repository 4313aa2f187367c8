#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the initramfs of the rvkvm Linux guest:
#   tools/mkinitramfs.sh OUT.cpio.gz RDTIME MARKER UDPRR PERFCOUNT
#
# The archive (gzip-compressed newc cpio) holds /init (guests/linux/init), a
# static riscv64 busybox at /bin/busybox with symlinks for the applets /init
# uses, the kernel modules for virtio disks, entropy and ext4 in /lib/modules, /bin/rdtime (RDTIME, built by make from guests/linux/rdtime.S, for the
# boot benchmark's marker), /bin/insn-marker (MARKER, from guests/linux/marker.S: the disk
# benchmark's instruction-count marker), /bin/udp-rr (UDPRR, from tools/udp_rr/: the network
# benchmark's UDP round trips), /bin/perf-count (PERFCOUNT, from tools/perf_count/: cycles and
# instructions of a busy loop through perf_event_open, the PMU check's), busybox udhcpc's script, the folders /proc /sys /dev /tmp /root, and the nodes /dev/console and
# /dev/null. Needs no root and writes nothing but OUT and a staging folder
# next to it (removed on exit): the files go through `cpio -o -H newc`, the
# two device nodes are written as a second newc archive by hand (the kernel
# unpacks concatenated archives; `cpio -t` lists only the first). The init mounts devtmpfs on /dev anyway; the nodes are there so
# the kernel can open the console before init runs.
#
# Reproducible: owners 0:0, mtimes 0, sorted file list, inodes renumbered, no
# gzip name or time stamp: the same inputs give the same bytes (folder link
# counts come from the staging file system, so a btrfs host may differ).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}
busybox=$cache/riscv64/usr/bin/busybox
init=$top/guests/linux/init

# The busybox applets /init uses (tools/guest-applets.sh).
. "$top/tools/guest-applets.sh"

# The Debian kernel's virtio and ext4 drivers are modules; /init loads these (in this order)
# when the machine has virtio devices. Stored uncompressed: busybox insmod takes plain .ko files.
# virtio_net needs net_failover, which needs failover (their modinfo's depends=).
modules=(drivers/virtio/virtio_mmio drivers/block/virtio_blk drivers/char/hw_random/virtio-rng
	lib/crc16 crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4
	net/core/failover drivers/net/net_failover drivers/net/virtio_net)

if [ $# -ne 5 ]; then
	echo "usage: $0 OUT.cpio.gz RDTIME MARKER UDPRR PERFCOUNT" >&2
	exit 2
fi
out=$1
rdtime=$2
marker=$3
udp_rr=$4
perf_count=$5

if [ ! -f "$busybox" ]; then
	echo "mkinitramfs: no riscv64 busybox at $busybox (run make deps)" >&2
	exit 1
fi
if [ ! -f "$init" ]; then
	echo "mkinitramfs: no $init" >&2
	exit 1
fi
for prog in "$rdtime" "$marker" "$udp_rr" "$perf_count"; do
	if [ ! -f "$prog" ]; then
		echo "mkinitramfs: no $prog (make builds it)" >&2
		exit 1
	fi
done
for tool in cpio gzip xz; do
	if ! command -v $tool >/dev/null; then
		echo "mkinitramfs: $tool not found (run make deps)" >&2
		exit 1
	fi
done

mkdir -p "$(dirname "$out")"
stage=$(mktemp -d "$(dirname "$out")/.initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir "$root"

mkdir -m 755 "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/etc" "$root/etc/udhcpc"
mkdir -m 700 "$root/root"
mkdir -m 1777 "$root/tmp"
install -m 755 "$busybox" "$root/bin/busybox"
install -m 755 "$init" "$root/init"
install -m 644 "$top/guests/linux/io-steps" "$root/bin/io-steps"
install -m 644 "$top/guests/linux/net-steps" "$root/bin/net-steps"
install -m 755 "$top/guests/linux/udhcpc-script" "$root/etc/udhcpc/default.script"
install -m 755 "$rdtime" "$root/bin/rdtime"
install -m 755 "$marker" "$root/bin/insn-marker"
install -m 755 "$udp_rr" "$root/bin/udp-rr"
install -m 755 "$perf_count" "$root/bin/perf-count"
for a in "${applets[@]}"; do
	ln -s busybox "$root/bin/$a"
done
moddir=$(echo "$cache"/riscv64/usr/lib/modules/*/kernel)
mkdir -m 755 "$root/lib" "$root/lib/modules"
for m in "${modules[@]}"; do
	if [ ! -f "$moddir/$m.ko.xz" ]; then
		echo "mkinitramfs: no kernel module $moddir/$m.ko.xz (run make deps)" >&2
		exit 1
	fi
	xz -dc "$moddir/$m.ko.xz" >"$root/lib/modules/$(basename "$m").ko"
done
printf '%s\n' "${modules[@]##*/}" >"$root/lib/modules/load-order"

find "$root" -exec touch -h -d @0 {} +

# One newc entry without data: newc_entry INO MODE RDEVMAJOR RDEVMINOR NAME
newc_entry() {
	local name=$5
	local namesize=$((${#name} + 1))
	# ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$1" "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
	printf '%s\0' "$name"
	# header (110 bytes) + name, padded to a multiple of 4
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}

tmp=$out.tmp.$$
trap 'rm -rf "$stage" "$tmp"' EXIT
{
	(
		cd "$root"
		find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort |
			cpio -o -H newc --quiet --reproducible --owner=0:0
	)
	# Character devices: /dev/console (5,1) mode 600, /dev/null (1,3) mode 666.
	newc_entry 1048576 $((0020000 | 0600)) 5 1 dev/console
	newc_entry 1048577 $((0020000 | 0666)) 1 3 dev/null
	newc_entry 0 0 0 0 'TRAILER!!!'
} | gzip -n -9 >"$tmp"
mv -f "$tmp" "$out"
