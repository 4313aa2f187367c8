#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2034,SC2154 # variables read and set by the functions sourced from ./rvkvm
# rvkvm's host NIC driver (platform/drivers/host_net.c) end to end on QEMU's user network, without
# a guest: ./rvkvm's host_nics makes the QEMU options of three user NICs of two VMs (one NIC of
# another backend in between), and the test image's self-test (rvkvm.selftest=host-net) opens
# each by the name the driver read from its MAC and gets 600 DHCP OFFERs for a MAC of its own
# from QEMU's DHCP server; the product image finds the NICs and has no self-test. Then host_nics'
# and host_devices' refusals: rules that are not hostfwd, a host port forwarded twice, more
# devices than QEMU virt's 8 virtio slots. Then the link (rvkvm.selftest=host-net-link): QEMU's
# monitor, as ./rvkvm's qemu_monitor makes it from RVKVM_QEMU_MONITOR, turns the NIC's link off
# and on, and the driver sees each change by its interrupt; once with the link up at the start,
# once with it turned off before the machine ran. Prints "ok NAME" or "FAIL NAME (why)" per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
image=${RVKVM_IMAGE:-build/rvkvm-test.elf}
firmware=${RVKVM_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ./rvkvm's own functions, with die reporting instead of exiting.
die() {
	echo "die: $*"
	exit 2
}
# shellcheck source=/dev/null
source <(sed -n -e '/^host_devices() {/,/^}/p' -e '/^host_nics() {/,/^}/p' \
	-e '/^qemu_monitor() {/,/^}/p' rvkvm)
host_virtio_slots=8 # read by host_devices

# Boots the test image with the NICs of v_net (no bundle: the self-test powers off); the
# output goes to $tmp/$1.out, and the QEMU status is returned.
boot() { # name
	host_nics "${#v_net[@]}" || return 2
	timeout 300 qemu-system-riscv64 -M virt -cpu rv64,h=true -smp 2 -m 256M -nographic \
		-bios "$firmware" -kernel "$image" -append "rvkvm.selftest=host-net" \
		"${host_nics_dev[@]}" -global virtio-mmio.force-legacy=false </dev/null 2>&1 |
		tr -d '\r' >"$tmp/$1.out"
	return "${PIPESTATUS[0]}"
}

# 1. Three NICs: each found under the name its MAC gives, each gets its offers. A forwarded port
# (a random one: other runs may hold some) shows QEMU takes the rules as host_nics writes them.
port=$((20000 + RANDOM % 40000))
v_net=([0]="user,hostfwd=tcp:127.0.0.1:$port-:80"$'\nvm\nuser' [1]=user)
boot three
rc=$?
names=$(sed -n 's/^rvkvm: host NIC \([^:]*\): mac \([0-9a-f:]*\),.*/\1=\2/p' "$tmp/three.out" | tr '\n' ' ')
if [ "$names" = "rvkvm-v0-n0=52:54:00:72:00:00 rvkvm-v0-n2=52:54:00:72:00:02 rvkvm-v1-n0=52:54:00:72:01:00 " ]; then
	echo "ok host-net-names"
else
	echo "FAIL host-net-names (found: $names)"
fi
for nic in rvkvm-v0-n0 rvkvm-v0-n2 rvkvm-v1-n0; do
	if grep -q "^rvkvm: self-test host-net: ok $nic dhcp-offers 600 of 600 to 02:72:76:00:00:0[0-2] (last 10\.0\.2\." "$tmp/three.out" &&
		grep -q "^rvkvm: self-test host-net: ok $nic dropped 0" "$tmp/three.out"; then
		echo "ok host-net-dhcp-$nic"
	else
		echo "FAIL host-net-dhcp-$nic ($(grep "$nic" "$tmp/three.out" | tail -n 3 | tr '\n' ' '))"
	fi
done
if [ "$rc" -eq 0 ] && grep -q "^rvkvm: self-test host-net: 3 NIC(s), 0 failed" "$tmp/three.out" &&
	! grep -q "FAIL" "$tmp/three.out"; then
	echo "ok host-net-selftest-passed"
else
	echo "FAIL host-net-selftest-passed (status $rc: $(grep -E 'FAIL|rvkvm:' "$tmp/three.out" | tail -n 3 | tr '\n' ' '))"
fi

# 2. The self-test can fail: with no host NIC it says so and the status is 1.
v_net=([0]=vm)
boot none
rc=$?
if [ "$rc" -eq 1 ] && grep -q "^rvkvm: self-test host-net: FAIL - host NICs found" "$tmp/none.out"; then
	echo "ok host-net-selftest-fails-without-nic"
else
	echo "FAIL host-net-selftest-fails-without-nic (status $rc: $(tail -n 2 "$tmp/none.out" | tr '\n' ' '))"
fi

# 3. The product image drives the NICs too, and has no self-test: it goes on to want a bundle.
v_net=([0]=user)
image=build/rvkvm.elf boot product
rc=$?
if [ "$rc" -eq 2 ] && grep -q "^rvkvm: host NIC rvkvm-v0-n0: mac 52:54:00:72:00:00," "$tmp/product.out" &&
	! grep -q "self-test" "$tmp/product.out" && grep -q "no VM bundle" "$tmp/product.out"; then
	echo "ok host-net-product-probes-no-selftest"
else
	echo "FAIL host-net-product-probes-no-selftest (status $rc: $(grep 'rvkvm:' "$tmp/product.out" | tail -n 3 | tr '\n' ' '))"
fi

# 4. hostfwd rules become the netdev's; anything else is refused.
v_net=([0]=$'user,hostfwd=tcp:127.0.0.1:18080-:80,hostfwd=udp::15353-10.0.2.15:53')
host_nics 1
if [ "${host_nics_dev[*]}" = "-netdev user,id=rvkvm-v0-n0,hostfwd=tcp:127.0.0.1:18080-:80,hostfwd=udp::15353-10.0.2.15:53 -device virtio-net-device,netdev=rvkvm-v0-n0,mac=52:54:00:72:00:00" ]; then
	echo "ok host-net-hostfwd-args"
else
	echo "FAIL host-net-hostfwd-args (${host_nics_dev[*]})"
fi
refused() { # name, text the message must hold, v_net[0]
	local out
	v_net=([0]="$3")
	out=$(host_nics 1)
	if [[ $out == *"die: "*"$2"* ]]; then
		echo "ok $1"
	else
		echo "FAIL $1 (said: $out)"
	fi
}
refused host-net-refuses-guestfwd "is not hostfwd" "user,guestfwd=tcp:10.0.2.100:1-cmd:true"
refused host-net-refuses-smb "is not hostfwd" "user,smb=/tmp"
refused host-net-refuses-port "is not hostfwd" "user,hostfwd=tcp:127.0.0.1:65536-:80"
refused host-net-refuses-same-port "forwarded twice" \
	$'user,hostfwd=tcp:127.0.0.1:18080-:80\nuser,hostfwd=tcp:127.0.0.1:18080-:81'

# 5. Disks, entropy devices and NICs share the 8 slots.
v_disks=([0]=$'a\nb\nc\nd\ne\nf') v_rng=([0]=1) v_net=([0]=$'user\nuser')
readlink() { echo "/disk/$3"; } # the files need not exist here
out=$(host_devices 1)
if [[ $out == *"need 9 virtio slots"* ]]; then
	echo "ok host-net-slots-shared"
else
	echo "FAIL host-net-slots-shared (said: $out)"
fi
v_net=([0]=user)
out=$(
	host_devices 1
	echo "${qemu_dev[*]}"
)
if [[ $out != *die* && $out == *"virtio-net-device,netdev=rvkvm-v0-n0"* ]]; then
	echo "ok host-net-slots-eight"
else
	echo "FAIL host-net-slots-eight (said: $out)"
fi

# 6. The link. hmp runs a command on QEMU's monitor through bash's /dev/tcp (no other tool), on a descriptor of its own: 0
# once the monitor prompts again after it, without an error.
hmp() { # port, command
	local out="" c tries=0 mon
	until { exec {mon}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; do
		tries=$((tries + 1))
		[ "$tries" -lt 150 ] || return 1
		sleep 0.2
	done
	printf '%s\n' "$2" >&"$mon"
	# The prompt that greets, then the one after the command.
	while [[ $out != *"(qemu)"*"(qemu)"* ]] && IFS= read -r -N 1 -t 30 c <&"$mon"; do
		out+=$c
	done
	exec {mon}>&-
	[[ $out == *"(qemu)"*"(qemu)"* && $out != *[Ee]rror* && $out != *"not found"* ]]
}
# Waits for a line of the self-test in $tmp/$1.out while QEMU runs (pid $2).
wait_line() { # name, pid, line
	until grep -q "^rvkvm: self-test host-net-link: $3" "$tmp/$1.out"; do
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.2
	done
}
# Boots the link self-test with one user NIC and RVKVM_QEMU_MONITOR's monitor, in the background;
# extra QEMU options after the name (-S: stopped until the monitor's cont). The output goes to
# $tmp/NAME.out as it comes, carriage returns and all: the patterns match lines' starts.
boot_link() { # name, QEMU options...
	local name=$1
	shift
	v_net=([0]=user)
	host_nics 1 || return 2
	qemu_monitor
	timeout 300 qemu-system-riscv64 -M virt -cpu rv64,h=true -smp 2 -m 256M -nographic \
		-bios "$firmware" -kernel "$image" -append "rvkvm.selftest=host-net-link" \
		"${host_nics_dev[@]}" -global virtio-mmio.force-legacy=false "${qemu_monitor_opts[@]}" \
		"$@" </dev/null >"$tmp/$name.out" 2>&1 &
}
link_case() { # name, state at start (up or down), QEMU options...
	local name=$1 first=$2 other=down pid rc why=""
	shift 2
	[ "$first" = up ] || other=up
	export RVKVM_QEMU_MONITOR=$((20000 + RANDOM % 40000))
	boot_link "$name" "$@"
	pid=$!
	if [ "$first" = down ]; then
		hmp "$RVKVM_QEMU_MONITOR" "set_link rvkvm-v0-n0 off" && hmp "$RVKVM_QEMU_MONITOR" cont ||
			why="monitor before the start"
	fi
	if [ -z "$why" ]; then
		# Nothing changes the link until the monitor does.
		wait_line "$name" "$pid" "waiting for link $other" || why="no wait for $other"
	fi
	if [ -z "$why" ]; then
		grep -q "^rvkvm: self-test host-net-link: ok rvkvm-v0-n0 link at start $first" "$tmp/$name.out" ||
			why="start"
		! grep -q "ok rvkvm-v0-n0 link $other" "$tmp/$name.out" || why="changed by itself"
		hmp "$RVKVM_QEMU_MONITOR" "set_link rvkvm-v0-n0 $([ "$other" = up ] && echo on || echo off)" ||
			why="monitor ($other)"
	fi
	if [ -z "$why" ]; then
		wait_line "$name" "$pid" "waiting for link $first" || why="no wait for $first"
	fi
	if [ -z "$why" ]; then
		hmp "$RVKVM_QEMU_MONITOR" "set_link rvkvm-v0-n0 $([ "$first" = up ] && echo on || echo off)" ||
			why="monitor ($first)"
	fi
	[ -z "$why" ] || kill "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	if [ -z "$why" ] && [ "$rc" -eq 0 ] &&
		grep -q "^rvkvm: self-test host-net-link: ok rvkvm-v0-n0 link $other" "$tmp/$name.out" &&
		grep -q "^rvkvm: self-test host-net-link: ok rvkvm-v0-n0 link $first" "$tmp/$name.out" &&
		grep -q "^rvkvm: self-test host-net-link: 0 failed" "$tmp/$name.out"; then
		echo "ok $name"
	else
		echo "FAIL $name (${why:-status $rc}: $(grep 'rvkvm: ' "$tmp/$name.out" | tail -n 3 | tr -d '\r' | tr '\n' ' '))"
	fi
	unset RVKVM_QEMU_MONITOR
}
link_case host-net-link-off-on up
link_case host-net-link-down-at-start down -S

# The variable's refusals.
for bad in 0 65536 x12 "/tmp/a,b"; do
	out=$(RVKVM_QEMU_MONITOR=$bad qemu_monitor)
	if [[ $out != *"die: RVKVM_QEMU_MONITOR='$bad'"* ]]; then
		echo "FAIL host-net-monitor-refuses ($bad: $out)"
		bad=
		break
	fi
done
[ -z "$bad" ] || echo "ok host-net-monitor-refuses"
