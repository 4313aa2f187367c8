#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Linux guest's virtio devices on real files (./rvkvm run --disk, --rng), checked from the
# host: files a guest writes land in the image (debugfs, e2fsck), a second boot reads them back,
# a read-only disk refuses writes and stays byte-identical, two VMs each see only their own
# disk, /dev/hwrng gives bytes, and bad --disk options are usage errors. Prints "ok NAME" or
# "FAIL NAME (why)" per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
kernel=cache/riscv64/Image
initrd=build/initramfs.cpio.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Boots the guest with the io steps $1 and more ./rvkvm run options; the output goes to $tmp/$1.out.
boot() { # steps, options...
	local steps=$1
	shift
	./rvkvm run --timeout 300 --kernel "$kernel" --initrd "$initrd" --mem 256M \
		--append "console=ttyS0 rvkvm.io=$steps" "$@" </dev/null 2>&1 | tr -d '\r' >"$tmp/$steps.out"
	return "${PIPESTATUS[0]}"
}

# ok NAME if the boot of steps $1 passed its $2 checks and powered off, else FAIL with why.
judge() { # steps, checks, name
	local out=$tmp/$1.out
	if grep -q "io-checks: $2 passed, 0 failed" "$out" && grep -q "guest powered off (normal)" "$out"; then
		echo "ok $3"
	else
		echo "FAIL $3 ($(grep -E 'FAIL|rvkvm:' "$out" | tail -n 4 | tr '\n' ' '))"
	fi
}

hash_of() { # file
	sha256sum "$1" | cut -d' ' -f1
}

# 1. Writes on an ext4 disk reach the image file.
disk=$tmp/disk.img
tools/mkdisk.sh "$disk" 32M
boot write --disk "$disk"
judge write 1 disk-write
grep '^io-hash:' "$tmp/write.out" | sort >"$tmp/guest-hashes"
: >"$tmp/host-hashes"
for f in note random; do
	debugfs -R "dump /data/$f $tmp/$f" "$disk" >/dev/null 2>&1
	[ -f "$tmp/$f" ] && echo "io-hash: $f $(hash_of "$tmp/$f")" >>"$tmp/host-hashes"
done
sort -o "$tmp/host-hashes" "$tmp/host-hashes"
if [ "$(wc -l <"$tmp/guest-hashes")" -eq 2 ] && cmp -s "$tmp/guest-hashes" "$tmp/host-hashes"; then
	echo "ok disk-write-in-image"
else
	echo "FAIL disk-write-in-image (guest: $(tr '\n' ' ' <"$tmp/guest-hashes"); host: $(tr '\n' ' ' <"$tmp/host-hashes"))"
fi
if e2fsck -fn "$disk" >"$tmp/fsck" 2>&1; then
	echo "ok disk-fsck-clean"
else
	echo "FAIL disk-fsck-clean ($(tail -n 3 "$tmp/fsck" | tr '\n' ' '))"
fi

# 2. A second boot reads the same bytes back.
boot read --disk "$disk"
judge read 1 disk-read
grep '^io-hash:' "$tmp/read.out" | sort >"$tmp/read-hashes"
if [ -s "$tmp/read-hashes" ] && cmp -s "$tmp/read-hashes" "$tmp/guest-hashes"; then
	echo "ok disk-read-back"
else
	echo "FAIL disk-read-back (read: $(tr '\n' ' ' <"$tmp/read-hashes"))"
fi

# 3. A read-only disk: reads work, writes fail in the kernel and in the device, no byte changes.
before=$(hash_of "$disk")
boot ro --disk "$disk,ro"
judge ro 3 disk-read-only
head16=$(dd if="$disk" bs=4096 count=16 2>/dev/null | sha256sum | cut -d' ' -f1)
if grep -q "^io-hash: head $head16" "$tmp/ro.out" && [ "$(hash_of "$disk")" = "$before" ]; then
	echo "ok disk-read-only-unchanged"
else
	echo "FAIL disk-read-only-unchanged (guest read $(grep '^io-hash: head' "$tmp/ro.out"), host $head16; image $([ "$(hash_of "$disk")" = "$before" ] && echo same || echo CHANGED))"
fi

# 4. Two VMs, one disk each: each sees its own and nothing else; only the block it wrote changed.
for v in 0 1; do
	head -c $((1 << 20)) /dev/urandom >"$tmp/vm$v.img"
	printf 'disk-of-vm%u-....' "$v" | dd of="$tmp/vm$v.img" conv=notrunc 2>/dev/null
	cp "$tmp/vm$v.img" "$tmp/vm$v.orig"
done
./rvkvm run --timeout 300 --log-dir "$tmp/logs" \
	--vm --kernel "$kernel" --initrd "$initrd" --mem 256M --disk "$tmp/vm0.img" \
	--append "console=ttyS0 rvkvm.io=ident" \
	--vm --kernel "$kernel" --initrd "$initrd" --mem 256M --disk "$tmp/vm1.img" \
	--append "console=ttyS0 rvkvm.io=ident" </dev/null >"$tmp/two.out" 2>&1
two_rc=$?
for v in 0 1; do
	log=$tmp/logs/vm$v.log
	ident=$(tr -d '\r' <"$log" 2>/dev/null | sed -n 's/^io-ident: //p')
	disks=$(tr -d '\r' <"$log" 2>/dev/null | sed -n 's/^io-disks: //p')
	ack=$(dd if="$tmp/vm$v.img" bs=1 skip=4096 count=20 2>/dev/null)
	rest_same=1
	cmp -s <(head -c 4096 "$tmp/vm$v.img") <(head -c 4096 "$tmp/vm$v.orig") || rest_same=0
	cmp -s <(tail -c +8193 "$tmp/vm$v.img") <(tail -c +8193 "$tmp/vm$v.orig") || rest_same=0
	if [ "$two_rc" -eq 0 ] && [ "$ident" = "disk-of-vm$v-...." ] && [ "$disks" = 1 ] &&
		[ "$ack" = "ack:disk-of-vm$v-...." ] && [ "$rest_same" = 1 ]; then
		echo "ok two-vms-own-disk-vm$v"
	else
		echo "FAIL two-vms-own-disk-vm$v (status $two_rc, saw '$ident', $disks disk(s), block 1 '$ack', rest unchanged $rest_same)"
	fi
done

# 5. The entropy device.
boot rng --rng
judge rng 2 rng-hwrng

# 6. Bad --disk options: usage errors (status 2) that name the problem.
usage_error() { # name, text the message must hold, options...
	local name=$1 text=$2 rc
	shift 2
	./rvkvm run --kernel "$kernel" "$@" </dev/null >"$tmp/usage.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -q -- "$text" "$tmp/usage.out"; then
		echo "ok $name"
	else
		echo "FAIL $name (status $rc: $(tail -n 2 "$tmp/usage.out" | tr '\n' ' '))"
	fi
}
usage_error disk-twice "named twice" --disk "$disk" --disk "$disk"
usage_error disk-missing "is not a file" --disk "$tmp/none.img"
head -c 1000 /dev/zero >"$tmp/odd.img"
usage_error disk-partial-sector "512-byte sectors" --disk "$tmp/odd.img"
usage_error disk-bad-option "the only option" --disk "$disk,rw"
