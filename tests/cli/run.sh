#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks of ./rvkvm run's handling of user input: each bad input gets exit status 2 and one line
# naming the problem; --dump-dtb writes a device tree dtc can read. Prints "ok NAME" or "FAIL NAME".
set -u
cd "$(dirname "$0")/../.." || exit 1
img=build/guests/sbi_base.img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 100 /dev/urandom >"$tmp/junk"

expect_usage_error() { # name, message pattern, args...
	local name=$1 pattern=$2 out rc
	shift 2
	out=$(./rvkvm run "$@" </dev/null 2>&1)
	rc=$?
	if [ $rc -eq 2 ] && grep -q -- "$pattern" <<<"$out"; then
		echo "ok $name"
	else
		echo "FAIL $name (status $rc, output: $(head -c 200 <<<"$out"))"
	fi
}

expect_usage_error no-kernel "--kernel is required"
expect_usage_error missing-kernel "cannot read kernel" --kernel "$tmp/nothing"
expect_usage_error not-an-image "is not a RISC-V Linux Image" --kernel "$tmp/junk"
# A Linux Image of the other width (text_offset: 4 MiB for RV32, 2 MiB for RV64), and an --arch
# that does not exist.
printf 'ABCDEFGH\0\0\x40\0\0\0\0\0' >"$tmp/rv32-linux"
head -c 40 /dev/zero >>"$tmp/rv32-linux"
printf 'RSC\x05' >>"$tmp/rv32-linux"
head -c 4096 /dev/zero >>"$tmp/rv32-linux"
expect_usage_error rv32-image-on-rv64 "is an RV32 Linux Image" --kernel "$tmp/rv32-linux"
expect_usage_error bad-arch "--arch must be rv32 or rv64" --kernel "$img" --arch rv128
expect_usage_error missing-initrd "cannot read initrd" --kernel "$img" --initrd "$tmp/nothing"
expect_usage_error zero-cpus "--cpus must be 1..64" --kernel "$img" --cpus 0
expect_usage_error too-many-harts "--harts must be 1..16" --kernel "$img" --cpus 4 --harts 17
expect_usage_error bad-mem "--mem must be a size" --kernel "$img" --mem lots
expect_usage_error huge-mem "does not fit the host" --kernel "$img" --mem 64G
expect_usage_error huge-testmem "--testmem must be at most 256M" --kernel "$img" --testmem 512M
expect_usage_error bad-gstage "--gstage must be sv39x4, sv48x4 or sv57x4" --kernel "$img" --gstage sv32x4
expect_usage_error unknown-option "unknown option '--frobnicate'" --kernel "$img" --frobnicate
# Checked by the hypervisor's config parser (status 2 from inside QEMU), naming the bad value.
expect_usage_error bad-exc-route "bad exc_route value 'illegal:nobody'" --kernel "$img" \
	--exc-route illegal:nobody --timeout 60
expect_usage_error bad-vmm-sbi "bad vmm_sbi value 'hsm'" --kernel "$img" --vmm-sbi hsm --timeout 60
expect_usage_error initrd-too-big "initrd does not fit" --kernel "$img" --mem 2M --initrd cache/riscv64/Image --timeout 60

# Several VMs (--vm): the VM a message is about is named in it.
expect_usage_error vm-unknown-option "unknown option '--frobnicate'" --vm --kernel "$img" --frobnicate
expect_usage_error vm-no-kernel "vm1 (--vm number 2): --kernel is required" --vm --kernel "$img" --vm --mem 64M
expect_usage_error vm-empty "vm0 (--vm number 1): --kernel is required" --vm
expect_usage_error vm-missing-kernel "web (--vm number 2): cannot read kernel '$tmp/nothing'" \
	--vm --kernel "$img" --vm --name web --kernel "$tmp/nothing"
expect_usage_error vm-bad-mem "vm1 (--vm number 2): --mem must be a size" --vm --kernel "$img" --vm --kernel "$img" --mem lots
expect_usage_error vm-option-before-vm "'--kernel' comes before the first --vm" --kernel "$img" --vm --kernel "$img"
expect_usage_error vm-same-name "two VMs are named 'x'" --vm --kernel "$img" --name x --vm --kernel "$img" --name x
expect_usage_error vm-same-default-name "two VMs are named 'vm0'" --vm --kernel "$img" --vm --kernel "$img" --name vm0
expect_usage_error vm-bad-name "--name must be 1 to 31 characters" --vm --kernel "$img" --name "a b"
expect_usage_error vm-too-many "at most 16 VMs" $(for i in $(seq 17); do echo --vm --kernel "$img"; done)
# Found by rvkvm itself (not the script): the run stops before any VM starts.
expect_usage_error vm-initrd-too-big "rvkvm: vm1: the initrd does not fit" --timeout 60 \
	--vm --kernel "$img" --vm --kernel "$img" --mem 2M --initrd cache/riscv64/Image
expect_usage_error log-dir-unwritable "cannot write logs to the folder" --kernel "$img" --log-dir /proc/rvkvm-logs

# One VM with --log-dir: the console looks as before and the VM's output is in its log too.
if ./rvkvm run --kernel "$img" --mem 64M --log-dir "$tmp/logs" --timeout 60 </dev/null >"$tmp/out" 2>&1 &&
	[ "$(grep -c '^PASS:' "$tmp/logs/vm0.log")" -ge 27 ] && ! grep -q 'rvkvm:' "$tmp/logs/vm0.log" &&
	[ "$(tr -d '\r' <"$tmp/out" | grep -c '^PASS:')" -ge 27 ] && grep -q 'guest powered off (normal)' "$tmp/out" &&
	! grep -q $'\x10' "$tmp/out"; then
	echo "ok log-dir-one-vm"
else
	echo "FAIL log-dir-one-vm"
fi

# Each VM's --dump-dtb gets its own device tree (they differ in RAM size).
if ./rvkvm run --timeout 60 --vm --kernel "$img" --mem 64M --dump-dtb "$tmp/a.dtb" \
	--vm --kernel "$img" --mem 32M --dump-dtb "$tmp/b.dtb" </dev/null >"$tmp/out" 2>&1 &&
	dtc -I dtb -O dts "$tmp/a.dtb" 2>/dev/null | grep -q 'reg = <0x00 0x80000000 0x00 0x4000000>' &&
	dtc -I dtb -O dts "$tmp/b.dtb" 2>/dev/null | grep -q 'reg = <0x00 0x80000000 0x00 0x2000000>' &&
	! grep -q 'rvkvm-dtb:' "$tmp/out"; then
	echo "ok dump-dtb-two-vms"
else
	echo "FAIL dump-dtb-two-vms"
fi

if ./rvkvm run --kernel "$img" --mem 64M --dump-dtb "$tmp/g.dtb" --timeout 60 </dev/null >"$tmp/out" 2>&1 &&
	dtc -I dtb -O dts "$tmp/g.dtb" 2>/dev/null | grep -q 'riscv,isa' && ! grep -q 'rvkvm-dtb:' "$tmp/out"; then
	echo "ok dump-dtb"
else
	echo "FAIL dump-dtb"
fi

# Argument lists the CLI fuzzer once found mishandled (tests/fuzz/crashes/cli, NUL-separated):
# each must now end with a documented status, and a status 2 with an "rvkvm:" line.
for f in tests/fuzz/crashes/cli/*.args; do
	[ -f "$f" ] || continue
	mapfile -d '' fargs <"$f"
	out=$(timeout 120 ./rvkvm run "${fargs[@]}" </dev/null 2>&1)
	rc=$?
	name=cli-regression-$(basename "$f" .args)
	case $rc in
	0 | 1 | 3 | 124) echo "ok $name" ;;
	2) grep -q '^rvkvm: ' <<<"$out" && echo "ok $name" || echo "FAIL $name (status 2 without a message)" ;;
	*) echo "FAIL $name (status $rc)" ;;
	esac
done
