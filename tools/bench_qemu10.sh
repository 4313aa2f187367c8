#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make bench's QEMU 10 section (issue 18): the cryptomgr.notests Linux boot of tools/bench.sh,
# natively on 1 and 2 harts and under rvkvm on 1 and 2 vCPUs, on Debian trixie's QEMU 10.0
# (tools/qemu-trixie.sh) under -icount. QEMU 7.2, the QEMU of every other row, runs the harts of
# an -icount machine in turn, each for the whole budget up to the next timer deadline, so a
# guest CPU that spins waiting for another spins for that long (and 2 native harts livelock);
# QEMU 8.1 and later share the budget between the harts. Here both a native 2-hart boot and the
# 2-vCPU boot can be held against their 1-hart and 1-vCPU boots. The median of
# BENCH_QEMU10_RUNS runs (3) of each; the figure is the init's marker (instructions from
# power-on). Prints a Markdown section; logs go to the folder it is given.
set -u
cd "$(dirname "$0")/.." || exit 1
logs=${1:?usage: tools/bench_qemu10.sh LOG-FOLDER}
runs=${BENCH_QEMU10_RUNS:-3}
kernel=cache/riscv64/Image
initrd=build/initramfs.cpio.gz
firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
append="console=ttyS0 rvkvm.bench cryptomgr.notests"
mkdir -p "$logs"
if ! bin=$(tools/qemu-trixie.sh 2>"$logs/qemu-trixie.log"); then
	echo "(QEMU 10 section left out: tools/qemu-trixie.sh failed, see $logs/qemu-trixie.log)"
	exit 0
fi
version=$("$bin/qemu-system-riscv64" --version | sed -n '1s/^QEMU emulator version //p')

ticks() { sed -n 's/.*rvkvm-bench-marker ticks=\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1; }

# boot NAME COMMAND...: runs times; prints the median in M instructions (or "—").
boot() {
	local name=$1 i t list=()
	shift
	for ((i = 1; i <= runs; i++)); do
		echo "bench: $name.$i (QEMU $version) ..." >&2
		PATH=$bin:$PATH timeout -k 5 900 "$@" </dev/null 2>&1 | tr -d '\r' >"$logs/$name.$i.log"
		t=$(ticks "$logs/$name.$i.log")
		[ -z "$t" ] || list+=("$t")
	done
	if [ ${#list[@]} -eq 0 ]; then
		echo "—"
		return
	fi
	mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -n)
	awk "BEGIN { printf \"%.1f\", ${list[$(((${#list[@]} - 1) / 2))]} / 1e4 }"
	echo "- $name: ${#list[@]} boots, $(awk "BEGIN { printf \"%.1f\", ${list[0]} / 1e4 }") to $(awk "BEGIN { printf \"%.1f\", ${list[${#list[@]} - 1]} / 1e4 }") M instructions" >>"$logs/qemu10-spread.txt"
}
# The native machine as the table's native boots have it (tools/bench.sh).
# shellcheck disable=SC2054 # the commas are QEMU option lists
native=(qemu-system-riscv64 -M virt -cpu rv64,h=true,sscofpmf=true -m 256M -nographic
	-bios "$firmware" -icount shift=0,sleep=off -kernel "$kernel" -initrd "$initrd")
rm -f "$logs/qemu10-spread.txt"
n1=$(boot qemu10-native-1 "${native[@]}" -smp 1 -append "$append")
n2=$(boot qemu10-native-2 "${native[@]}" -smp 2 -append "$append")
r1=$(boot qemu10-rvkvm-1 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 1 --mem 256M \
	--append "$append" --icount --timeout 890)
r2=$(boot qemu10-rvkvm-2 ./rvkvm run --kernel "$kernel" --initrd "$initrd" --cpus 2 --mem 256M \
	--append "$append" --icount --timeout 890)
ratio() { awk "BEGIN { if ($1 > 0 && $2 > 0) printf \"%.2f×\", $2 / $1; else printf \"—\" }" 2>/dev/null || echo "—"; }
num() { case $1 in [0-9]*) echo "$1" ;; *) echo 0 ;; esac; }

cat <<MD
Linux on 2 harts against 1 on a QEMU whose \`-icount\` shares its budget between harts (issue 18):
Debian trixie's QEMU $version (\`tools/qemu-trixie.sh\` fetches it with its libraries into
\`cache/qemu-trixie\`; it runs for this section only), the \`cryptomgr.notests\` boot of the
table above with Debian 12's OpenSBI, power-on to init's marker, M instructions, the median of
$runs runs. QEMU 7.2 (every other row) runs an \`-icount\` machine's harts in turn, each for the
whole budget up to the next timer deadline, so a guest CPU that waits for another spins until
then, and a native 2-hart boot livelocks; QEMU 8.1 and later split the budget between the harts.

| Linux boot (\`cryptomgr.notests\`), QEMU 10 | 1 hart / 1 vCPU | 2 harts / 2 vCPUs | 2 against 1 |
|---|--:|--:|--:|
| native | $n1 | $n2 | $(ratio "$(num "$n1")" "$(num "$n2")") |
| rvkvm | $r1 | $r2 | $(ratio "$(num "$r1")" "$(num "$r2")") |
| rvkvm against native | $(ratio "$(num "$n1")" "$(num "$r1")") | $(ratio "$(num "$n2")" "$(num "$r2")") | |

Range over the runs:

$(cat "$logs/qemu10-spread.txt" 2>/dev/null)
MD
