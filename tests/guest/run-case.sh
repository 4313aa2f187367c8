#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one guest test case under QEMU with rvkvm and judges it; exit 0 means it passed.
#
# A case file (tests/guest/cases/NAME.case) is shell and sets:
#   kernel=PATH          guest image (required, unless args holds --vm groups)
#   args=(...)           more ./rvkvm run options (--mem, --cpus, --harts, ...), an array; with
#                        "--vm ..." groups the case runs several VMs, each with its own --kernel
#   input=TEXT           what the console's keyboard types (a printf format), instead of nothing
#   status=N             the exit status the run must end with (default 0)
#   timeout=SECONDS      time limit (default 60)
#   min_pass=N           at least this many "PASS:" lines (default 1)
#   expect=(TEXT ...)    lines that must appear in the output (substring match)
#   same_ids=1           the guest's "guest ids ..." must equal rvkvm's "host ids ..."
#   same=(A B ...)       pairs of line prefixes: what follows A must equal what follows B
#   vm_expect=(VM TEXT ...) pairs: TEXT must appear in the output of VM VM (its log file)
#   native=1             no rvkvm: QEMU boots the guest on OpenSBI directly, args are QEMU's
#   native_arch=rv32     with native=1: qemu-system-riscv32 and OpenSBI built for rv32 (cache/rv32)
#   image=PATH           the hypervisor image (default: the test image, build/rvkvm-test.elf, or
#                        RVKVM_IMAGE); build/rvkvm.elf checks the product image
# Any "FAIL:" line fails the case, and so does a timeout or a wrong exit status. With several
# VMs, each VM's output goes to its own log (the console shows one VM at a time); PASS and FAIL
# lines are counted over those logs, which are kept next to the case's log.
set -u
case_file=$1
log=$2
top=$(cd "$(dirname "$0")/../.." && pwd)

kernel="" status=0 timeout=60 min_pass=1 same_ids=0 input="" native=0 native_arch=rv64
image=${RVKVM_IMAGE:-build/rvkvm-test.elf}
args=()
expect=()
same=()
vm_expect=()
# shellcheck source=/dev/null
. "$case_file"

cd "$top" || exit 1
vm_logs=""
if [ "$native" = 1 ]; then
	firmware=${RVKVM_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
	[ "$native_arch" = rv64 ] || firmware=cache/rv32/fw_dynamic.bin
	timeout -k 5 "$timeout" "qemu-system-riscv${native_arch#rv}" -M virt \
		-cpu "$native_arch,h=true,sscofpmf=true" -m 256M -nographic -bios "$firmware" \
		-kernel "$kernel" "${args[@]}" </dev/null >"$log" 2>&1
	rc=$?
else
	run=(./rvkvm run)
	[ -z "$kernel" ] || run+=(--kernel "$kernel")
	run+=(--timeout "$timeout")
	if [[ " ${args[*]} " == *" --vm "* ]]; then
		vm_logs=${log%.log}.vms
		rm -rf "$vm_logs"
		run+=(--log-dir "$vm_logs")
	fi
	# shellcheck disable=SC2059 # input is a printf format on purpose (key codes such as \x1d)
	printf "$input" | RVKVM_IMAGE=$image "${run[@]}" "${args[@]}" >"$log" 2>&1
	rc=${PIPESTATUS[1]}
fi
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

# What the guests printed: the console, or with several VMs every VM's own log.
outputs=("$log")
[ -z "$vm_logs" ] || outputs=("$vm_logs"/*.log)
why=()
[ "$rc" -eq "$status" ] || why+=("exit status $rc, expected $status")
# A FAIL line anywhere fails the case, on the console too.
checked=("${outputs[@]}")
[ -z "$vm_logs" ] || checked+=("$log")
nfail=$(cat "${checked[@]}" 2>/dev/null | grep -c '^FAIL')
[ "$nfail" -eq 0 ] || why+=("$nfail FAIL line(s): $(cat "${checked[@]}" | grep -m1 '^FAIL')")
npass=$(cat "${outputs[@]}" 2>/dev/null | grep -c '^PASS:')
[ "$npass" -ge "$min_pass" ] || why+=("$npass PASS line(s), expected at least $min_pass")
for ((i = 0; i + 1 < ${#vm_expect[@]}; i += 2)); do
	grep -qF -- "${vm_expect[i + 1]}" "$vm_logs/${vm_expect[i]}.log" 2>/dev/null ||
		why+=("missing output of ${vm_expect[i]}: ${vm_expect[i + 1]}")
done
for e in "${expect[@]}"; do
	grep -qF -- "$e" "$log" || why+=("missing output: $e")
done
[ "$same_ids" = 1 ] && same+=("rvkvm: host ids " "guest ids ")
for ((i = 0; i + 1 < ${#same[@]}; i += 2)); do
	a=$(grep -F -- "${same[i]}" "$log" | head -n1)
	b=$(grep -F -- "${same[i + 1]}" "$log" | head -n1)
	a=${a#*"${same[i]}"}
	b=${b#*"${same[i + 1]}"}
	[ -n "$a" ] && [ "$a" = "$b" ] || why+=("'${same[i]}$a' differs from '${same[i + 1]}$b'")
done
if [ ${#why[@]} -gt 0 ]; then
	printf '%s\n' "${why[@]}"
	exit 1
fi
echo "$npass checks passed"
exit 0
