#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fuzzes the command line of `./rvkvm run`: a few hundred random and garbled argument lists, each
# checked to end with a documented status (0, 1, 2, 3 or 124) within its --timeout, to explain a
# status 2 in a line "rvkvm: ...", and never to leak a bash error of the script itself.
#
#   tests/fuzz/cli_fuzz.sh          CLI_FUZZ_RUNS (300), CLI_FUZZ_BUDGET seconds (40) to start
#                                   runs in, CLI_FUZZ_SEED (default: from the clock; printed),
#                                   CLI_FUZZ_RVKVM (the script under test, default ./rvkvm)
#
# Prints a "FAIL ..." line per bad run and ends with "cli_fuzz: N runs, M failed (seed S)";
# exits 1 when any run failed. Every run is logged in build/fuzz/cli/log.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
rvkvm=${CLI_FUZZ_RVKVM:-$top/rvkvm}
runs=${CLI_FUZZ_RUNS:-300}
budget=${CLI_FUZZ_BUDGET:-40}
seed=${CLI_FUZZ_SEED:-$(($(date +%s) % 32768))}
RANDOM=$seed
out=build/fuzz/cli
rm -rf "$out"
mkdir -p "$out"
log=$out/log
: >"$log"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# Every run happens in a scratch folder: a garbled list can make any word the --dump-dtb file
# (`--dump-dtb --kernel ...`), and the script creates or truncates it. The guests are copies,
# put back before each run; relative paths (build/guests/X.img, as in the saved lists of
# tests/fuzz/crashes/cli) name them.
box=$tmp/cwd
mkdir -p "$box/build/guests" "$box/tests"
guests=()
restore_guests() {
	local g
	for g in "${guests[@]}"; do
		cp -f "build/guests/$g.img" "$box/build/guests/"
	done
}

# Kernels: test guests that end by themselves quickly, and files that are no kernel at all.
fast=()
# Guests that end the same way whatever --cpus and --mem say (sbi_ipi, say, waits for a second
# vCPU and would only cost a 5 s timeout here).
for g in sbi_base srst_fail wild_access mmio_decode; do
	[ -f "build/guests/$g.img" ] && fast+=("build/guests/$g.img") && guests+=("$g")
done
slow=()
if [ -f build/guests/hang.img ]; then
	slow+=(build/guests/hang.img)
	guests+=(hang)
fi
restore_guests
head -c 63 "${fast[0]:-/dev/zero}" >"$tmp/short.img"
printf 'this is not a kernel\n' >"$tmp/text"
: >"$tmp/empty"
head -c 64 /dev/zero >"$tmp/zero-header"
printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' >"$tmp/magic-at-48"
printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0RISCV\0\0\0RSC\005' >>"$tmp/magic-at-48" # 60 bytes
mkdir -p "$tmp/dir"
printf 'initrd' >"$tmp/initrd"
bad_kernels=("$tmp/short.img" "$tmp/text" "$tmp/empty" "$tmp/zero-header" "$tmp/magic-at-48"
	"$tmp/dir" "$tmp/does-not-exist" /dev/null "" "-" "--kernel" "$tmp/dir/")

# Values: mostly good ones, the rest wrong in every way a hand can make them wrong.
good_cpus=(1 1 2 2 4)
bad_nums=(0 -1 "" " " 65 1.5 0x2 08 010 1e3 "1 2" 99999999999999999999 18446744073709551617
	"2;" '$(echo 2)' "２" abc 9223372036854775808)
good_mem=(64M 64M 128M 32M 1M 65536K 4096K 256m)
bad_mem=(0 1020K 4095 1048577 "" 08 09999999 010M 1.5G -1M 64MB 64Mi 0x100000 " 64M" "64M "
	17G 99999999999999999999 17592186044672M 18014398509481984K 2T M K)
good_timeout=(5)
bad_timeout=("" abc -1 5s 1.5 " 5" 0x5 99999999999999999999)
good_gstage=("" sv39x4 sv48x4 sv57x4)
bad_gstage=(sv32x4 SV39X4 sv39 "sv39x4 " x "sv39x4,sv48x4" "$(printf 'sv39x4\nmem=1')")
good_append=("" "console=ttyS0" "earlycon=sbi console=ttyS0 quiet" "a#b=c")
bad_append=("$(printf 'x\nmem=1')" "$(printf 'x\ncpus=64')" "$(printf 'x\ntestmem=1M')"
	"$(head -c 1100 /dev/zero | tr '\0' a)" "$(printf 'tab\there')" "--timeout" "'\"\\")
bad_files=("$tmp/does-not-exist" "$tmp/dir" "" /dev/null /proc/self/status)
good_initrd=("$tmp/initrd")
good_dtb=("$tmp/dir/guest.dtb")
good_testmem=(1M 2M)
good_cpu_opts=("" "sstc=false")
bad_cpu_opts=("nonsense=1" "h=false" "," "sstc" "x,,y")
bad_opts=(--foo -x -- run --kernel= --cpus=2 --STATS -h --help "" " " --dump-dtb --vm --VM)
good_names=(web vm0 vm1 db-2 a_b)
bad_names=("" "a b" "a/b" "$(head -c 40 /dev/zero | tr '\0' a)" "--vm" "x,y")
good_log_dirs=("$tmp/logs")

# Both set R rather than print, so RANDOM advances in this shell (a $(...) subshell would
# consume a copy of it, and a fixed seed would no longer give a fixed sequence).
pick() { # array name: R = one of its elements
	local -n a=$1
	R=${a[RANDOM % ${#a[@]}]}
}

pick2() { # percent, bad array, good array: R = from the bad one with that chance
	if chance "$1"; then pick "$2"; else pick "$3"; fi
}

chance() { # percent
	[ $((RANDOM % 100)) -lt "$1" ]
}

slow_used=0
# Builds one argument list in the array `args`.
make_args() {
	local k i n
	args=()
	if chance 20; then
		pick bad_kernels
	elif [ ${#slow[@]} -gt 0 ] && [ $slow_used -lt 2 ] && chance 2; then
		pick slow
		slow_used=$((slow_used + 1))
	else
		pick fast
	fi
	k=$R
	chance 97 && args+=(--kernel "$k")
	pick2 12 bad_nums good_cpus
	chance 70 && args+=(--cpus "$R")
	if chance 30; then
		pick2 30 bad_nums good_cpus
		args+=(--harts "$R")
	fi
	pick2 15 bad_mem good_mem
	chance 80 && args+=(--mem "$R")
	pick2 50 bad_gstage good_gstage
	chance 15 && args+=(--gstage "$R")
	pick2 50 bad_append good_append
	chance 20 && args+=(--append "$R")
	pick2 50 bad_files good_initrd
	chance 10 && args+=(--initrd "$R")
	pick2 50 bad_files good_dtb
	chance 8 && args+=(--dump-dtb "$R")
	pick2 50 bad_cpu_opts good_cpu_opts
	chance 8 && args+=(--qemu-cpu-opts "$R")
	chance 8 && args+=(--stats)
	chance 3 && args+=(--icount)
	pick2 50 bad_mem good_testmem
	chance 4 && args+=(--testmem "$R")
	pick bad_append
	chance 3 && args+=(--hv-bootargs "$R")
	# Several VMs: the options so far become the first VM's, a second (maybe a third) follows.
	if chance 15; then
		pick fast
		args=(--vm "${args[@]}" --vm --kernel "$R")
		pick2 30 bad_names good_names
		chance 50 && args+=(--name "$R")
		chance 20 && { pick fast; args+=(--vm --kernel "$R" --mem 32M); }
		pick2 20 bad_files good_log_dirs
		chance 20 && args+=(--log-dir "$R")
	fi
	# Garbling: an unknown option, a word dropped, a word repeated, the list cut short.
	n=${#args[@]}
	if chance 10; then
		pick bad_opts
		i=$((RANDOM % (n + 1)))
		args=("${args[@]:0:i}" "$R" "${args[@]:i}")
	fi
	n=${#args[@]}
	if chance 8 && [ "$n" -gt 1 ]; then
		i=$((RANDOM % n))
		args=("${args[@]:0:i}" "${args[@]:i+1}")
	fi
	n=${#args[@]}
	if chance 5 && [ "$n" -gt 0 ]; then
		args+=("${args[RANDOM % n]}")
	fi
	n=${#args[@]}
	if chance 4; then
		args=("${args[@]:0:$((RANDOM % (n + 1)))}")
	fi
	# Most lists get one wrong option last, where it overrides a good one: those are cheap to
	# run (no QEMU) and are what this is for; the rest boot a guest.
	if chance 80; then
		case $((RANDOM % 9)) in
		0) pick bad_kernels; args+=(--kernel "$R") ;;
		1) pick bad_nums; args+=(--cpus "$R") ;;
		2) pick bad_nums; args+=(--harts "$R") ;;
		3) pick bad_mem; args+=(--mem "$R") ;;
		4) pick bad_gstage; args+=(--gstage "$R") ;;
		5) pick bad_files; args+=(--initrd "$R") ;;
		6) pick bad_files; args+=(--dump-dtb "$R") ;;
		7) pick bad_opts; args+=("$R") ;;
		*) pick bad_append; args+=(--append "$R") ;;
		esac
	fi
	# Every list asks for a time limit, so a guest that never ends costs 5 s, not forever.
	pick2 3 bad_timeout good_timeout
	args+=(--timeout "$R")
}

# R = the --append the script ends up using for `args` (the last one, read the way the script
# reads options); false when the list has none or ends in --help or an unknown word first.
effective_append() {
	local i=0 found=1
	while [ $i -lt ${#args[@]} ]; do
		case ${args[i]} in
		--stats | --icount | --vm) i=$((i + 1)) ;;
		--append) R=${args[i + 1]-}; found=0; i=$((i + 2)) ;;
		--hv-bootargs | --testmem | --dump-dtb | --kernel | --initrd | --cpus | --mem | --harts | \
			--gstage | --timeout | --qemu-cpu-opts | --name | --log-dir) i=$((i + 2)) ;;
		*) return 1 ;;
		esac
	done
	return $found
}

quote() {
	local s out=""
	for s in "$@"; do
		out+=" $(printf '%q' "$s")"
	done
	printf '%s' "$out"
}

# Argument lists that once failed (tests/fuzz/crashes/cli/*.args, NUL-separated): run first,
# every time, so a fixed bug stays fixed.
known=(tests/fuzz/crashes/cli/*.args)
[ -e "${known[0]}" ] || known=()

start=$SECONDS
n=0
failed=0
# Longest a run may take: --timeout 5, then 5 s until timeout's SIGKILL, plus QEMU's exit.
limit=15
while [ $n -lt $((runs + ${#known[@]})) ] && [ $((SECONDS - start)) -lt "$budget" ]; do
	if [ $n -lt ${#known[@]} ]; then
		mapfile -d '' -t args <"${known[n]}"
	else
		make_args
	fi
	n=$((n + 1))
	t0=$(date +%s%N)
	restore_guests
	(cd "$box" && exec timeout -k 2 "$limit" "$rvkvm" run "${args[@]}") </dev/null \
		>"$out/stdout" 2>"$out/stderr"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	why=""
	case $rc in
	0 | 1 | 2 | 3 | 124) ;;
	*) why="exit status $rc" ;;
	esac
	if [ $ms -ge $((limit * 1000)) ]; then
		why="still running after ${limit}s (killed)"
	elif [ $rc -eq 2 ] && ! grep -q '^rvkvm: ' "$out/stderr" "$out/stdout"; then
		why="status 2 without an 'rvkvm: ...' line"
	fi
	# A newline in --append would become a line of the VM's config file: it must be refused.
	if effective_append && [[ $R == *$'\n'* ]] && [ $rc -ne 2 ]; then
		why="${why:+$why; }a newline in --append was accepted (config injection)"
	fi
	# QEMU refusing what the script built from our options is bad input the script let through
	# (except options passed to QEMU as they are: --qemu-cpu-opts).
	qemu_err=$(grep '^qemu-system-riscv64: ' "$out/stderr" | grep -v 'terminating on signal' | head -n1)
	if [ -n "$qemu_err" ] && ! [[ " ${args[*]} " == *" --qemu-cpu-opts "* ]]; then
		why="${why:+$why; }QEMU refused it: $qemu_err"
	fi
	# The script's own errors look like "./rvkvm: line 77: 08: value too great for base".
	bash_err=$(grep -F "$rvkvm: line " "$out/stderr" | head -n1)
	[ -z "$bash_err" ] || why="${why:+$why; }bash error: $bash_err"
	{
		echo "[$n] rc=$rc ${ms}ms $rvkvm run$(quote "${args[@]}" | cut -c1-400)"
		grep -v -e '^PASS' -e '^  ' "$out/stderr" | head -n 3 | sed 's/^/    /'
	} >>"$log"
	if [ -n "$why" ]; then
		failed=$((failed + 1))
		echo "FAIL $n rc=$rc ${ms}ms $why: $rvkvm run$(quote "${args[@]}" | cut -c1-400)"
	fi
done
echo "cli_fuzz: $n runs, $failed failed (seed $seed, $((SECONDS - start))s; log: $log)"
[ $failed -eq 0 ]
