#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The product image (build/rvkvm.elf, make run's) carries no test hooks: none of their symbols
# is in it (the test image's are, so the check can fail), and ./rvkvm run options that need them
# are usage errors naming the test image. Prints "ok NAME" or "FAIL NAME (why)".
set -u
cd "$(dirname "$0")/../.." || exit 1
product=build/rvkvm.elf test_image=build/rvkvm-test.elf
img=build/guests/sbi_base.img
nm=${CROSS:-riscv64-linux-gnu-}gcc-nm

# Function and object symbols of the test-only files (vmm/test_hooks.h lists them).
hooks='(^|[^A-Za-z0-9])(memtest|regtest|testdev|test_hooks|sbi_vendor|guest_traps|selftest)_'
hook_symbols() { # image
	"$nm" "$1" 2>/dev/null | awk '{ print $NF }' | grep -E "$hooks"
}

if [ ! -f "$product" ] || [ ! -f "$test_image" ]; then
	echo "FAIL product-no-hook-symbols (build both images first: make all)"
elif found=$(hook_symbols "$product"); [ -n "$found" ]; then
	echo "FAIL product-no-hook-symbols ($(tr '\n' ' ' <<<"$found"))"
elif [ -z "$(hook_symbols "$test_image")" ]; then
	echo "FAIL product-no-hook-symbols (the test image has none either: the check finds nothing)"
else
	echo "ok product-no-hook-symbols ($(hook_symbols "$test_image" | wc -l) in the test image, 0 in the product)"
fi

# Each test option on the product image: status 2 and the message naming the test image.
expect_needs_test_image() { # name, option, ./rvkvm run args...
	local name=$1 option=$2 out rc
	shift 2
	out=$(RVKVM_IMAGE=$product ./rvkvm run --kernel "$img" --mem 64M --timeout 60 "$@" </dev/null 2>&1)
	rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "this image has no test hooks: $option needs $test_image" <<<"$out"; then
		echo "ok $name"
	else
		echo "FAIL $name (status $rc, output: $(tail -c 200 <<<"$out" | tr -d '\r' | tr '\n' ' '))"
	fi
}
expect_needs_test_image product-refuses-testmem --testmem --testmem 16M
expect_needs_test_image product-refuses-regtest --regtest --regtest
