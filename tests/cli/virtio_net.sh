#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Linux guests on rvkvm's virtual switches (./rvkvm run --network vm=SWITCH), in one run of four
# VMs (guests/linux/net-steps has each one's part):
#   a, b   on switch lan: each serves 1 MiB of random bytes over TCP (busybox nc) and fetches the
#          other's; the sha256 must match on both ends, in the guest and here;
#   c      on lan too (eth0), and on switch other (eth1, a MAC given with mac=): its eth0
#          rx_bytes may grow by less than 64 KiB (1/32 of the 2 MiB moved) while a and b move
#          their files, since unicast between two others never reaches it; it must grow at all;
#   d      on switch other only: once a and b wait for the end, it reaches neither of them (no
#          ping answer, no ARP entry), but does reach c's eth1 on its own switch.
# The MACs the guests see are the ones rvkvm printed (derived from the VM's name and NIC number,
# or given). Then bad --network options are usage errors, and a MAC that is on a switch twice
# (given for one NIC, derived for another) stops the run before any VM starts. a and b negotiate
# checksum and TSO offloads both ways, so their TCP goes as whole GSO packets (--stats). Prints "ok NAME"
# or "FAIL NAME (why)" per check. $1: a folder to keep the run's logs in (default: removed).
set -u
cd "$(dirname "$0")/../.." || exit 1
kernel=cache/riscv64/Image
initrd=build/initramfs.cpio.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keep=${1:-$tmp/keep}
rm -rf "$keep"
mkdir -p "$keep"

args=()
vm() { # name, role, addresses, peers, hub, --network options...
	local name=$1 role=$2 addr=$3 peer=$4 hub=$5
	shift 5
	args+=(--vm --name "$name" --kernel "$kernel" --initrd "$initrd" --mem 160M "$@" --append
		"console=ttyS0 rvkvm.net=$role rvkvm.addr=$addr rvkvm.peer=$peer rvkvm.hub=$hub")
}
vm a xfer eth0=10.0.0.1/24 10.0.0.2 10.0.0.3 --network vm=lan --stats
vm b xfer eth0=10.0.0.2/24 10.0.0.1 10.0.0.3 --network vm=lan --stats
vm c watch eth0=10.0.0.3/24,eth1=10.0.1.3/24 10.0.0.1,10.0.0.2 10.0.1.4 --network vm=lan \
	--network vm=other,mac=02:00:00:00:00:C1
vm d isolated eth0=10.0.0.4/24,eth0=10.0.1.4/24 10.0.0.1,10.0.0.2 10.0.1.3 --network vm=other
./rvkvm run --timeout 600 --log-dir "$keep" "${args[@]}" </dev/null 2>&1 | tr -d '\r' >"$keep/run.out"
rc=${PIPESTATUS[0]}

# What VM $1 printed after "$2: " (the first such line).
said() { # vm, prefix
	tr -d '\r' <"$keep/$1.log" 2>/dev/null | sed -n "s/^$2: //p" | head -n 1
}
checks_ok() { # vm, number of checks
	grep -q "net-checks: $2 passed, 0 failed" "$keep/$1.log" 2>/dev/null
}
why() { # vm
	echo "status $rc; $1: $(grep -hE '^FAIL|net-checks|net-watch' "$keep/$1.log" 2>/dev/null | tr '\n' ' ')$(grep -E 'rvkvm: .*(outcome|timed out|stopped)' "$keep/run.out" | tr '\n' ' ')"
}

for pair in a:b b:a; do
	me=${pair%:*} peer=${pair#*:}
	got=$(said "$me" net-got) sent=$(said "$peer" net-sent)
	if [ "$rc" -eq 0 ] && checks_ok "$me" 3 && [ ${#got} -eq 64 ] && [ "$got" = "$sent" ]; then
		echo "ok net-transfer-$peer-to-$me 1 MiB over TCP, sha256 $got on both ends"
	else
		echo "FAIL net-transfer-$peer-to-$me ($me got '$got', $peer sent '$sent'; $(why "$me"))"
	fi
done

if [ "$rc" -eq 0 ] && checks_ok c 3 && grep -q '^PASS: net-third-sees-no-unicast' "$keep/c.log"; then
	echo "ok net-third-vm-no-unicast $(said c net-watch)"
else
	echo "FAIL net-third-vm-no-unicast ($(why c))"
fi

if [ "$rc" -eq 0 ] && checks_ok d 4 && [ "$(grep -c '^PASS: net-isolated-' "$keep/d.log")" -eq 2 ]; then
	echo "ok net-other-switch-isolated no ping or ARP answer from a or b; c's eth1 answers"
else
	echo "FAIL net-other-switch-isolated ($(why d))"
fi

# The guests' MACs are rvkvm's: derived ones all different, the given one as given.
macs_ok=1 detail=""
for nic in a:eth0 b:eth0 c:eth0 c:eth1 d:eth0; do
	v=${nic%:*} ifc=${nic#*:}
	host=$(sed -n "s/^rvkvm: $v: $ifc: MAC \([0-9a-f:]*\) on switch .*/\1/p" "$keep/run.out")
	guest=$(tr -d '\r' <"$keep/$v.log" 2>/dev/null | sed -n "s/^net-mac: $ifc //p" | head -n 1)
	[ -n "$host" ] && [ "$host" = "$guest" ] || macs_ok=0
	detail+="$v $ifc $host/$guest; "
done
tr -d '\r' <"$keep/c.log" | grep -qx 'net-mac: eth1 02:00:00:00:00:c1' || macs_ok=0
[ -z "$(sed -n 's/^rvkvm: .*: eth[0-9]*: MAC \([0-9a-f:]*\) .*/\1/p' "$keep/run.out" | sort | uniq -d)" ] || macs_ok=0
if [ "$macs_ok" = 1 ]; then
	echo "ok net-macs the guests see rvkvm's MACs (derived, and c's eth1 as given)"
else
	echo "FAIL net-macs (rvkvm/guest: $detail)"
fi

# Offloads on a switch: the guests take checksums and TSO both ways (bits 0, 1, 7, 8, 11, 12), so
# the TCP transfers between a and b went as whole GSO packets (--stats: "gso whole" received).
offl_ok=1 detail=""
for v in a b; do
	feat=$(said "$v" net-features | sed -n 's/^eth0 //p')
	whole=$(sed -n "s/^rvkvm: $v: eth0: .*; rx [0-9]* frames, .* \([0-9]*\) gso whole$/\1/p" "$keep/run.out")
	bits="${feat:0:1}${feat:1:1}${feat:7:1}${feat:8:1}${feat:11:1}${feat:12:1}"
	[ "$bits" = 111111 ] && [ "${whole:-0}" -gt 0 ] || offl_ok=0
	detail+="$v: features $bits, $whole gso packets received whole; "
done
if [ "$offl_ok" = 1 ]; then
	echo "ok net-offloads $detail"
else
	echo "FAIL net-offloads ($detail$(why a))"
fi

# Bad --network options: usage errors (status 2) that name the problem, before QEMU starts.
usage_error() { # name, text the message must hold, options...
	local name=$1 text=$2 rc
	shift 2
	# A time limit in case the options are taken after all (a VM without an initrd never ends).
	./rvkvm run --timeout 60 "$@" </dev/null >"$tmp/usage.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "$text" "$tmp/usage.out"; then
		echo "ok $name"
	else
		echo "FAIL $name (status $rc: $(tail -n 2 "$tmp/usage.out" | tr '\n' ' '))"
	fi
}
usage_error net-bad-mac "bad MAC '02:00:00:00:00'" --kernel "$kernel" --network vm,mac=02:00:00:00:00
usage_error net-group-mac "is a group (multicast) address" --kernel "$kernel" \
	--network vm=lan,mac=01:00:5e:00:00:01
usage_error net-bad-switch "a switch's name is 1 to 31 characters" --kernel "$kernel" --network vm=a.b
usage_error net-bad-form "expected vm[=SWITCH][,mac=" --kernel "$kernel" --network tap0
usage_error net-user-bad-rule "is not hostfwd=tcp|udp:" --kernel "$kernel" \
	--network user,hostfwd=tcp:127.0.0.1:99999-:80
usage_error net-mac-twice "MAC 02:00:00:00:00:01 is on switch 'lan' twice (x eth0 and y eth0)" \
	--vm --name x --kernel "$kernel" --network vm=lan,mac=02:00:00:00:00:01 \
	--vm --name y --kernel "$kernel" --network vm=lan,mac=02:00:00:00:00:01
usage_error net-too-many-nics "at most 4 --network for one VM" --kernel "$kernel" \
	--network vm --network vm --network vm --network vm --network vm
disks=()
for k in 1 2 3 4 5 6; do
	head -c 4096 /dev/zero >"$tmp/d$k.img"
	disks+=(--disk "$tmp/d$k.img")
done
usage_error net-too-many-devices "ask for 9 virtio devices; a VM has 8 virtio slots" \
	--kernel "$kernel" "${disks[@]}" --rng --console virtio --network vm

# A MAC given for one NIC that another's derived MAC already has on the switch: rvkvm's own
# check (the script knows only the MACs given) stops the run before any VM starts.
derived=$(sed -n 's/^rvkvm: a: eth0: MAC \([0-9a-f:]*\) .*/\1/p' "$keep/run.out")
tiny=build/guests/sbi_base.img
./rvkvm run --timeout 120 --vm --name a --kernel "$tiny" --network vm=lan \
	--vm --name e --kernel "$tiny" --network "vm=lan,mac=${derived:-02:00:00:00:00:01}" \
	</dev/null 2>&1 | tr -d '\r' >"$tmp/dup.out"
dup_rc=${PIPESTATUS[0]}
if [ -n "$derived" ] && [ "$dup_rc" -eq 2 ] &&
	grep -qF "rvkvm: e: eth0: MAC $derived is on switch 'lan' already (a eth0)" "$tmp/dup.out" &&
	! grep -q 'guest powered off' "$tmp/dup.out"; then
	echo "ok net-derived-mac-twice rvkvm refuses e's eth0 ($derived, a's derived MAC)"
else
	echo "FAIL net-derived-mac-twice (status $dup_rc, a's MAC '$derived': $(grep 'rvkvm:' "$tmp/dup.out" | tail -n 3 | tr '\n' ' '))"
fi
