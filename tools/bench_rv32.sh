#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make bench's RV32 rows (issue 19): the RV32 Linux kernel of make deps-rv32 (tools/rv32/init.c
# as its init, which powers off) booted to its power-off natively on qemu-system-riscv32 and under
# rvkvm built for RV32, on 1 vCPU, counted by the insn_count plugin under -icount; the median of
# BENCH_RV32_RUNS runs (3). Each boot splits at the kernel's first instruction as the rv64 boots
# do (tools/bench.sh): natively OpenSBI starts build/rv32/linux/kentry.bin, which prints the time
# and jumps to the Image 4 MiB above it; under rvkvm --stats prints vCPU 0's first run and the
# VM's creation. Prints a Markdown section; logs go to the folder it is given.
set -u
cd "$(dirname "$0")/.." || exit 1
logs=${1:?usage: tools/bench_rv32.sh LOG-FOLDER}
runs=${BENCH_RV32_RUNS:-3}
plugin=build/tools/insn_count.so
rv=cache/rv32
kentry=build/rv32/linux/kentry.bin
kernel_addr=0x80800000 # where kentry jumps (rv32.mk)
mkdir -p "$logs"
for f in "$rv/Image" "$rv/initramfs.cpio" "$rv/fw_dynamic.bin" build/rv32/rvkvm.elf "$kentry" "$plugin"; do
	[ -f "$f" ] || { echo "(RV32 rows left out: no $f; make deps-rv32 rv32 builds it)"; exit 0; }
done

count() { # log -> the instructions of the run (one hart)
	sed -n 's/^insn-count: exit vcpu 0 insns \([0-9]*\)$/\1/p' "$1" | head -n1
}
# Power-on to the kernel's first instruction, in instructions (time ticks of 100): natively
# kentry's line, under rvkvm vCPU 0's first run.
entry() { # log
	local t
	t=$(sed -n -e 's/.*rvkvm-bench-kernel-entry ticks=\([0-9][0-9]*\).*/\1/p' \
		-e 's/.*time: created at [0-9]*, vcpu0 first run at \([0-9][0-9]*\).*/\1/p' "$1" | head -n1)
	[ -n "$t" ] && echo $((t * 100))
}
setup() { # log -> rvkvm's VM set-up: its creation to vCPU 0's first run
	local line
	line=$(sed -n 's/.*time: created at \([0-9]*\), vcpu0 first run at \([0-9]*\).*/\1 \2/p' "$1" | head -n1)
	[ -n "$line" ] && echo $(((${line#* } - ${line% *}) * 100))
}
stat() { # log, --stats row label -> its vCPU 0 column
	awk -v p="  $2 " 'index($0, p) == 1 { print $NF; exit }' "$1"
}
# median_run NAME: the log of the run whose count is the median (of those that gave one).
median_run() {
	local i v list=()
	for ((i = 1; i <= runs; i++)); do
		v=$(count "$logs/$1.$i.log") && [ -n "$v" ] && list+=("$v $i")
	done
	[ ${#list[@]} -gt 0 ] || return 0
	mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -n)
	echo "$logs/$1.${list[$(((${#list[@]} - 1) / 2))]#* }.log"
}
for ((i = 1; i <= runs; i++)); do
	timeout -k 5 300 qemu-system-riscv32 -M virt -cpu rv32,h=true,sscofpmf=true -m 256M -nographic \
		-smp 1 -bios "$rv/fw_dynamic.bin" -kernel "$kentry" \
		-device "loader,file=$rv/Image,addr=$kernel_addr" -initrd "$rv/initramfs.cpio" \
		-icount shift=0,sleep=off -plugin "$plugin" -d plugin </dev/null 2>&1 |
		tr -d '\r' >"$logs/rv32-native.$i.log"
	RVKVM_IMAGE=build/rv32/rvkvm.elf timeout -k 5 300 ./rvkvm run --arch rv32 --kernel "$rv/Image" \
		--initrd "$rv/initramfs.cpio" --mem 256M --cpus 1 --icount --stats --qemu-plugin "$plugin" \
		</dev/null 2>&1 | tr -d '\r' >"$logs/rv32-rvkvm.$i.log"
done
nlog=$(median_run rv32-native) rlog=$(median_run rv32-rvkvm)
n="" ne="" r="" re="" rs=""
[ -z "$nlog" ] || { n=$(count "$nlog"); ne=$(entry "$nlog"); }
[ -z "$rlog" ] || { r=$(count "$rlog"); re=$(entry "$rlog"); rs=$(setup "$rlog"); }

# row LABEL NATIVE RVKVM: "| label | native | rvkvm | ratio | hypervisor |" in M instructions; an
# empty native is "—" (no such thing natively: all of it is the hypervisor's), an empty rvkvm n/a.
row() {
	awk -v l="$1" -v n="$2" -v r="$3" 'BEGIN {
		nc = n == "" ? "—" : sprintf("%.1f M", n / 1e6)
		rc = r == "" ? "n/a" : sprintf("%.1f M", r / 1e6)
		ratio = n == "" || r == "" || n < 1 ? "—" : sprintf("%.2f×", r / n)
		h = r == "" ? "n/a" : sprintf("%.1f M", (r - n) / 1e6)
		printf "| %s | %s | %s | %s | %s |\n", l, nc, rc, ratio, h
	}'
}
minus() { # a, b: a - b, or nothing if either is missing
	[ -n "$1" ] && [ -n "$2" ] && echo $(($1 - $2))
}

echo "## RV32"
echo
echo "The RV32 Linux 6.12 kernel built by \`make deps-rv32\` (\`tools/rv32/linux.config\`, 1.9 MB), its"
echo "init printing the CPUs, the timer and a user-mode \`rdtime\`, then powering off: instructions"
echo "from power-on to power-off on 1 hart, native on \`qemu-system-riscv32 -cpu rv32,h=true,sscofpmf=true\`"
echo "and under rvkvm built for RV32 (\`--arch rv32\`, 1 vCPU, 256 MiB), median of $runs runs, counted"
echo "by the insn_count plugin. The boot splits at the kernel's first instruction as the rv64 boots"
echo "do (note 15): natively OpenSBI starts \`build/rv32/linux/kentry.bin\` (\`guests/linux/kentry.S\`"
echo "built for rv32), which prints the \`time\` CSR and jumps to the Image, loaded 4 MiB above it"
echo "(\`-device loader\`; Linux on riscv32 runs from any 4 MiB-aligned address); under rvkvm"
echo "\`--stats\` gives vCPU 0's first run and the VM's creation (note 16). Those times, 100"
echo "instructions a tick, come before the guest ever sleeps, so they count instructions as the"
echo "plugin does; the second part is the plugin's total less the first, from the median run."
echo "Booting the Image directly instead (QEMU puts it 4 MiB lower) counted 0.3 % more natively"
echo "when this split was made (88.2 M against 88.0 M): the kernel's place moves a little of its work."
echo
echo "| RV32 Linux boot, 1 vCPU | native | rvkvm | ratio | hypervisor instructions |"
echo "|---|--:|--:|--:|--:|"
row "RV32 Linux boot, 1 vCPU: power-on to power-off" "$n" "$r"
row "— power-on to kernel entry (native) / guest entry (rvkvm)" "$ne" "$re"
row "— of which rvkvm's VM set-up (create VM to vCPU 0's first run)" "" "$rs"
row "— kernel entry (native) / guest entry (rvkvm) to power-off" "$(minus "$n" "$ne")" "$(minus "$r" "$re")"
[ -n "$n" ] && [ -n "$r" ] || echo "| (no count: see $logs/rv32-*.log) | | | | |"
echo
echo "What the median rvkvm boot's vCPU took (\`--stats\`):"
echo
echo "| RV32 Linux boot, vCPUs | exits | SBI calls | MMIO exits | G-stage faults | timer injections | WFI exits | G-stage table pages | leaves |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|---|"
if [ -n "$rlog" ]; then
	pages=$(sed -n 's/.*g-stage .*: \([0-9]*\) table pages.*/\1/p' "$rlog" | head -n1)
	leaves=$(sed -n 's/.*g-stage .*leaves: \(.*\); dirty-log.*/\1/p' "$rlog" | head -n1)
	echo "| 1 | $(stat "$rlog" "exits (all)") | $(stat "$rlog" "sbi calls") | $(stat "$rlog" "mmio exits") | $(stat "$rlog" "g-stage faults") | $(stat "$rlog" "timer injections") | $(stat "$rlog" "  wfi") | ${pages:-n/a} | ${leaves:-n/a} |"
else
	echo "| 1 | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"
fi
