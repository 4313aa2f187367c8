#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs rvkvm's benchmarks under QEMU -icount, prints one table and writes it to docs/bench.md.
#
#   tools/bench.sh [OUT.md]        (make bench builds everything first, then runs this)
#
# QEMU runs, all with -icount shift=0,sleep=off: the benchmark guest (guests/bench) natively on
# OpenSBI and under rvkvm, for rv64 and (built for ilp32) for rv32, the Debian kernel with the
# initramfs in boot-benchmark mode (rvkvm.bench) natively on 1 hart and under rvkvm on 1 and 2
# vCPUs, each with and without cryptomgr.notests, and the same VM with 1 GiB and 4 GiB of RAM for
# its set-up cost; the RV32 Linux boot (tools/bench_rv32.sh); the notests boot on 1 and 2 harts
# on QEMU 10 (tools/bench_qemu10.sh). A benchmark never fails the build: a run that breaks
# leaves "n/a" cells and a note, and the exit status is 0.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 0
out=${1:-docs/bench.md}
logs=build/bench-logs
firmware=${RVKVM_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
kernel=cache/riscv64/Image
initrd=build/initramfs.cpio.gz
guest=build/guests/bench.img
# The same guest for rv32 (issue 19): natively on qemu-system-riscv32 with OpenSBI built for rv32,
# and under rvkvm built for rv32 (its test image, for the test device and --testmem).
guest32=build/rv32/guests/bench.img
firmware32=cache/rv32/fw_dynamic.bin
image32=build/rv32/rvkvm-test.elf
linux_append="console=ttyS0 rvkvm.bench"
# The crypto self-tests are most of a boot's run-to-run spread: the quieter boot, beside the usual.
linux_append_nt="$linux_append cryptomgr.notests"
# The native boots' kernel-entry marker (guests/linux/kentry.S) is OpenSBI's payload; QEMU's
# loader puts the kernel 2 MiB above it, where kentry jumps.
kentry=build/linux/kentry.bin
kentry_kernel_addr=0x80400000
# QEMU's instruction-count plugin (tools/insn_count/) for the disk runs.
plugin=build/tools/insn_count.so
# Its sibling, which counts per translation block (where a boot's instructions run).
profile_plugin=build/tools/insn_profile.so
mkdir -p "$logs" "$(dirname "$out")"
export RVKVM_SHOW_QEMU=1
# The bench guest times the test device and its doorbell, and runs with --testmem: the test image.
export RVKVM_IMAGE=$top/build/rvkvm-test.elf

notes=()    # problems with a run, printed under the table
commands=() # "name: command line" for the reader

calc() {
	awk "BEGIN { $1 }" 2>/dev/null
}

# A command as one line a shell reads back the same: words quoted only where they need it.
show() {
	local w line=""
	for w in "$@"; do
		# (none of the arguments here holds a single quote)
		[[ $w =~ ^[A-Za-z0-9_./=,:+-]+$ ]] || w="'$w'"
		line+="${line:+ }$w"
	done
	echo "$line"
}

# run NAME SECONDS COMMAND...: runs it with a time limit, output in $logs/NAME.log.
run() {
	local name=$1 limit=$2 rc qemu
	shift 2
	[ "${name##*.}" != "${name}" ] && [ "${name##*.}" != 1 ] || commands+=("$(show "$@")")
	echo "bench: $name ..." >&2
	# (line by line: feed reads the log while the run goes on)
	timeout -k 5 "$limit" "$@" </dev/null 2>&1 | stdbuf -oL tr -d '\r' >"$logs/$name.log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		notes+=("run $name ended with status $rc (log: $logs/$name.log)")
	fi
	qemu=$(sed -n 's/^rvkvm: qemu command: //p' "$logs/$name.log" | head -n1 |
		sed -e "s|$top/||g" -e 's|/[^ ]*/bundle\.cpio|BUNDLE.cpio|')
	[ "${name##*.}" != "${name}" ] && [ "${name##*.}" != 1 ] || [ -z "$qemu" ] ||
		commands+=("    # which ran: $qemu")
}

# boots NAME SECONDS COMMAND...: a Linux boot, $nboots times (its length varies a little from run
# to run even under -icount); NAME.log becomes the log of the median run.
nboots=${BENCH_BOOTS:-5}
spread=()
boots() {
	local name=$1 i t list=() median
	shift
	for ((i = 1; i <= nboots; i++)); do
		run "$name.$i" "$@"
		t=$(sed -n 's/.*rvkvm-bench-marker ticks=\([0-9][0-9]*\).*/\1/p' "$logs/$name.$i.log" | head -n1)
		[ -z "$t" ] || list+=("$t $i")
	done
	rm -f "$logs/$name.log"
	if [ ${#list[@]} -eq 0 ]; then
		cp "$logs/$name.1.log" "$logs/$name.log" 2>/dev/null
		return
	fi
	mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -n)
	median=${list[$(((${#list[@]} - 1) / 2))]}
	cp "$logs/$name.${median#* }.log" "$logs/$name.log"
	spread+=("$name: ${#list[@]} boots, $(calc "printf \"%.1f\", ${list[0]% *} / 1e4") to $(calc "printf \"%.1f\", ${list[${#list[@]} - 1]% *} / 1e4") M instructions")
}


# QEMU as a user would start it for the native runs (./rvkvm run --icount starts the same
# machine, with rvkvm's image as the kernel and the VM as its initrd).
native=(qemu-system-riscv64 -M virt -cpu rv64,h=true,sscofpmf=true -m 256M -nographic -bios "$firmware"
	-icount shift=0,sleep=off)
# The same for rv32, the CPU as ./rvkvm run --arch rv32 gives it.
native32=(qemu-system-riscv32 -M virt -cpu rv32,h=true,sscofpmf=true -m 256M -nographic
	-bios "$firmware32" -icount shift=0,sleep=off)

# --- the runs ---------------------------------------------------------------------------------
run guest-native 300 "${native[@]}" -smp 2 -kernel "$guest"
run guest-rvkvm 300 ./rvkvm run --kernel "$guest" --cpus 2 --mem 64M --testmem 16M --icount \
	--timeout 290
# Overcommit: the same guest's two vCPUs on one hart, so each IPI wakes a vCPU that must be
# switched in (vcpu_put of one, vcpu_load of the other) on the shared hart.
run guest-rvkvm-shared 300 ./rvkvm run --kernel "$guest" --cpus 2 --harts 1 --mem 64M \
	--testmem 16M --icount --timeout 290
# The rv32 column: the same three runs with the guest, the firmware and rvkvm built for rv32.
missing32=""
for f in "$guest32" "$firmware32" "$image32"; do
	[ -f "$f" ] || missing32+=" $f"
done
if [ -z "$missing32" ]; then
	run guest-native32 300 "${native32[@]}" -smp 2 -kernel "$guest32"
	run guest-rvkvm32 300 env RVKVM_IMAGE="$image32" ./rvkvm run --arch rv32 --kernel "$guest32" \
		--cpus 2 --mem 64M --testmem 16M --icount --timeout 290
	run guest-rvkvm32-shared 300 env RVKVM_IMAGE="$image32" ./rvkvm run --arch rv32 \
		--kernel "$guest32" --cpus 2 --harts 1 --mem 64M --testmem 16M --icount --timeout 290
else
	notes+=("rv32 columns left out: no$missing32 (make deps-rv32 rv32 builds them)")
fi
for suffix in "" -nt; do
	append=$linux_append
	[ -z "$suffix" ] || append=$linux_append_nt
	boots "linux-native-1$suffix" 600 "${native[@]}" -smp 1 -kernel "$kentry" \
		-device "loader,file=$kernel,addr=$kentry_kernel_addr" -initrd "$initrd" \
		-append "$append"
	boots "linux-rvkvm-1$suffix" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" \
		--cpus 1 --mem 256M --append "$append" --icount --stats --timeout 890
	boots "linux-rvkvm-2$suffix" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" \
		--cpus 2 --mem 256M --append "$append" --icount --stats --timeout 890
done
# Where a boot's instructions run: the cryptomgr.notests boot on 1 and 2 vCPUs once more, with
# insn_profile.so counting every translation block from power-on to power-off (issue 18).
for n in 1 2; do
	run "linux-profile-$n" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus "$n" \
		--mem 256M --append "$linux_append_nt" --icount --timeout 890 \
		--qemu-plugin "$profile_plugin,top=100000"
done
# VM set-up against RAM size: the same VM with more RAM, one boot each (set-up varies little).
for mem in 1G 4G; do
	run "linux-rvkvm-1-nt-$mem" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 1 \
		--mem "$mem" --append "$linux_append_nt" --icount --stats --timeout 890
done

# Disk I/O (guests/linux/io-steps, step bench): the same kernel with the same file as its virtio-blk
# disk, natively (QEMU's virtio-blk, version 2 as rvkvm's host driver sees it) and under rvkvm (a
# guest virtio-blk on rvkvm's own driver of that QEMU device). The instruction counts come from
# the insn_count plugin's markers, which virtual time's idle warps do not touch; the virtual time
# still follows the host's file I/O, so each runs $ndisk times and the table gives medians.
ndisk=${BENCH_DISK_RUNS:-5}
disk_img=$logs/disk.img
disk_append="console=ttyS0 rvkvm.io=bench cryptomgr.notests"
head -c $((80 << 20)) /dev/zero >"$disk_img"
for ((i = 1; i <= ndisk; i++)); do
	run "disk-native.$i" 900 "${native[@]}" -smp 1 -kernel "$kernel" -initrd "$initrd" \
		-append "$disk_append" -global virtio-mmio.force-legacy=false \
		-drive "file=$disk_img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
		-plugin "$plugin" -d plugin
	run "disk-rvkvm.$i" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 1 \
		--mem 256M --disk "$disk_img" --append "$disk_append" --icount --stats \
		--qemu-plugin "$plugin" --timeout 890
done

# Network (guests/linux/net-steps, roles bench and bench-send; issue 17): 16 MiB over TCP from the
# host into the guest through a forwarded port of QEMU's user network, natively (QEMU's
# virtio-net-device) and under rvkvm (--network user: a guest virtio-net on rvkvm's own driver of
# that QEMU device); and from one VM to another on an rvkvm switch (no native counterpart: one
# QEMU is one machine). The receiving guest counts the bytes between two insn_count markers.
nnet=${BENCH_NET_RUNS:-3}
net_bytes=16777216
net_append="console=ttyS0 rvkvm.net=bench rvkvm.dhcp=eth0 cryptomgr.notests"
# feed NAME SECONDS PORT COMMAND...: run, and meanwhile, once the guest says it listens, send
# $net_bytes of zeros to 127.0.0.1:PORT (bash's /dev/tcp), the forwarded port.
feed() {
	local name=$1 limit=$2 port=$3
	shift 3
	rm -f "$logs/$name.log"
	(
		n=0
		until grep -q '^net-user-listening 5001' "$logs/$name.log" 2>/dev/null; do
			n=$((n + 1))
			[ $n -lt $((limit * 5)) ] || exit 0
			sleep 0.2
		done
		timeout 300 bash -c 'head -c "$1" /dev/zero >"/dev/tcp/127.0.0.1/$2"' - "$net_bytes" "$port"
	) &
	local sender=$!
	run "$name" "$limit" "$@"
	kill "$sender" 2>/dev/null # a guest that never listened: nothing to send
	wait "$sender"
}
for ((i = 1; i <= nnet; i++)); do
	port=$((20000 + RANDOM % 40000))
	feed "net-native.$i" 900 "$port" "${native[@]}" -smp 1 -kernel "$kernel" -initrd "$initrd" \
		-append "$net_append" -global virtio-mmio.force-legacy=false \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:5001" -device virtio-net-device,netdev=n0 \
		-plugin "$plugin" -d plugin
	port=$((20000 + RANDOM % 40000))
	feed "net-rvkvm.$i" 900 "$port" ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 1 \
		--mem 256M --network "user,hostfwd=tcp:127.0.0.1:$port-:5001" --append "$net_append" \
		--icount --stats --qemu-plugin "$plugin" --timeout 890
	run "net-vms.$i" 900 ./rvkvm run --qemu-plugin "$plugin" --timeout 890 --icount \
		--log-dir "$logs/net-vms.$i.vm" \
		--vm --name rx --kernel "$kernel" --initrd "$initrd" --mem 160M --network vm=lan --stats \
		--append "console=ttyS0 rvkvm.net=bench rvkvm.addr=eth0=10.0.0.2/24 cryptomgr.notests" \
		--vm --name tx --kernel "$kernel" --initrd "$initrd" --mem 160M --network vm=lan \
		--append "console=ttyS0 rvkvm.net=bench-send rvkvm.addr=eth0=10.0.0.1/24 rvkvm.peer=10.0.0.2 cryptomgr.notests"
done
# UDP request/response (tools/udp_rr/): the guest's udp-rr client makes 2000 round trips of 64
# bytes between two markers, to the host's udp-rr echo through QEMU's user network (the guest's
# 10.0.2.2 is the host's loopback), natively and under rvkvm; and to another VM's echo on an
# rvkvm switch.
rr_port=$((20000 + RANDOM % 40000))
build/tools/udp-rr echo "$rr_port" &
rr_echo=$!
rr_append="console=ttyS0 rvkvm.net=bench-rr rvkvm.dhcp=eth0 rvkvm.peer=10.0.2.2 rvkvm.port=$rr_port cryptomgr.notests"
for ((i = 1; i <= nnet; i++)); do
	run "rr-native.$i" 900 "${native[@]}" -smp 1 -kernel "$kernel" -initrd "$initrd" \
		-append "$rr_append" -global virtio-mmio.force-legacy=false \
		-netdev user,id=n0 -device virtio-net-device,netdev=n0 -plugin "$plugin" -d plugin
	run "rr-rvkvm.$i" 900 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 1 --mem 256M \
		--network user --append "$rr_append" --icount --stats --qemu-plugin "$plugin" --timeout 890
	run "rr-vms.$i" 900 ./rvkvm run --qemu-plugin "$plugin" --timeout 890 --icount \
		--log-dir "$logs/rr-vms.$i.vm" \
		--vm --name echo --kernel "$kernel" --initrd "$initrd" --mem 160M --network vm=lan \
		--append "console=ttyS0 rvkvm.net=bench-echo rvkvm.addr=eth0=10.0.0.2/24 rvkvm.peer=10.0.0.1 rvkvm.port=7001 cryptomgr.notests" \
		--vm --name rx --kernel "$kernel" --initrd "$initrd" --mem 160M --network vm=lan --stats \
		--append "console=ttyS0 rvkvm.net=bench-rr rvkvm.addr=eth0=10.0.0.1/24 rvkvm.peer=10.0.0.2 rvkvm.hub=10.0.0.2 rvkvm.port=7001 cryptomgr.notests"
done
kill "$rr_echo" 2>/dev/null

# --- reading the logs -------------------------------------------------------------------------
# bench LOG OP: the guest's mean instructions per OP, or nothing.
bench() {
	sed -n "s/^BENCH $2 n=[0-9]* instr=\([0-9.]*\).*/\1/p" "$logs/$1.log" 2>/dev/null | head -n1
}

# boot LOG: instructions from power-on to init's marker (10 MHz ticks, 100 instructions each).
boot() {
	local t
	t=$(sed -n 's/.*rvkvm-bench-marker ticks=\([0-9][0-9]*\).*/\1/p' "$logs/$1.log" 2>/dev/null | head -n1)
	[ -n "$t" ] && echo $((t * 100))
}

# entry LOG: instructions from power-on to the kernel's first instruction: natively kentry's
# marker; under rvkvm vCPU 0's first run (--stats).
entry() {
	local t
	t=$(sed -n -e 's/.*rvkvm-bench-kernel-entry ticks=\([0-9][0-9]*\).*/\1/p' \
		-e 's/.*time: created at [0-9]*, vcpu0 first run at \([0-9][0-9]*\).*/\1/p' \
		"$logs/$1.log" 2>/dev/null | head -n1)
	[ -n "$t" ] && echo $((t * 100))
}

# to_init LOG: from the kernel's first instruction to init's marker.
to_init() {
	local b e
	b=$(boot "$1") && e=$(entry "$1") && echo $((b - e))
}

# setup LOG: rvkvm's VM set-up, from rvkvm_create_vm to vCPU 0's first run (--stats).
setup() {
	local line
	line=$(sed -n 's/.*time: created at \([0-9]*\), vcpu0 first run at \([0-9]*\).*/\1 \2/p' \
		"$logs/$1.log" 2>/dev/null | head -n1)
	[ -n "$line" ] && echo $(((${line#* } - ${line% *}) * 100))
}

# value SOURCE: n:OP / r:OP / s:OP (guest natively / under rvkvm / 2 vCPUs on 1 hart), N:OP / R:OP /
# T:OP (the same on rv32), L:LOG (a boot), E:LOG (power-on to kernel entry), I:LOG (kernel entry to
# init), S:LOG (VM set-up), - (none).
value() {
	case $1 in
	n:*) bench guest-native "${1#n:}" ;;
	r:*) bench guest-rvkvm "${1#r:}" ;;
	s:*) bench guest-rvkvm-shared "${1#s:}" ;;
	N:*) bench guest-native32 "${1#N:}" ;;
	R:*) bench guest-rvkvm32 "${1#R:}" ;;
	T:*) bench guest-rvkvm32-shared "${1#T:}" ;;
	L:*) boot "${1#L:}" ;;
	E:*) entry "${1#E:}" ;;
	I:*) to_init "${1#I:}" ;;
	S:*) setup "${1#S:}" ;;
	esac
}

# fmt VALUE: per-operation figures with one decimal under 100; boot counts in millions.
fmt() {
	local v=$1
	if [ -z "$v" ]; then
		echo "n/a"
	elif [ "$2" = boot ]; then
		calc "printf \"%.1f M\", $v / 1e6"
	else
		calc "v = $v; if (v < 100) printf \"%.1f\", v; else printf \"%.0f\", v"
	fi
}

# One row per operation: label | native | rvkvm | hypervisor rule | kind | note.
# The hypervisor rule says what the guest would spend on its own: base:OP (that op under rvkvm),
# native (the same op natively), all (nothing: every instruction is the hypervisor's).
rows=(
	"SBI null call round trip (BASE get_spec_version)|n:sbi-null|r:sbi-null|base:baseline-call|op|1"
	"SBI call forwarded to the VMM and back|n:sbi-forwarded|r:sbi-forwarded|base:baseline-call|op|2"
	"MMIO read of UART LSR (exit to the VMM's device model)|n:mmio-read-uart-lsr|r:mmio-read-uart-lsr|native|op|3"
	"MMIO write of the test device's register (exit to the VMM)|-|r:mmio-write-testdev|base:first-write-premapped|op|4"
	"MMIO write that only rings a doorbell (no exit to the VMM)|-|r:mmio-write-doorbell|base:first-write-premapped|op|14"
	"First touch of guest RAM (populated on touch: a fault zeroes and maps 2 MiB), per 4 KiB page|n:first-write-premapped|r:first-write-populate|base:first-write-premapped|op|20"
	"First touch of a 4 KiB page (dirty log: G-stage fault + 4 KiB map)|n:first-write-premapped|r:first-write-dirty-log|base:first-write-premapped|op|5"
	"First touch with large leaves (region mapped with 2 MiB leaves)|n:first-write-premapped|r:first-write-premapped|native|op|6"
	"Region add/move, 4 KiB leaves (per 4 KiB page)|-|r:region-map-4k|all|op|7"
	"Region add/move, 2 MiB leaves (per 4 KiB page)|-|r:region-map-2m|all|op|7"
	"Timer interrupt: deadline to the guest's handler|n:timer-delivery|r:timer-delivery|native|op|8"
	"WFI wake-up: timer deadline to the instruction after WFI|n:wfi-wakeup|r:wfi-wakeup|native|op|8"
	"IPI round trip, 2 vCPUs on 2 harts (send, handler there, IPI back, handler here)|n:ipi-round-trip|r:ipi-round-trip|native|op|9"
	"IPI one way: send to the other vCPU's handler|n:ipi-one-way|r:ipi-one-way|native|op|10"
	"WFI wake-up by IPI: send to the other vCPU's return from WFI|n:wfi-wakeup-ipi|r:wfi-wakeup-ipi|native|op|10"
	"vCPU switch on a shared hart: IPI round trip, 2 vCPUs on 1 hart (2 switches)|n:ipi-round-trip|s:ipi-round-trip|native|op|13"
)
# The Linux rows, once per command line (-nt: with cryptomgr.notests).
for suffix in "" -nt; do
	with=""
	[ -z "$suffix" ] || with=", cryptomgr.notests"
	rows+=(
		"Linux boot, 1 vCPU$with: power-on to init's marker|L:linux-native-1$suffix|L:linux-rvkvm-1$suffix|native|boot|11"
		"— power-on to kernel entry (native) / guest entry (rvkvm)|E:linux-native-1$suffix|E:linux-rvkvm-1$suffix|native|boot|15"
		"— of which rvkvm's VM set-up (create VM to vCPU 0's first run)|-|S:linux-rvkvm-1$suffix|all|boot|16"
		"— kernel entry (native) / guest entry (rvkvm) to init's marker|I:linux-native-1$suffix|I:linux-rvkvm-1$suffix|native|boot|15"
		"Linux boot, 2 vCPUs on 2 harts$with, against native on 1 hart: power-on to init|L:linux-native-1$suffix|L:linux-rvkvm-2$suffix|native|boot|12"
		"Linux boot, 2 vCPUs on 2 harts$with, against rvkvm 1 vCPU (native column: rvkvm 1 vCPU): power-on to init|L:linux-rvkvm-1$suffix|L:linux-rvkvm-2$suffix|-|boot|12"
		"— guest entry to init, 2 vCPUs against rvkvm 1 vCPU (native column: rvkvm 1 vCPU)|I:linux-rvkvm-1$suffix|I:linux-rvkvm-2$suffix|-|boot|12"
	)
done
rows+=(
	"VM set-up, 256 MiB of RAM (Linux kernel and initramfs; cryptomgr.notests boot)|-|S:linux-rvkvm-1-nt|all|boot|16"
	"VM set-up, 1 GiB of RAM (the same VM)|-|S:linux-rvkvm-1-nt-1G|all|boot|16"
	"VM set-up, 4 GiB of RAM (the same VM)|-|S:linux-rvkvm-1-nt-4G|all|boot|16"
)

# cells NSRC RSRC RULE KIND LOG: one width's "native|rvkvm|ratio|hypervisor" cells; LOG is the
# guest's run under rvkvm that a base:OP rule reads.
cells() {
	local nsrc=$1 rsrc=$2 rule=$3 kind=$4 nv rv gv="" ncell rcell ratio hyp
	nv=$(value "$nsrc")
	rv=$(value "$rsrc")
	case $rule in
	base:*) gv=$(bench "$5" "${rule#base:}") ;;
	native) gv=$nv ;;
	all) gv=0 ;;
	esac
	ncell=$([ "$nsrc" = - ] && echo "—" || fmt "$nv" "$kind")
	rcell=$([ "$rsrc" = - ] && echo "—" || fmt "$rv" "$kind")
	ratio="—"
	if [ "$nsrc" != - ] && [ "$rsrc" != - ] && [ -n "$nv" ] && [ -n "$rv" ]; then
		ratio=$(calc "if ($nv >= 1) printf \"%.2f×\", $rv / $nv; else printf \"—\"")
	elif [ "$nsrc" != - ] && [ "$rsrc" != - ]; then
		ratio="n/a"
	fi
	hyp="n/a"
	if [ "$rule" = - ] || [ "$rsrc" = - ]; then
		hyp="—"
	elif [ -n "$rv" ] && [ -n "$gv" ]; then
		hyp=$(fmt "$(calc "printf \"%.1f\", $rv - $gv")" "$kind")
	fi
	echo "$ncell|$rcell|$ratio|$hyp"
}

# The rv32 columns: the same guest operation on rv32 (n: N:, r: R:, s: T:). The Linux rows have
# none (note 19): the RV32 Linux boot is another kernel, in its own section.
rv32_src() {
	case $1 in
	n:*) echo "N:${1#n:}" ;;
	r:*) echo "R:${1#r:}" ;;
	s:*) echo "T:${1#s:}" ;;
	*) echo - ;;
	esac
}
numbers='^[0-9]+(, [0-9]+)+$'
table=() # label|native|rvkvm|ratio|hypervisor|rv32 native|rv32 rvkvm|rv32 ratio|rv32 hypervisor|note
for row in "${rows[@]}"; do
	IFS='|' read -r label nsrc rsrc rule kind note <<<"$row"
	n32=$(rv32_src "$nsrc") r32=$(rv32_src "$rsrc")
	if [ "$kind" = boot ]; then
		note+=", 19"
	elif [ "$r32" = R:first-write-dirty-log ] || [[ $r32 == R:region-map-* ]]; then
		note+=", 18" # the rv32 test slot
	fi
	if [[ $note =~ ^[0-9]+$ ]]; then
		note="note $note"
	elif [[ $note =~ $numbers ]]; then
		note="notes $note"
	fi
	table+=("$label|$(cells "$nsrc" "$rsrc" "$rule" "$kind" guest-rvkvm)|$(cells "$n32" "$r32" "$rule" "$kind" guest-rvkvm32)|$note")
done

# G-stage use of a Linux boot (issue 5): from --stats at the end of each rvkvm boot.
gstage=() # vCPUs|RAM|RAM faults|MMIO exits|decode cache hits|table pages|per GiB|leaves
for c in 1 2; do
	log=$logs/linux-rvkvm-$c.log
	line=$(grep -m1 'g-stage .*table pages' "$log" 2>/dev/null)
	faults=$(awk '/^  g-stage faults/ { s = 0; for (i = 3; i <= NF; i++) s += $i; print s }' "$log" 2>/dev/null)
	mmio=$(awk '/^  mmio exits/ { s = 0; for (i = 3; i <= NF; i++) s += $i; print s }' "$log" 2>/dev/null)
	decodes=$(awk '/^  mmio insns decoded/ { s = 0; for (i = 4; i <= NF; i++) s += $i; print s }' "$log" 2>/dev/null)
	hits=$(awk '/^    decode cache hits/ { s = 0; for (i = 4; i <= NF; i++) s += $i; print s }' "$log" 2>/dev/null)
	hitcell="n/a"
	[ -z "$decodes" ] || [ -z "$hits" ] || [ "$decodes" -eq 0 ] ||
		hitcell="$hits of $decodes ($(calc "printf \"%.1f\", 100 * $hits / $decodes") %)"
	pages=$(sed -n 's/.*: \([0-9]*\) table pages.*/\1/p' <<<"$line")
	leaves=$(sed -n 's/.*leaves: \(.*\); dirty-log.*/\1/p' <<<"$line")
	if [ -z "$pages" ] || [ -z "$faults" ] || [ -z "$mmio" ]; then
		gstage+=("$c|256 MiB|n/a|n/a|n/a|n/a|n/a|n/a")
		continue
	fi
	gstage+=("$c|256 MiB|$((faults - mmio))|$mmio|$hitcell|$pages|$((pages * 4)) table pages, $(((faults - mmio) * 4)) RAM faults|$leaves")
done

# Disk rows: the median over the runs of one io-bench figure, of the instructions between two
# markers, or of an --stats count.
median() {
	[ $# -gt 0 ] || return
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}
disk_field() { # native|rvkvm, field
	local i v list=()
	for ((i = 1; i <= ndisk; i++)); do
		v=$(sed -n "s/^io-bench: .*$2=\([0-9]*\).*/\1/p" "$logs/disk-$1.$i.log" 2>/dev/null | head -n1)
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
# The io-bench step runs six markers: 1-2 around the read, 3-4 the write, 5-6 the random reads.
# A run whose log lacks any of them gives nothing (QEMU's log lines are matched anywhere in a
# line, as they share the output with the guest's console).
disk_insns() { # native|rvkvm, part (1 read, 2 write, 3 random reads)
	local i v list=()
	for ((i = 1; i <= ndisk; i++)); do
		v=$(grep -ao 'insn-count: marker [-0-9]* seq [0-9]* vcpu [0-9]* insns [0-9]*' \
			"$logs/disk-$1.$i.log" 2>/dev/null |
			awk -v k="$2" '{ n++; t[n] = $NF }
				END { if (n == 6) printf "%.0f\n", t[2 * k] - t[2 * k - 1] }')
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
# stat_median RUN N PREFIX: the median over $logs/RUN.1.log .. RUN.N.log of the last field of
# the first line that starts with PREFIX (an --stats line).
stat_median() {
	local i v list=()
	for ((i = 1; i <= $2; i++)); do
		v=$(awk -v p="$3" 'index($0, p) == 1 { print $NF; exit }' "$logs/$1.$i.log" 2>/dev/null)
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
disk_stat() { # --stats line prefix (rvkvm runs)
	stat_median disk-rvkvm "$ndisk" "$1"
}
# ratio_row LABEL NATIVE RVKVM DECIMALS: a table row "label|native|rvkvm|rvkvm/native".
ratio_row() {
	local ratio=— n=$2 r=$3
	[ -z "$n" ] || [ -z "$r" ] || ratio=$(calc "if ($n > 0) printf \"%.2f×\", $r / $n")
	[ -z "$n" ] || n=$(calc "printf \"%.${4}f\", $n")
	[ -z "$r" ] || r=$(calc "printf \"%.${4}f\", $r")
	echo "$1|${n:-—}|${r:-n/a}|$ratio"
}
disk=() # what|native|rvkvm|ratio
disk_row() { # label, native value, rvkvm value, decimals
	disk+=("$(ratio_row "$@")")
}
per() { # value, divisor
	[ -n "$1" ] && [ -n "$2" ] && calc "printf \"%.6f\", $1 / $2"
}
disk_row "Sequential read, 64 MiB in 1 MiB direct I/O: M instructions per MiB" \
	"$(per "$(disk_insns native 1)" 64e6)" "$(per "$(disk_insns rvkvm 1)" 64e6)" 3
disk_row "Sequential write, 64 MiB in 1 MiB direct I/O: M instructions per MiB" \
	"$(per "$(disk_insns native 2)" 64e6)" "$(per "$(disk_insns rvkvm 2)" 64e6)" 3
disk_row "4 KiB random read (a dd each): k instructions per read" \
	"$(per "$(disk_insns native 3)" 256e3)" "$(per "$(disk_insns rvkvm 3)" 256e3)" 0
disk_row "4 KiB random reads per second of virtual time" \
	"$(per 256e7 "$(disk_field native rand-ticks)")" "$(per 256e7 "$(disk_field rvkvm rand-ticks)")" 0
disk_requests=$(disk_field rvkvm requests)
disk_row "Exits to the VMM per request (virtio register accesses)" "" \
	"$(per "$(disk_stat '  virtio-blk 0')" "$disk_requests")" 2
disk_row "Doorbells per request (QueueNotify, no exit)" "" \
	"$(per "$(disk_stat '  doorbells rung')" "$disk_requests")" 2

# Network rows: medians over the runs, as for the disk. The receiving guest's "net-bench:" line is
# in the run's log (one VM) or in the receiving VM's own log (net-vms: rx.log).
net_guest_log() { # run name
	if [ -d "$logs/$1.vm" ]; then echo "$logs/$1.vm/rx.log"; else echo "$logs/$1.log"; fi
}
net_field() { # run kind (native, rvkvm, vms), field
	local i v list=()
	for ((i = 1; i <= nnet; i++)); do
		v=$(tr -d '\r' <"$(net_guest_log "net-$1.$i")" 2>/dev/null |
			sed -n "s/^net-bench: .*$2=\([0-9]*\).*/\1/p" | head -n1)
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
# MiB per 10^9 instructions between the two markers, in runs that received all the bytes.
net_rate() { # run kind
	local i v bytes list=()
	for ((i = 1; i <= nnet; i++)); do
		bytes=$(tr -d '\r' <"$(net_guest_log "net-$1.$i")" 2>/dev/null |
			sed -n 's/^net-bench: bytes=\([0-9]*\).*/\1/p' | head -n1)
		[ "$bytes" = "$net_bytes" ] || continue
		v=$(grep -ao 'insn-count: marker [-0-9]* seq [0-9]* vcpu [0-9]* insns [0-9]*' \
			"$logs/net-$1.$i.log" 2>/dev/null |
			awk -v b="$bytes" '{ n++; t[n] = $NF }
				END { if (n == 2 && t[2] > t[1]) printf "%.3f\n", b / 1048576 / ((t[2] - t[1]) / 1e9) }')
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
net_stat() { # run kind, --stats line prefix
	stat_median "net-$1" "$nnet" "$2"
}
sum() { # a, b: a + b, or nothing if either is missing
	[ -n "$1" ] && [ -n "$2" ] && echo $(($1 + $2))
}
net=() # what|native|rvkvm|ratio
net_row() { # label, native value, rvkvm value, decimals
	net+=("$(ratio_row "$@")")
}
net_row "TCP host → guest, 16 MiB through hostfwd: MiB per 10^9 instructions" \
	"$(net_rate native)" "$(net_rate rvkvm)" 2
net_row "TCP VM → VM on a switch, 16 MiB: MiB per 10^9 instructions (both VMs' work)" \
	"" "$(net_rate vms)" 2
net_packets=$(sum "$(net_field rvkvm rx-packets)" "$(net_field rvkvm tx-packets)")
net_row "Packets the guest received and sent, host → guest" \
	"$(sum "$(net_field native rx-packets)" "$(net_field native tx-packets)")" "$net_packets" 0
net_row "Exits to the VMM per packet, host → guest (the NIC's virtio registers, whole run)" "" \
	"$(per "$(net_stat rvkvm '  virtio-net 0')" "$net_packets")" 2
net_row "Doorbells per packet, host → guest (QueueNotify, no exit)" "" \
	"$(per "$(net_stat rvkvm '  doorbells rung')" "$net_packets")" 2
# Thousands of instructions per UDP round trip, in runs that made all 2000 (the client VM's log
# is rx.log in the VM-to-VM runs, as above).
rr_insns() { # run kind (native, rvkvm, vms)
	local i v list=()
	for ((i = 1; i <= nnet; i++)); do
		tr -d '\r' <"$(net_guest_log "rr-$1.$i")" 2>/dev/null | grep -q '^net-bench-udp-rr: count=2000 ' ||
			continue
		v=$(grep -ao 'insn-count: marker [-0-9]* seq [0-9]* vcpu [0-9]* insns [0-9]*' \
			"$logs/rr-$1.$i.log" 2>/dev/null |
			awk '{ n++; t[n] = $NF } END { if (n == 2 && t[2] > t[1]) printf "%.3f\n", (t[2] - t[1]) / 2000 / 1e3 }')
		[ -z "$v" ] || list+=("$v")
	done
	median "${list[@]}"
}
net_row "UDP request/response, 64 bytes, guest ↔ host echo: k instructions per round trip" \
	"$(rr_insns native)" "$(rr_insns rvkvm)" 1
net_row "UDP request/response, 64 bytes, VM ↔ VM on a switch: k instructions per round trip" \
	"" "$(rr_insns vms)" 1

# Where the profiled boots' instructions ran, by the address of each translation block: rvkvm's
# image (hypervisor and VMM), the firmware below it (OpenSBI, from RAM's start), the guest (every
# other address: its kernel and user space run at their own virtual addresses).
image_start=$(nm "$RVKVM_IMAGE" 2>/dev/null | awk '$3 == "__image_start" { print $1 }')
image_end=$(nm "$RVKVM_IMAGE" 2>/dev/null | awk '$3 == "__image_end" { print $1 }')
# where_run LOG: "rvkvm firmware guest total" in instructions, or nothing.
where_run() {
	[ -n "$image_start" ] && [ -n "$image_end" ] && [ -f "$logs/$1.log" ] || return 0
	perl -ne '
		BEGIN { ($lo, $hi) = (hex($ENV{IMG_LO}), hex($ENV{IMG_HI})); }
		if (/^insn-profile: (0x[0-9a-f]+) (\d+)/) {
			my $a = hex($1);
			if ($a >= $lo && $a < $hi) { $hv += $2 }
			elsif ($a >= 0x80000000 && $a < $lo) { $fw += $2 }
			else { $g += $2 }
		}
		$t = $1 if /^insn-profile: total (\d+)/;
		END { print $hv + 0, " ", $fw + 0, " ", $g + 0, " ", $t + 0, "\n" if $t }
	' "$logs/$1.log"
}
export IMG_LO=$image_start IMG_HI=$image_end
read -r s1_hv s1_fw s1_g s1_t < <(where_run linux-profile-1; echo)
read -r s2_hv s2_fw s2_g s2_t < <(where_run linux-profile-2; echo)
profile=()
profile_row() { # label, 1-vCPU value, 2-vCPU value
	if [ -n "$2" ] && [ -n "$3" ]; then
		profile+=("$1|$(calc "printf \"%.1f M\", $2 / 1e6")|$(calc "printf \"%.1f M\", $3 / 1e6")|$(calc "printf \"%+.1f M\", ($3 - $2) / 1e6")")
	else
		profile+=("$1|n/a|n/a|n/a")
	fi
}
profile_row "rvkvm (hypervisor and VMM: its image's addresses)" "$s1_hv" "$s2_hv"
profile_row "firmware (OpenSBI: RAM's start up to rvkvm's image)" "$s1_fw" "$s2_fw"
profile_row "guest (every other address)" "$s1_g" "$s2_g"
profile_row "total, power-on to power-off" "$s1_t" "$s2_t"

# --- output -------------------------------------------------------------------------------------
qemu_version=$(qemu-system-riscv64 --version 2>/dev/null | head -n1)
opensbi_version=$(grep -m1 -o 'OpenSBI v[0-9.]*' "$logs/guest-native.log" 2>/dev/null)
opensbi32_version=$(grep -a -m1 -o 'OpenSBI v[0-9.]*' "$logs/guest-native32.log" 2>/dev/null)
opensbi_pkg=$(dpkg-query -W -f='${Version}' opensbi 2>/dev/null)
linux_version=$(grep -m1 -o 'Linux version [^ ]*' "$logs/linux-native-1.log" 2>/dev/null)
revision=$(git describe --always --dirty 2>/dev/null)

print_table() {
	{
		echo "operation|native|rvkvm|ratio|hypervisor/op|rv32 native|rv32 rvkvm|rv32 ratio|rv32 hypervisor/op|note"
		printf '%s\n' "${table[@]}"
	} | column -t -s '|'
	echo
	{
		echo "Linux boot, vCPUs|RAM|G-stage RAM faults|MMIO exits|MMIO decode cache hits|G-stage table pages|per GiB of RAM|leaves"
		printf '%s\n' "${gstage[@]}"
	} | column -t -s '|'
	echo
	{
		echo "disk I/O (median of $ndisk runs)|native|rvkvm|ratio"
		printf '%s\n' "${disk[@]}"
	} | column -t -s '|'
	echo
	{
		echo "network (median of $nnet runs)|native|rvkvm|ratio"
		printf '%s\n' "${net[@]}"
	} | column -t -s '|'
	echo
	{
		echo "Linux boot (cryptomgr.notests), where it runs|1 vCPU|2 vCPUs|difference"
		printf '%s\n' "${profile[@]}"
	} | column -t -s '|'
}

# RV32 (issue 19): the RV32 Linux boot, native and under rvkvm built for RV32.
echo "bench: rv32 ..." >&2
rv32_section=$(tools/bench_rv32.sh "$logs")
# Issue 18: the 2-hart boots on a QEMU whose -icount shares its budget between harts.
echo "bench: qemu10 ..." >&2
qemu10_section=$(tools/bench_qemu10.sh "$logs")

echo
print_table
# (its boot table, as the tables above)
echo "$rv32_section" | grep -E '^\| (RV32 Linux boot, 1 vCPU|—)' |
	sed -e 's/^| //' -e 's/ |$//' -e 's/ | /|/g' | column -t -s '|'
for n in "${spread[@]}"; do
	echo "spread: $n"
done
for n in "${notes[@]}"; do
	echo "note: $n"
done

md_rows() {
	local line
	for line in "$@"; do
		echo "| ${line//|/ | } |"
	done
}

{
	cat <<EOF
# rvkvm benchmarks

Made by \`make bench\` (\`tools/bench.sh\`) from rvkvm $revision; every figure is a count of
instructions under QEMU \`-icount shift=0,sleep=off\` (how to read them: below).

- QEMU: $qemu_version
- Firmware: ${opensbi_version:-OpenSBI (version not found)} (Debian package opensbi ${opensbi_pkg:-?}), \`$firmware\`
- Guest kernel: ${linux_version:-n/a} (\`$kernel\`), initramfs \`$initrd\`
- rv32 columns: \`qemu-system-riscv32\` of the same QEMU; firmware ${opensbi32_version:-OpenSBI (version not found)} built for rv32 from Debian's source (\`$firmware32\`, \`make deps-rv32\`); the benchmark guest \`$guest32\`, rvkvm \`$image32\` (note 17)

| operation | native | rvkvm | ratio | hypervisor instructions per op | rv32 native | rv32 rvkvm | rv32 ratio | rv32 hypervisor instructions per op | note |
|---|--:|--:|--:|--:|--:|--:|--:|--:|---|
EOF
	md_rows "${table[@]}"
	echo
	echo "Each Linux boot ran $nboots times; the table gives the median. Range over the runs:"
	echo
	for n in "${spread[@]}"; do
		echo "- $n"
	done
	echo
	echo "$rv32_section"
	echo
	echo "$qemu10_section"
	cat <<'EOF'

G-stage use of the median Linux boots (from `--stats`; issue 5). rvkvm zeroes and maps the guest
RAM it allocates on first touch, 2 MiB a fault (note 20; none where the VMM wrote first, as the
kernel's), so a RAM fault is a chunk's first touch and RAM never faults again outside dirty
logging; the other G-stage faults a boot takes are all MMIO, nearly all of them the kernel
writing its log through the emulated 16550. Each one's
load or store is decoded from its instruction bits, or found in the vCPU's decode cache
(`core/mmio_decode_cache.c`: the last four instructions decoded, keyed by their bits).

| Linux boot, vCPUs | RAM | G-stage RAM faults | MMIO exits | MMIO decode cache hits | G-stage table pages | per GiB of RAM | leaves |
|--:|--:|--:|--:|--:|--:|---|---|
EOF
	md_rows "${gstage[@]}"
	cat <<EOF

Disk I/O through a virtio disk (\`guests/linux/io-steps\`, step \`bench\`; issue 16): the Debian
kernel, 1 vCPU, the same 80 MiB raw file as its virtio-blk disk natively (QEMU's device) and
under rvkvm (rvkvm's guest virtio-blk, served by rvkvm's own driver of that QEMU device, with no
copy), with \`dd\` and direct I/O. The instructions are counted by a QEMU TCG plugin,
\`tools/insn_count/\` (\`-plugin\` natively, \`./rvkvm run --qemu-plugin\` under rvkvm): it adds up
the instructions every hart executes and prints the running total each time one runs its marker,
\`slti x0, x0, 1\` (a HINT that does nothing otherwise), which the step runs through
\`/bin/insn-marker\` (\`guests/linux/marker.S\`) right before and after each part. So a figure is
the instructions executed between the two markers by the guest, the hypervisor, the VMM and the
firmware together, on every hart, and nothing else. The \`time\` CSR would not do: under
\`-icount\` it also jumps to the next timer deadline whenever every hart sleeps waiting for the
host's file I/O, so it measures how often that happens (the host's I/O latency) more than work.
Between two markers also lie the first marker's exit and the shell starting \`dd\` (for the
random reads, one \`dd\` per read), natively as under rvkvm. The plugin counts a translation
block whole when it starts, so a block cut short by an exception or interrupt adds the few
instructions it did not run. Reads per second of virtual time still come from the \`time\` CSR
(10 MHz) around the random reads, idle jumps included. Median of $ndisk runs each. Exits per
request count the guest's accesses to the disk's virtio registers (each an
MMIO exit to the VMM) over the requests \`/sys/block/vda/stat\` counted.

| disk I/O | native | rvkvm | ratio |
|---|--:|--:|--:|
EOF
	md_rows "${disk[@]}"
	cat <<EOF

The network (\`guests/linux/net-steps\`, roles \`bench\` and \`bench-send\`; issue 17): the same
kernel receives 16 MiB over TCP into busybox \`nc -l\`, which hands them to \`wc -c\` between two
insn_count markers, so a figure counts every instruction of every hart from the connection's
start to its end (guest, hypervisor, VMM, firmware). Host → guest: the host sends zeros with
bash's \`/dev/tcp\` to a port of QEMU's user network forwarded to the guest (\`hostfwd\`);
natively the guest's NIC is QEMU's \`virtio-net-device\` on that network, under rvkvm it is
rvkvm's guest virtio-net (\`--network user\`), whose frames rvkvm's own driver of that same QEMU
device moves (one copy each way). VM → VM: two VMs of one run on an rvkvm switch, 1 vCPU each on
2 harts, the sender's \`nc\` and kernel included; QEMU has no native counterpart. (Until
rvkvm's spinning harts kept their timer near, \`sched_arch_spinning\`, this run did not end
under \`-icount\`: QEMU 7.2 runs the harts in turn, each until the next timer deadline, and a
hart spinning on the switch's lock while its holder waited for its turn spun for a billion
instructions a turn.) Exits and
doorbells per packet divide the NIC's count over the whole run (the boot's probe included, a few
dozen) by the packets the guest's \`eth0\` counted during the transfer. UDP request/response:
the guest's \`udp-rr\` client (\`tools/udp_rr/\`, static in the initramfs) sends 64 bytes and
waits for them back, 2000 times between two markers, to the host's \`udp-rr\` echo through QEMU's
user network (the guest's 10.0.2.2 is the host's loopback; natively and under rvkvm alike), or
to a second VM's echo on an rvkvm switch (both VMs' work). A
figure here is instructions per round trip: lower is better. Median of $nnet runs each.

| network | native | rvkvm | ratio |
|---|--:|--:|--:|
EOF
	md_rows "${net[@]}"
	cat <<'EOF'

Where a Linux boot's instructions run (issue 18): the `cryptomgr.notests` boot once more on 1
and on 2 vCPUs (2 harts), with the project's second TCG plugin, `tools/insn_count/insn_profile.c`
(`build/tools/insn_profile.so`), which counts the instructions of every translation block from
power-on to power-off; each block goes by its start address to rvkvm's image (hypervisor and
VMM), the firmware below it, or the guest. `tools/insn_profile.sh` names the functions from
symbol tables (README, "make bench"). One run each (boots vary by a few percent).

| Linux boot (`cryptomgr.notests`), where it runs | 1 vCPU | 2 vCPUs | difference |
|---|--:|--:|--:|
EOF
	md_rows "${profile[@]}"
	cat <<'EOF'

A second vCPU adds almost nothing to rvkvm's or the firmware's share: the 2-vCPU boot's extra
instructions are the guest's own. Named once by hand with the guest's `/proc/kallsyms` (the
Debian kernel ships no `System.map`; booted with `nokaslr` for the purpose), they were waits:
the kernel's unaligned-access probe (`check_unaligned_access`: 8 M instructions on 1 vCPU, 122 M
on 2, most of it one CPU waiting for `jiffies`, which the other CPU's tick moves on),
`rcu_momentary_eqs` and `multi_cpu_stop` (stop_machine, 24 M), and, with the console at the
default log level, `_raw_spin_lock` (1 M on 1 vCPU, 182 M on 2; gone with `quiet`). A waiting
vCPU spins, and under `-icount` QEMU 7.2 runs its harts in turn, each until its next timer
deadline, so every spin lasts at least until then; upstream QEMU changed that round robin in
8.1 ("fairness with icount"). Natively, two harts cannot boot Linux under `-icount` on QEMU 7.2
at all, so there is no native 2-hart figure to hold these against.
EOF
	if [ ${#notes[@]} -gt 0 ]; then
		echo
		echo "Problems in this run (their cells read n/a):"
		echo
		for n in "${notes[@]}"; do
			echo "- $n"
		done
	fi
	cat <<'EOF'

## How the figures are made

**The clock.** Under `-icount shift=0` QEMU 7.2 advances virtual time by one ns per guest
instruction, and the `instret` CSR reads that instruction clock (not a per-hart count): it
counts the instructions of every hart, plus virtual time that passes while every hart sleeps.
`sleep=off` makes that idle time jump straight to the next timer deadline instead of following
the host's clock, so the bare-metal benchmark gives the same numbers on every run. (A Linux boot
still varies by a few percent from run to run, natively too, so each runs five times.) The guest (`guests/bench/`) reads
`instret` around N repetitions of one operation (N = 5000 calls and MMIO accesses, 2048 first
writes, 8 moves of a 16 MiB region, 300 timer and IPI rounds) and prints the mean; N is large
enough that the loop set-up is noise. While one vCPU measures, the other harts sleep, so the
count is that operation's instructions: guest, hypervisor, VMM and firmware together. The `time`
CSR is the same clock at the `virt` machine's 10 MHz: one tick is 100 instructions.

**Native** is the same image run by OpenSBI as its S-mode payload, without rvkvm (it is linked
at RAM base + 2 MiB, where OpenSBI starts it; 4 MiB on rv32). It sees OpenSBI's implementation id
and skips what has no meaning there (the test device, dirty logging, region changes).

**Hypervisor instructions per op** = the rvkvm figure minus what the guest executes for the
operation by itself: for SBI calls, the same loop setting up the same eight registers around a
`nop` instead of the `ecall` (`baseline-call`); for the MMIO writes and the dirty-log first
touch, the same loop writing mapped RAM (`first-write-premapped`); for the rest, the native
figure (so for the IPI rows it is what rvkvm adds over OpenSBI delivering the IPI itself).
Region moves are all hypervisor work.

Notes, by the number in the table:

1. Natively OpenSBI answers the call in M-mode; under rvkvm the core answers it in HS-mode and
   OpenSBI is not involved.
2. An extension the core does not implement goes to the VMM as an SBI exit (`RVKVM_EXIT_RISCV_SBI`)
   and comes back with NOT_SUPPORTED. Natively OpenSBI refuses the same call itself.
3. Natively a load from QEMU's 16550; under rvkvm a G-stage fault, instruction decode, an MMIO
   exit to the VMM's 16550 model, and the result written back to the guest's register.
4. rvkvm's test device (`vmm/devices/testdev.c`): an MMIO store exit; no such device natively.
5. With dirty logging on, each page is write-protected: the first write takes a G-stage fault,
   rvkvm marks it dirty and maps the 4 KiB page writable. Natively: a plain first write.
6. rvkvm maps a region when it is added, with 2 MiB (or 1 GiB) leaves where host and guest
   alignment allow, so a first touch takes no fault: the cost is the TLB refill (not counted by
   QEMU) and the mapping work paid up front in the next two rows.
7. The guest asks the VMM (test device command) to move a 16 MiB region back and forth; each
   move unmaps it, fences every hart, maps it at its new place and fences again. 4 KiB leaves:
   the two places are 4 KiB off the host alignment; 2 MiB: both are 2 MiB aligned. Per 4 KiB of
   region, so it compares with row 5.
8. The vCPU sleeps in WFI with its timer set 50 ticks ahead; the figure runs from the deadline
   (ticks × 100) to the first instruction of the handler, or, with interrupts masked, to the
   instruction after WFI. QEMU sets the timer to fire at the deadline plus the sub-tick part of
   the time it was programmed, so each sample carries 0–99 instructions of rounding, natively
   and under rvkvm alike (natively the WFI wake-up itself is about 1 instruction).
9. The second vCPU sleeps in WFI on the second hart; each vCPU's handler answers with an SBI
   send_ipi. Under rvkvm: SBI IPI in the core, a kick through the firmware's IPI, the target's
   WFI wait ends, VSSIP injected, and the same back.
10. Measured with `instret` across harts. QEMU runs one hart at a time, so these include the
    sender's own instructions from the send until it sleeps (under rvkvm, its WFI exit too).
11. The `time` CSR read by `/bin/rdtime` (`guests/linux/rdtime.S`) as the first thing init does
    after mounting /proc (`rvkvm.bench` on the command line), times 100: everything from QEMU's
    power-on (OpenSBI, rvkvm's boot and the VM's set-up, Linux) up to the marker. rvkvm never
    sets `htimedelta`, so the guest's time is the host's and both runs count from power-on.
    A guest-side marker is exact to a tick and needs nothing from the host side; `/proc/uptime`
    would be coarser and start at the kernel's clock, not at power-on. The boot prints its log
    on the 16550 (`console=ttyS0`) in both runs. Every boot runs twice over: with the command
    line above, and with `cryptomgr.notests` added, which skips the crypto self-tests (their
    work varies from boot to boot and is most of the spread between runs).
12. Three references, each named in its row: the same boot natively on **1** hart; rvkvm with
    1 vCPU (put in the native column of its rows, and no hypervisor figure there); and, for
    guest entry to init, rvkvm 1 vCPU's guest entry to init, which leaves out the set-up the two
    share. Linux on 2 harts natively does not get
    to init under `-icount` on QEMU 7.2: its remote TLB flushes go to OpenSBI, which waits for
    the other hart by spinning, and QEMU, running one hart at a time from hart 0 to each timer
    deadline, then never runs the other hart. rvkvm does its own remote fences and waits in WFI
    (`platform/remote_fence.c`), which is why the guest boots on 2 vCPUs under rvkvm. The 2-vCPU
    figure counts both harts' instructions.

13. The IPI round trip of note 9 with the guest's two vCPUs on **one** hart (`--cpus 2 --harts 1`):
    each IPI finds its target blocked in WFI off the hart, so the hart switches vCPUs (the
    scheduler's vcpu_put of one, vcpu_load of the other, lazy FP untouched) twice per round
    trip. The native reference is the round trip on two harts; the difference is what sharing
    a hart costs on top of two IPIs.

14. The test device's doorbell (`rvkvm_ioeventfd`, KVM's ioeventfd): a 4-byte write of 1 at
    its offset 0x18. The core decodes the store as for note 4, finds the doorbell that takes it,
    adds 1 to its event and resumes the guest; the VMM reads the count when it wants it
    (`guests/mmio_doorbell` checks the counts). No such device natively.

15. Kernel entry splits each boot in two. Natively, OpenSBI does not start Linux itself but
    `build/linux/kentry.bin` (`guests/linux/kentry.S`), an S-mode payload of about 30
    instructions whose first reads `time`; it prints that on the 16550 and jumps to the
    unmodified kernel Image, which QEMU's generic loader put 2 MiB above it (`-device loader`;
    Linux on riscv64 runs from any 2 MiB-aligned address). Its printing, a few hundred
    instructions, falls in "kernel entry to init"; booting the Image directly instead gives the same total within
    the runs' spread. Under rvkvm the core notes the time when vCPU 0 first enters
    `rvkvm_vcpu_run` (the first world switch into the guest follows within a few hundred
    instructions) and `--stats` prints it. Other markers were no good: the kernel's printk
    clock starts when its timer is registered, reads 0 before that, and counts from there, not
    from entry; OpenSBI 1.1 prints no time when it jumps. So "power-on to guest entry" is
    OpenSBI, rvkvm's own boot and the VM's set-up, and "guest entry to init" is the guest and
    every exit it takes.
16. The VM's set-up: from `rvkvm_create_vm` to vCPU 0's first run, both times noted by the core
    and printed by `--stats`: G-stage tables, guest RAM, loading the kernel, initramfs and
    device tree into it, the vCPUs. The 1 GiB and 4 GiB rows are the same VM (the
    `cryptomgr.notests` Linux boot) with more RAM, one boot each; what grows with RAM is what
    set-up does per byte of RAM.
17. The rv32 columns: the same benchmark guest's source built for rv32 (`-march=rv32imac
    -mabi=ilp32`, `make rv32`), run as the rv64 columns are, on `qemu-system-riscv32 -cpu
    rv32,h=true,sscofpmf=true` with `-icount shift=0,sleep=off`: natively on OpenSBI built for
    rv32, and under rvkvm built for rv32 (`./rvkvm run --arch rv32`, its test image); the shared
    hart row is `--cpus 2 --harts 1` there too. The firmware is not the rv64 columns' (OpenSBI
    1.6 built from Debian's source against Debian's packaged 1.1 on rv64), so the native SBI
    figures of the two widths differ by the firmware as much as by the width. On rv32 `instret`
    is the instruction clock's low 32 bits: every figure is a difference far below 2^32.
18. On rv32 the test slot that the dirty-log and region rows use sits at guest-physical
    0x4000_0000 and moves to 0x6000_0000 (`--testmem`; 4 GiB and 8 GiB on rv64), within the
    32-bit addresses of a bare-mode rv32 guest; Sv32x4's large leaf is 4 MiB, so the "2M" region
    row maps 4 KiB leaves there, as a 2 MiB range is smaller than one large leaf.
19. The rv32 columns of the Linux rows are empty: the RV32 Linux boot is another kernel (6.12
    with a small config, its own init, booted to power-off), in the RV32 section after the
    table, with its own split.
20. The RAM rvkvm allocates for a VM is zeroed and mapped when the guest first touches it, a
    chunk of 2 MiB at a time (`core/ram_populate.c`): the guest writes once to each 4 KiB page
    of 8 MiB of its RAM it has not touched, the first write to each 2 MiB faults, and the
    figure is per page. On rv64 the chunk is one 2 MiB leaf; on rv32 it takes 512 4 KiB leaves
    (Sv32x4's large leaf is 4 MiB) and its zeroing stores 4 bytes at a time, not 8. Natively: a
    plain first write.

## Command lines

Each run, as `tools/bench.sh` started it; under each `./rvkvm run`, the QEMU command it ran
(rvkvm's image as the kernel, the VM bundle as the initrd: `BUNDLE.cpio` stands for the
temporary file ./rvkvm packs; `--stats` prints the G-stage figures):

```
EOF
	printf '%s\n' "${commands[@]}"
	cat <<'EOF'
```

The bare-metal benchmark takes `bench.n=N` in its command line (`--append`, or QEMU's `-append`)
to cap every N; `tests/guest/cases/bench_smoke.case` runs it with N = 5 under `make test`.
EOF
} >"$out.tmp" && mv "$out.tmp" "$out"
echo "bench: wrote $out" >&2
exit 0
