#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Names the code a profile of tools/insn_count/insn_profile.so ran: each block start address is
# looked up in the symbol tables given (ELF files through nm, or System.map files) and the
# instructions are added up per function, most first, with each function's share of the total.
#
#   tools/insn_profile.sh QEMU-LOG [ELF-OR-SYSTEM.MAP]... [--top N]
#
# e.g. the hypervisor build/rvkvm-test.elf, the firmware's ELF if there is one, and the guest
# kernel's cache/riscv64/boot/System.map-*. An address no table covers within 64 KiB of a symbol
# is printed as "?" with its 16 MiB region, so a guest's user space or firmware shows as such.
set -euo pipefail

top=40
log=
tables=()
while [ $# -gt 0 ]; do
	case $1 in
	--top) top=${2:?--top needs a number}; shift ;;
	-*) echo "insn_profile.sh: unknown option $1" >&2; exit 2 ;;
	*) if [ -z "$log" ]; then log=$1; else tables+=("$1"); fi ;;
	esac
	shift
done
[ -n "$log" ] || { echo "usage: tools/insn_profile.sh QEMU-LOG [ELF-OR-SYSTEM.MAP]... [--top N]" >&2; exit 2; }
[ -r "$log" ] || { echo "insn_profile.sh: cannot read $log" >&2; exit 2; }

syms=$(mktemp)
trap 'rm -f "$syms"' EXIT
for t in "${tables[@]}"; do
	[ -r "$t" ] || { echo "insn_profile.sh: cannot read $t" >&2; exit 2; }
	if head -c 4 "$t" | grep -q 'ELF'; then
		nm -n --defined-only "$t"
	else
		cat "$t"
	fi | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' >>"$syms"
done

perl -e '
	my ($symfile, $log, $top) = @ARGV;
	my @syms;
	open my $s, "<", $symfile or die;
	while (<$s>) { my ($a, $n) = split; push @syms, [hex($a), $n]; }
	@syms = sort { $a->[0] <=> $b->[0] } @syms;
	my (%by, %calls, $total);
	open my $l, "<", $log or die "cannot read $log\n";
	while (<$l>) {
		next unless /^insn-profile: (0x[0-9a-f]+|0) (\d+) (\d+)$/;
		my ($va, $n, $runs) = (hex($1), $2, $3);
		my ($lo, $hi) = (0, $#syms);
		my $name;
		while ($lo <= $hi) {
			my $mid = int(($lo + $hi) / 2);
			if ($syms[$mid][0] <= $va) { $name = $syms[$mid]; $lo = $mid + 1; }
			else { $hi = $mid - 1; }
		}
		my $key = (defined $name && $va - $name->[0] < 0x10000) ? $name->[1]
			: sprintf("? %#x", $va & ~0xffffff);
		$by{$key} += $n;
		# Calls: the runs of the block at the first instruction of the function.
		$calls{$key} += $runs if defined $name && $va == $name->[0];
	}
	while (<$l>) {}
	open $l, "<", $log or die;
	while (<$l>) { $total = $1 if /^insn-profile: total (\d+)$/; }
	die "no insn-profile lines in $log\n" unless $total;
	printf "%12s %6s %10s  %s\n", "instructions", "share", "calls", "function";
	my $i = 0;
	for my $k (sort { $by{$b} <=> $by{$a} } keys %by) {
		last if $i++ >= $top;
		printf "%12d %5.1f%% %10s  %s\n", $by{$k}, 100 * $by{$k} / $total, $calls{$k} // "", $k;
	}
	printf "%12d %5.1f%% %10s  total (the listed blocks cover %.1f%%)\n", $total, 100, "",
		100 * (eval { my $c = 0; $c += $_ for values %by; $c }) / $total;
' "$syms" "$log" "$top"
