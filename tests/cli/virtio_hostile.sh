#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bad input to the virtio disks gets the spec's answer and loses nothing: the hostile guest
# (guests/virtio_hostile) drives disk A (read-write) and disk B (read-only) as no driver would,
# beside a normal guest in a second VM; then the host checks both VMs powered off normally, the
# hostile guest's checks passed, and no byte of the image files changed outside disk A's scratch
# sectors. Prints "ok NAME" or "FAIL NAME (why)" per check. With the argument rv32, the same on
# rv32 rvkvm (make rv32): the guests built for ilp32, the checks named rv32-NAME.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/arch.sh
cli_arch "${1:-rv64}"
hostile=$B/guests/virtio_hostile.img
other=$B/guests/sbi_base.img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Agreed with guests/virtio_hostile/scenes.h: sector 0 holds the pattern; disk A's sectors
# 2048..2111 (4 KiB blocks 256..263) are the only ones a request may change.
pattern='rvkvm virtio hostile: sector 0'
scratch_first=256 scratch_blocks=8
min_pass=90
size_mib=4

for d in a b; do
	head -c $((size_mib << 20)) /dev/urandom >"$tmp/$d.img"
	yes "$pattern" | head -c 512 | dd of="$tmp/$d.img" conv=notrunc 2>/dev/null
done

# One line per 4 KiB block, "INDEX HASH", scratch blocks left out when $2 is "skip-scratch".
block_hashes() { # image, skip-scratch|all
	local n=$((size_mib << 8)) i
	for ((i = 0; i < n; i++)); do
		if [ "$2" = skip-scratch ] && ((i >= scratch_first && i < scratch_first + scratch_blocks)); then
			continue
		fi
		echo "$i $(dd if="$1" bs=4096 skip="$i" count=1 2>/dev/null | sha256sum | cut -d' ' -f1)"
	done
}
scratch_hash() { # image
	dd if="$1" bs=4096 skip="$scratch_first" count="$scratch_blocks" 2>/dev/null | sha256sum
}
block_hashes "$tmp/a.img" skip-scratch >"$tmp/a.before"
scratch_before=$(scratch_hash "$tmp/a.img")
cp "$tmp/b.img" "$tmp/b.orig"

"${run[@]}" --timeout 120 --log-dir "$tmp/logs" \
	--vm --kernel "$hostile" --mem 64M --disk "$tmp/a.img" --disk "$tmp/b.img,ro" \
	--vm --kernel "$other" --mem 32M </dev/null >"$tmp/out" 2>&1
rc=$?
log=$tmp/logs/vm0.log
tr -d '\r' <"$log" >"$tmp/vm0" 2>/dev/null
tr -d '\r' <"$tmp/logs/vm1.log" >"$tmp/vm1" 2>/dev/null
tr -d '\r' <"$tmp/out" >"$tmp/console"

why_run() {
	grep -E '^FAIL|rvkvm:' "$tmp/vm0" "$tmp/console" | tail -n 4 | tr '\n' ' '
}

if [ "$rc" -eq 0 ]; then
	echo "ok ${p}virtio-hostile-exit-status"
else
	echo "FAIL ${p}virtio-hostile-exit-status (status $rc: $(why_run))"
fi

nfail=$(grep -c '^FAIL' "$tmp/vm0")
npass=$(grep -c '^PASS:' "$tmp/vm0")
if [ "$nfail" -eq 0 ] && [ "$npass" -ge "$min_pass" ]; then
	echo "ok ${p}virtio-hostile-checks ($npass passed)"
else
	echo "FAIL ${p}virtio-hostile-checks ($npass passed, want $min_pass; $nfail failed: $(grep -m 3 '^FAIL' "$tmp/vm0" | tr '\n' ' '))"
fi

if grep -q 'vm0: guest powered off (normal)' "$tmp/console" &&
	grep -q 'vm1: guest powered off (normal)' "$tmp/console"; then
	echo "ok ${p}virtio-hostile-other-vm-goes-on"
else
	echo "FAIL ${p}virtio-hostile-other-vm-goes-on ($(grep 'powered off\|stopped' "$tmp/console" | tr '\n' ' '))"
fi

if cmp -s "$tmp/b.img" "$tmp/b.orig"; then
	echo "ok ${p}virtio-hostile-read-only-disk-unchanged"
else
	echo "FAIL ${p}virtio-hostile-read-only-disk-unchanged ($(cmp "$tmp/b.img" "$tmp/b.orig" | head -n 1))"
fi

block_hashes "$tmp/a.img" skip-scratch >"$tmp/a.after"
if cmp -s "$tmp/a.before" "$tmp/a.after"; then
	echo "ok ${p}virtio-hostile-disk-unchanged-outside-scratch"
else
	echo "FAIL ${p}virtio-hostile-disk-unchanged-outside-scratch (blocks $(diff "$tmp/a.before" "$tmp/a.after" | sed -n 's/^> \([0-9]*\) .*/\1/p' | head -n 8 | tr '\n' ' '))"
fi

# The guest's scratch writes did reach the file, so the comparisons above can see a write.
if [ "$(scratch_hash "$tmp/a.img")" != "$scratch_before" ]; then
	echo "ok ${p}virtio-hostile-scratch-written"
else
	echo "FAIL ${p}virtio-hostile-scratch-written (the scratch sectors are as the host wrote them)"
fi
