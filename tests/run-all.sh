#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every test of rvkvm: host unit tests, source checks, and the QEMU guest tests.
# Ends with the line "N passed, N failed"; exits non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# The tests run the test image, which has the test hooks; the product image is checked by
# tests/cli/product_image.sh, the cases that name it, and make run (tests/cli/make_run.sh).
export RVKVM_IMAGE=$top/build/rvkvm-test.elf
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0

report() { # name, ok(0/1), detail
	if [ "$2" -eq 0 ]; then
		printf '  ok    %-40s %s\n' "$1" "$3"
	else
		printf '  FAIL  %-40s %s\n' "$1" "$3"
	fi
}

echo "== host unit tests (ASan/UBSan)"
for t in build/unit/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$logs/$name.log" 2>&1
	rc=$?
	# A binary may run several cmocka groups: add up every group's summary.
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$logs/$name.log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$logs/$name.log" | awk '{s += $1} END {print s + 0}')
	# A crash (sanitizer report, signal) leaves no summary: count it as a failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	report "$name" "$([ "$f" -eq 0 ] && echo 0 || echo 1)" "$p passed, $f failed (log: $logs/$name.log)"
done

echo "== source checks"
bad=$(grep -rlE '#include *"(\.\./)*(core|platform)/' vmm 2>/dev/null)
if [ -z "$bad" ]; then
	passed=$((passed + 1))
	report "vmm-uses-only-public-abi" 0 "no vmm/ file includes a core/ or platform/ header"
else
	failed=$((failed + 1))
	report "vmm-uses-only-public-abi" 1 "core/ or platform/ headers included by: $bad"
fi

# Counts the "ok NAME ..." / "FAIL NAME ..." lines a checker prints, one test each.
count_verdicts() { # prefix, then the checker's output on stdin
	local verdict name rest
	while read -r verdict name rest; do
		if [ "$verdict" = ok ]; then
			passed=$((passed + 1))
			report "$1/$name" 0 "$rest"
		else
			failed=$((failed + 1))
			report "$1/$name" 1 "$rest"
		fi
	done
}

# The layers point one way, on what each links against (tools/check-layers.sh); every source
# file carries its SPDX line (tools/check-spdx.sh).
count_verdicts layers < <(tools/check-layers.sh)
count_verdicts license < <(tools/check-spdx.sh)
# cppcheck (make lint) and clang-format on the allow-list (make format-check): tools/check-style.sh.
count_verdicts style < <(tools/check-style.sh)

echo "== fuzz corpus replay (tests/fuzz/corpus, tests/fuzz/crashes)"
count_verdicts fuzz < <(tests/fuzz/replay.sh)

echo "== command-line checks (./rvkvm run)"
count_verdicts cli < <(tests/cli/run.sh; tests/cli/bundle_layout.sh; tests/cli/rng_seed.sh; tests/cli/product_image.sh
	tests/cli/reg_ids_width.sh; tests/cli/rv32_native.sh)
count_verdicts virtio < <(tests/cli/virtio_disk.sh; tests/cli/virtio_hostile.sh; tests/cli/net_hostile.sh
	tests/cli/virtio_hostile.sh rv32; tests/cli/net_hostile.sh rv32
	tests/cli/hvc0.sh "$logs/hvc0.log"; tests/cli/host_net.sh
	tests/cli/virtio_net.sh "$logs/virtio_net"; tests/cli/user_net.sh "$logs/user_net")

echo "== the README's first command (make run, typed at)"
count_verdicts readme < <(tests/cli/make_run.sh "$logs/make_run.log")

echo "== guest tests (QEMU $(qemu-system-riscv64 --version | head -n1 | awk '{print $4}'))"
for c in tests/guest/cases/*.case; do
	name=$(basename "$c" .case)
	detail=$(tests/guest/run-case.sh "$c" "$logs/$name.log")
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	report "guest/$name" "$rc" "$(echo "$detail" | head -n 3 | tr '\n' ';') (log: $logs/$name.log)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
