#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make bench's RV32 rows (issue 19): the RV32 Linux kernel of make deps-rv32 (tools/rv32/init.c
# as its init, which powers off) booted to its power-off natively on qemu-system-riscv32 and under
# rvkvm built for RV32, on 1 vCPU, counted by the insn_count plugin under -icount; the median of
# BENCH_RV32_RUNS runs (3). Prints a Markdown section; logs go to the folder it is given.
set -u
cd "$(dirname "$0")/.." || exit 1
logs=${1:?usage: tools/bench_rv32.sh LOG-FOLDER}
runs=${BENCH_RV32_RUNS:-3}
plugin=build/tools/insn_count.so
rv=cache/rv32
mkdir -p "$logs"
for f in "$rv/Image" "$rv/initramfs.cpio" "$rv/fw_dynamic.bin" build/rv32/rvkvm.elf "$plugin"; do
	[ -f "$f" ] || { echo "(RV32 rows left out: no $f; make deps-rv32 rv32 builds it)"; exit 0; }
done

count() { # log -> the instructions of the run (one hart)
	sed -n 's/^insn-count: exit vcpu 0 insns \([0-9]*\)$/\1/p' "$1" | head -n1
}
median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}
native=() rvkvm=()
for ((i = 1; i <= runs; i++)); do
	timeout -k 5 300 qemu-system-riscv32 -M virt -cpu rv32,h=true -m 256M -nographic -smp 1 \
		-bios "$rv/fw_dynamic.bin" -kernel "$rv/Image" -initrd "$rv/initramfs.cpio" \
		-icount shift=0,sleep=off -plugin "$plugin" -d plugin </dev/null >"$logs/rv32-native.$i.log" 2>&1
	v=$(count "$logs/rv32-native.$i.log") && [ -n "$v" ] && native+=("$v")
	RVKVM_IMAGE=build/rv32/rvkvm.elf timeout -k 5 300 ./rvkvm run --arch rv32 --kernel "$rv/Image" \
		--initrd "$rv/initramfs.cpio" --mem 256M --cpus 1 --icount --qemu-plugin "$plugin" \
		</dev/null >"$logs/rv32-rvkvm.$i.log" 2>&1
	v=$(count "$logs/rv32-rvkvm.$i.log") && [ -n "$v" ] && rvkvm+=("$v")
done
n=$(median "${native[@]}") r=$(median "${rvkvm[@]}")
echo "## RV32"
echo
echo "The RV32 Linux 6.12 kernel built by \`make deps-rv32\` (\`tools/rv32/linux.config\`, 1.9 MB), its"
echo "init printing the CPUs, the timer and a user-mode \`rdtime\`, then powering off: instructions"
echo "from power-on to power-off on 1 hart, native on \`qemu-system-riscv32 -cpu rv32,h=true\` and"
echo "under rvkvm built for RV32 (\`--arch rv32\`, 1 vCPU, 256 MiB), median of $runs runs."
echo
echo "| operation | native | rvkvm | ratio |"
echo "|---|--:|--:|--:|"
if [ -n "$n" ] && [ -n "$r" ]; then
	awk -v n="$n" -v r="$r" 'BEGIN { printf "| RV32 Linux boot to power-off, M instructions | %.1f | %.1f | %.2fx |\n", n / 1e6, r / 1e6, r / n }'
else
	echo "| RV32 Linux boot to power-off | (no count: see $logs/rv32-*.log) | | |"
fi
