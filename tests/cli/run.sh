#!/usr/bin/env bash
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
expect_usage_error missing-initrd "cannot read initrd" --kernel "$img" --initrd "$tmp/nothing"
expect_usage_error zero-cpus "--cpus must be 1..64" --kernel "$img" --cpus 0
expect_usage_error too-many-harts "--harts must be 1..16" --kernel "$img" --cpus 4 --harts 17
expect_usage_error bad-mem "--mem must be a size" --kernel "$img" --mem lots
expect_usage_error huge-mem "does not fit the host" --kernel "$img" --mem 64G
expect_usage_error bad-gstage "--gstage must be sv39x4, sv48x4 or sv57x4" --kernel "$img" --gstage sv32x4
expect_usage_error unknown-option "unknown option '--frobnicate'" --kernel "$img" --frobnicate
expect_usage_error initrd-too-big "initrd does not fit" --kernel "$img" --mem 2M --initrd cache/riscv64/Image --timeout 60

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
