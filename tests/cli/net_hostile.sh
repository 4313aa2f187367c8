#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bad input to virtio-net and the virtual switch gets the spec's answer and hurts nobody: the
# hostile guest (guests/net_hostile) has two NICs on switch lan and sends runts, oversize and
# spoofed frames, headers whose offload fields lie (with CSUM and HOST_TSO4/6 negotiated), broken
# chains, broken receive buffers and floods, checking after each that a good frame eth0 -> eth1
# still arrives with nothing before it; a second VM on lan runs the same
# guest as a well-behaved peer that answers its pings before and after the abuse. Both VMs must
# power off normally and every check pass. Prints "ok NAME" or "FAIL NAME (why)" per check. With
# the argument rv32, the same on rv32 rvkvm (make rv32): the guest built for ilp32, the checks
# named rv32-NAME.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/arch.sh
cli_arch "${1:-rv64}"
guest=$B/guests/net_hostile.img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Agreed with guests/net_hostile/scenes.h (MAC_ETH0, MAC_ETH1, MAC_PEER).
mac_eth0=02:4e:48:00:00:10 mac_eth1=02:4e:48:00:00:11 mac_peer=02:4e:48:00:00:20
min_pass=166 min_peer_pass=9

"${run[@]}" --timeout 180 --log-dir "$tmp/logs" \
	--vm --name hostile --kernel "$guest" --mem 64M \
	--network "vm=lan,mac=$mac_eth0" --network "vm=lan,mac=$mac_eth1" \
	--vm --name peer --kernel "$guest" --mem 32M --append peer \
	--network "vm=lan,mac=$mac_peer" </dev/null >"$tmp/out" 2>&1
rc=$?
tr -d '\r' <"$tmp/logs/hostile.log" >"$tmp/hostile" 2>/dev/null
tr -d '\r' <"$tmp/logs/peer.log" >"$tmp/peer" 2>/dev/null
tr -d '\r' <"$tmp/out" >"$tmp/console"

if [ "$rc" -eq 0 ]; then
	echo "ok ${p}net-hostile-exit-status"
else
	echo "FAIL ${p}net-hostile-exit-status (status $rc: $(grep -hE '^FAIL|rvkvm:' "$tmp/hostile" "$tmp/peer" "$tmp/console" | tail -n 4 | tr '\n' ' '))"
fi

# The checks of one VM's guest: no FAIL line, at least $3 PASS lines.
checks() { # name, log, min
	local nfail npass
	nfail=$(grep -c '^FAIL' "$2")
	npass=$(grep -c '^PASS:' "$2")
	if [ "$nfail" -eq 0 ] && [ "$npass" -ge "$3" ]; then
		echo "ok $1 ($npass passed)"
	else
		echo "FAIL $1 ($npass passed, want $3; $nfail failed: $(grep -m 3 '^FAIL' "$2" | tr '\n' ' '))"
	fi
}
checks ${p}net-hostile-checks "$tmp/hostile" "$min_pass"
checks ${p}net-hostile-peer-checks "$tmp/peer" "$min_peer_pass"
# With CSUM and HOST_TSO4/6 negotiated: every lying header dropped, the good packets cut for eth1
# (3 + 4 frames of the two TSO packets, 1 completed checksum).
lies=$(grep -c '^PASS: .*: dropped, the buffer comes back used (len 0), no reset needed$' "$tmp/hostile")
cut=$(grep -c '^PASS: .*for eth1: frame [0-9]* at eth1 .*checksums and payload right$' "$tmp/hostile")
if grep -q '^PASS: eth0: CSUM, HOST_TSO4 and HOST_TSO6 negotiated' "$tmp/hostile" &&
	[ "$cut" -eq 8 ] && ! grep -q '^FAIL' "$tmp/hostile"; then
	echo "ok ${p}net-hostile-offloads (lying headers dropped, $cut frames completed or cut for eth1)"
else
	echo "FAIL ${p}net-hostile-offloads ($cut frames cut, $lies drops; $(grep -m 3 '^FAIL' "$tmp/hostile" | tr '\n' ' '))"
fi

# The peer took pings before and after the abuse: its traffic went on beside the hostile VM.
if grep -q '^PASS: peer: all 32 pings came' "$tmp/peer" &&
	grep -q '^PASS: before the abuse: the peer VM answers 16 of 16 pings' "$tmp/hostile" &&
	grep -q '^PASS: after the abuse: the peer VM answers 16 of 16 pings' "$tmp/hostile"; then
	echo "ok ${p}net-hostile-peer-traffic-goes-on"
else
	echo "FAIL ${p}net-hostile-peer-traffic-goes-on ($(grep -h 'pings' "$tmp/hostile" "$tmp/peer" | tr '\n' ' '))"
fi

if grep -q 'hostile: guest powered off (normal)' "$tmp/console" &&
	grep -q 'peer: guest powered off (normal)' "$tmp/console" &&
	grep -q 'all VMs ended, exit status 0' "$tmp/console"; then
	echo "ok ${p}net-hostile-both-vms-power-off"
else
	echo "FAIL ${p}net-hostile-both-vms-power-off ($(grep 'powered off\|stopped\|outcome' "$tmp/console" | tr '\n' ' '))"
fi

# The MACs rvkvm printed are the ones given, so the guests' agreed addresses are real.
if grep -q "hostile: eth0: MAC $mac_eth0 on switch 'lan'" "$tmp/console" &&
	grep -q "hostile: eth1: MAC $mac_eth1 on switch 'lan'" "$tmp/console" &&
	grep -q "peer: eth0: MAC $mac_peer on switch 'lan'" "$tmp/console"; then
	echo "ok ${p}net-hostile-macs"
else
	echo "FAIL ${p}net-hostile-macs ($(grep 'MAC' "$tmp/console" | tr '\n' ' '))"
fi
