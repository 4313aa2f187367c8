#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A Linux guest on QEMU's user network (./rvkvm run --network user,hostfwd=...), whose NIC rvkvm
# serves with its own driver of a host NIC (guests/linux/net-steps, role user, has the guest's
# part): the guest gets its address by DHCP from QEMU's server (10.0.2.15, router 10.0.2.2); 1 MiB
# of random bytes goes from here to the guest through a forwarded host port and comes back through
# another, and the sha256 must match on both ends, in the guest and here; then the host NIC's link
# goes down and up (QEMU's set_link through the monitor, RVKVM_QEMU_MONITOR) and eth0's carrier
# follows; the guest negotiated CSUM and TSO, which rvkvm did in software for the host NIC
# (--stats). Prints "ok NAME" or "FAIL NAME (why)" per check. $1: a folder to keep the run's logs in (default: removed).
set -u
cd "$(dirname "$0")/../.." || exit 1
kernel=cache/riscv64/Image
initrd=build/initramfs.cpio.gz
tmp=$(mktemp -d)
keep=${1:-$tmp/keep}
rm -rf "$keep"
mkdir -p "$keep"
run=""
trap '[ -z "$run" ] || kill "$run" 2>/dev/null; rm -rf "$tmp"' EXIT

# Two host ports, random (other runs may hold some), forwarded to the guest's 5001 and 5002.
to_guest=$((20000 + RANDOM % 20000))
from_guest=$((to_guest + 20000))
head -c 1048576 /dev/urandom >"$tmp/data"
sent=$(sha256sum <"$tmp/data" | cut -d' ' -f1)

monitor=$((from_guest + 1))
RVKVM_QEMU_MONITOR=$monitor ./rvkvm run --timeout 600 --kernel "$kernel" --initrd "$initrd" --mem 160M --stats \
	--network "user,hostfwd=tcp:127.0.0.1:$to_guest-:5001,hostfwd=tcp:127.0.0.1:$from_guest-:5002" \
	--append "console=ttyS0 rvkvm.net=user rvkvm.dhcp=eth0" </dev/null >"$keep/run.raw" 2>&1 &
run=$!

# Waits (at most 600 s, while the run goes on) for a line of the guest's that starts with $1 (in
# the output as it comes, lines ending in CR LF).
wait_line() { # prefix
	local n=0
	until grep -q "^$1" "$keep/run.raw"; do
		kill -0 "$run" 2>/dev/null || grep -q "^$1" "$keep/run.raw" || return 1
		[ $n -lt 6000 ] || return 1
		sleep 0.1
		n=$((n + 1))
	done
}
said() { # prefix: what follows it on the guest's first such line
	sed -n "s/^$1//p" "$keep/run.out" | head -n 1
}

# Into the guest: once its port listens, bash's /dev/tcp connects to the forwarded host port. A
# transfer that stalls ends after 300 s.
into=fail back=fail
if wait_line "net-user-listening 5001" &&
	timeout 300 bash -c 'cat "$1" >"/dev/tcp/127.0.0.1/$2"' - "$tmp/data" "$to_guest"; then
	into=sent
fi
# And back: what the guest received, from the other forwarded port.
if wait_line "net-user-listening 5002" &&
	timeout 300 bash -c 'cat <"/dev/tcp/127.0.0.1/$1"' - "$from_guest" >"$tmp/back"; then
	back=$(sha256sum <"$tmp/back" | cut -d' ' -f1)
fi
# The link: down once the guest waits for it, up once it saw it go.
# shellcheck source=/dev/null
source <(sed -n '/^hmp() {/,/^}/p' tests/cli/host_net.sh)
link=fail
if wait_line "net-user-link: up" && hmp "$monitor" "set_link rvkvm-v0-n0 off" &&
	wait_line "net-user-link: down" && hmp "$monitor" "set_link rvkvm-v0-n0 on"; then
	link=flipped
fi
wait "$run"
rc=$?
run=""
tr -d '\r' <"$keep/run.raw" >"$keep/run.out"
why() {
	echo "status $rc; $(grep -E '^(FAIL|net-checks|net-user|rvkvm-dhcp|rvkvm-init)|rvkvm: .*(outcome|timed out|stopped|host NIC)' "$keep/run.out" | tr '\n' ' ')"
}

lease=$(said "net-user-lease: ")
if grep -q '^PASS: net-user-lease' "$keep/run.out" && grep -q '^rvkvm-dhcp: eth0 10.0.2.15/24 router 10.0.2.2' "$keep/run.out"; then
	echo "ok user-net-dhcp $lease"
else
	echo "FAIL user-net-dhcp ($(why))"
fi

got=$(said "net-user-got: ")
if [ "$into" = sent ] && [ "$got" = "1048576 $sent" ]; then
	echo "ok user-net-hostfwd-into-guest 1 MiB, sha256 $sent on both ends"
else
	echo "FAIL user-net-hostfwd-into-guest (sent $sent: $into; the guest got '$got'; $(why))"
fi

if [ "$back" = "$sent" ]; then
	echo "ok user-net-hostfwd-from-guest 1 MiB back, sha256 $back"
else
	echo "FAIL user-net-hostfwd-from-guest (got back '$back' of $(wc -c <"$tmp/back" 2>/dev/null || echo 0) bytes, sent $sent; $(why))"
fi

if [ "$link" = flipped ] && grep -q '^PASS: net-user-link-down' "$keep/run.out" &&
	grep -q '^PASS: net-user-link-up' "$keep/run.out"; then
	echo "ok user-net-link-down-up eth0's carrier 0 after set_link off, 1 and a new lease after on"
else
	echo "FAIL user-net-link-down-up (monitor: $link; $(why))"
fi

# Offloads: QEMU's user network takes none, so the guest has CSUM and HOST_TSO4/6 (bits 0, 11,
# 12) and no GUEST_CSUM/GUEST_TSO4/6 (1, 7, 8); what it sent back rvkvm cut into frames and
# checksummed (--stats: the NIC's counters at the end).
feat=$(said "net-features: eth0 ")
offl=$(sed -n 's/^rvkvm: vm0: eth0: tx [0-9]* frames, \([0-9]*\) checksums completed, \([0-9]*\) packets segmented.*/\1 \2/p' "$keep/run.out")
if [ "${feat:0:1}${feat:11:1}${feat:12:1}" = 111 ] && [ "${feat:1:1}${feat:7:1}${feat:8:1}" = 000 ] &&
	[ "${offl%% *}" -gt 0 ] 2>/dev/null && [ "${offl##* }" -gt 0 ] 2>/dev/null; then
	echo "ok user-net-offloads CSUM and TSO negotiated; rvkvm completed ${offl%% *} checksums and segmented ${offl##* } packets for the host NIC"
else
	echo "FAIL user-net-offloads (features '$feat', checksums and segmented '$offl'; $(why))"
fi

if [ "$rc" -eq 0 ] && grep -q '^net-checks: 6 passed, 0 failed' "$keep/run.out" &&
	grep -q '^rvkvm: vm0: guest powered off (normal)' "$keep/run.out"; then
	echo "ok user-net-guest-checks $(said 'net-checks: ')"
else
	echo "FAIL user-net-guest-checks ($(why))"
fi
