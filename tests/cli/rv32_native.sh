#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Boots the RV32 Linux kernel that make deps-rv32 builds into cache/rv32, natively on
# qemu-system-riscv32 with no rvkvm (rv32 OpenSBI, the Image, the initramfs with
# tools/rv32/init.c): on 1, 2 and 4 harts, and once with h=true (QEMU 7.2's rv32 has the H
# extension by default too; there the firmware's banner must show it). Each boot must print the
# init's lines (riscv32, the number of CPUs QEMU was given, the timer ticking, rdtime from U-mode)
# and power off through SBI, QEMU exiting 0; and libfdt.a, linked into a bare-metal probe, must read
# the board's device tree and edit a copy. Prints "ok NAME" or "FAIL NAME" a boot, or one line
# "skip rv32-native ..." and exits 0 when cache/rv32 has not been built (make test builds it
# first: make deps-rv32 is one of its steps).
set -u
cd "$(dirname "$0")/../.." || exit 1
rv=${RVKVM_CACHE:-cache}/rv32
for f in fw_dynamic.bin Image initramfs.cpio libfdt/libfdt.a; do
	if [ ! -f "$rv/$f" ]; then
		echo "skip rv32-native (no $rv/$f: make deps-rv32 builds it)"
		exit 0
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

has() { # log, a line it must have (an extended regular expression matching the whole line)
	grep -qxE "$2" "$1"
}

boot() { # name cpu harts
	local name=$1 cpu=$2 harts=$3 log=$tmp/$1.log rc why=
	timeout 180 qemu-system-riscv32 -M virt -cpu "$cpu" -m 256M -smp "$harts" \
		-bios "$rv/fw_dynamic.bin" -kernel "$rv/Image" -initrd "$rv/initramfs.cpio" \
		-nographic -no-reboot </dev/null 2>&1 | tr -d '\r' >"$log"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || why+="QEMU exited $rc; "
	has "$log" 'rv32 init: machine riscv32, Linux .*' || why+="no riscv32 line; "
	has "$log" "rv32 init: $harts CPUs online" || why+="not '$harts CPUs online'; "
	has "$log" 'rv32 init: timer ticks .*' || why+="no timer line; "
	has "$log" 'rv32 init: user rdtime ok .*' || why+="no rdtime line; "
	! grep -q '^rv32 init: FAIL' "$log" || why+="$(grep -m1 '^rv32 init: FAIL' "$log"); "
	has "$log" 'rv32 init: done, powering off' || why+="init did not finish; "
	grep -q 'reboot: Power down' "$log" || why+="no power-off; "
	case $cpu in
	*h=true*) grep -qE '^Boot HART Base ISA +: rv32[a-z]*h' "$log" || why+="firmware saw no H; " ;;
	esac
	if [ -z "$why" ]; then
		echo "ok $name $(grep -m1 '^rv32 init: timer ticks' "$log")"
	else
		echo "FAIL $name (${why%; }; last lines: $(tail -n 3 "$log" | tr '\n' '|'))"
	fi
}

# libfdt for rv32: tests/rv32/fdt_probe.c linked with it, booted by the rv32 OpenSBI on 2 harts,
# reads QEMU's device tree and edits a copy. picolibc's headers for libfdt's, as it was built.
probe() {
	local name=rv32-libfdt-probe log=$tmp/probe.log rc why="" line
	local cflags=(-std=gnu11 -O2 -Wall -Wextra -Werror -march=rv32imac_zicsr_zifencei -mabi=ilp32
		-mcmodel=medany -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns)
	if ! riscv64-unknown-elf-gcc --specs=picolibc.specs "${cflags[@]}" -I"$rv/libfdt/include" \
		-c -o "$tmp/fdt_probe.o" tests/rv32/fdt_probe.c >"$log" 2>&1 ||
		! riscv64-unknown-elf-gcc "${cflags[@]}" -nostdlib -static -Wl,-N -Wl,-Ttext=0x80400000 \
			-Wl,--no-warn-rwx-segments -Wl,-e,_start -o "$tmp/fdt_probe.elf" \
			tests/rv32/fdt_probe_start.S "$tmp/fdt_probe.o" "$rv/libfdt/libfdt.a" -lgcc >>"$log" 2>&1; then
		echo "FAIL $name (build: $(head -n 3 "$log" | tr '\n' '|'))"
		return
	fi
	timeout 60 qemu-system-riscv32 -M virt -cpu rv32 -m 256M -smp 2 -bios "$rv/fw_dynamic.bin" \
		-kernel "$tmp/fdt_probe.elf" -nographic -no-reboot </dev/null 2>&1 | tr -d '\r' >"$log"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || why+="QEMU exited $rc; "
	for line in 'fdt probe: 2 cpus' 'fdt probe: uart at 0x10000000' \
		'fdt probe: stdout-path /soc/serial@10000000' \
		'fdt probe: edited copy reads back rvkvm,probe = rv32' 'fdt probe: PASS'; do
		grep -qxF "$line" "$log" || why+="no '$line'; "
	done
	if [ -z "$why" ]; then
		echo "ok $name 2 cpus, the 16550 and stdout-path read, a copy edited"
	else
		echo "FAIL $name (${why%; }; last lines: $(tail -n 3 "$log" | tr '\n' '|'))"
	fi
}

boot rv32-native-1-hart rv32 1
boot rv32-native-2-harts rv32 2
boot rv32-native-4-harts rv32 4
boot rv32-native-2-harts-h rv32,h=true 2
probe
