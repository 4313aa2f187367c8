#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# ONE_REG ids on both widths: tests/unit/reg_ids_values.c compiled for rv32 (ilp32) and rv64
# (lp64) against Linux's newest riscv <asm/kvm.h> and against rvkvm/reg.h gives the same values,
# and rv32's differ from rv64's (the unsigned long registers are U32 there). Compiled, never run:
# the values are compared in the objects' .rodata. Prints "ok NAME" or "FAIL NAME".
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=riscv64-unknown-elf-gcc
linux_hdrs=(-Icache/linux-headers/forky/usr/include/riscv64-linux-gnu -Icache/linux-headers/forky/usr/include)

values() { # side width -> $tmp/side-width.bin
	local side=$1 width=$2 flags=(-march=rv64imac -mabi=lp64)
	[ "$width" = 32 ] && flags=(-march=rv32imac -mabi=ilp32)
	if [ "$side" = linux ]; then
		flags+=(-DREG_IDS_SIDE_LINUX "${linux_hdrs[@]}")
	else
		flags+=(-Iinclude)
	fi
	$cc -std=c11 -O1 -ffreestanding -I. "${flags[@]}" -c -o "$tmp/$side-$width.o" \
		tests/unit/reg_ids_values.c 2>"$tmp/$side-$width.err" &&
		riscv64-unknown-elf-objcopy -O binary --only-section=.rodata "$tmp/$side-$width.o" \
			"$tmp/$side-$width.bin"
}

for w in 32 64; do
	if ! values linux $w || ! values rvkvm $w; then
		echo "FAIL reg_ids_width_rv$w (does not compile: $(head -c 300 "$tmp"/*-$w.err | tr '\n' ' '))"
		continue
	fi
	n=$(($(stat -c %s "$tmp/rvkvm-$w.bin") / 8))
	if cmp -s "$tmp/linux-$w.bin" "$tmp/rvkvm-$w.bin" && [ "$n" -gt 100 ]; then
		echo "ok reg_ids_width_rv$w ($n values, as Linux's rv$w headers have them)"
	else
		echo "FAIL reg_ids_width_rv$w (rvkvm's ids differ from Linux's for rv$w:" \
			"$(cmp "$tmp/linux-$w.bin" "$tmp/rvkvm-$w.bin" 2>&1 | head -1))"
	fi
done
if [ -f "$tmp/rvkvm-32.bin" ] && [ -f "$tmp/rvkvm-64.bin" ] && ! cmp -s "$tmp/rvkvm-32.bin" "$tmp/rvkvm-64.bin"; then
	echo "ok reg_ids_width_differ (rv32's unsigned long registers are U32, rv64's U64)"
else
	echo "FAIL reg_ids_width_differ (the rv32 and rv64 tables are the same)"
fi
