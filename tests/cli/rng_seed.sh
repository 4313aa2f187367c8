#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the guests' /chosen/rng-seed through --dump-dtb: 64 bytes in every VM's device tree,
# different for two VMs of one run and for one VM in two runs. Prints "ok NAME" or "FAIL NAME".
set -u
cd "$(dirname "$0")/../.." || exit 1
img=build/guests/sbi_base.img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed() { # dtb: the seed as hex words, or nothing
	fdtget -t x "$1" /chosen rng-seed 2>/dev/null
}

# 64 bytes are 16 words.
words() {
	wc -w <<<"$1"
}

if ./rvkvm run --timeout 60 --vm --kernel "$img" --mem 32M --dump-dtb "$tmp/a.dtb" \
	--vm --kernel "$img" --mem 32M --dump-dtb "$tmp/b.dtb" </dev/null >"$tmp/out" 2>&1; then
	a=$(seed "$tmp/a.dtb") b=$(seed "$tmp/b.dtb")
	if [ "$(words "$a")" -eq 16 ] && [ "$(words "$b")" -eq 16 ] && [ "$a" != "$b" ]; then
		echo "ok rng-seed-two-vms"
	else
		echo "FAIL rng-seed-two-vms (vm0: '$a', vm1: '$b')"
	fi
else
	echo "FAIL rng-seed-two-vms (run failed: $(tr -d '\r' <"$tmp/out" | tail -n 3))"
fi

if ./rvkvm run --timeout 60 --kernel "$img" --mem 32M --dump-dtb "$tmp/c.dtb" </dev/null \
	>"$tmp/out" 2>&1; then
	c=$(seed "$tmp/c.dtb")
	if [ "$(words "$c")" -eq 16 ] && [ "$c" != "${a-}" ] && [ "$c" != "${b-}" ]; then
		echo "ok rng-seed-next-run"
	else
		echo "FAIL rng-seed-next-run (this run: '$c', the last: '${a-}')"
	fi
else
	echo "FAIL rng-seed-next-run (run failed: $(tr -d '\r' <"$tmp/out" | tail -n 3))"
fi
