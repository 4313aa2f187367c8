#!/usr/bin/env bash
# Runs one guest test case under QEMU with rvkvm and judges it; exit 0 means it passed.
#
# A case file (tests/guest/cases/NAME.case) is shell and sets:
#   kernel=PATH          guest image (required)
#   args=(...)           more ./rvkvm run options (--mem, --cpus, --harts, ...), an array
#   status=N             the exit status the run must end with (default 0)
#   timeout=SECONDS      time limit (default 60)
#   min_pass=N           at least this many "PASS:" lines (default 1)
#   expect=(TEXT ...)    lines that must appear in the output (substring match)
#   same_ids=1           the guest's "guest ids ..." must equal rvkvm's "host ids ..."
#   same=(A B ...)       pairs of line prefixes: what follows A must equal what follows B
#   native=1             no rvkvm: QEMU boots the guest on OpenSBI directly, args are QEMU's
# Any "FAIL:" line fails the case, and so does a timeout or a wrong exit status.
set -u
case_file=$1
log=$2
top=$(cd "$(dirname "$0")/../.." && pwd)

kernel="" status=0 timeout=60 min_pass=1 same_ids=0 native=0
args=()
expect=()
same=()
# shellcheck source=/dev/null
. "$case_file"

cd "$top" || exit 1
if [ "$native" = 1 ]; then
	timeout -k 5 "$timeout" qemu-system-riscv64 -M virt -cpu rv64,h=true -m 256M -nographic \
		-bios "${RVKVM_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}" \
		-kernel "$kernel" "${args[@]}" </dev/null >"$log" 2>&1
else
	./rvkvm run --kernel "$kernel" --timeout "$timeout" "${args[@]}" </dev/null >"$log" 2>&1
fi
rc=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

why=()
[ "$rc" -eq "$status" ] || why+=("exit status $rc, expected $status")
grep -q '^FAIL' "$log" && why+=("$(grep -c '^FAIL' "$log") FAIL line(s): $(grep -m1 '^FAIL' "$log")")
npass=$(grep -c '^PASS:' "$log")
[ "$npass" -ge "$min_pass" ] || why+=("$npass PASS line(s), expected at least $min_pass")
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
