#!/usr/bin/env bash
# The VMM's line, checked on what it links against rather than what it includes: every symbol
# the VMM's objects use and do not define themselves must be the rvkvm ABI or a host service
# (declared in include/rvkvm/), lib/ (defined in its objects or declared in its headers), or
# libfdt (fdt_*, a dependency). Prints "ok NAME" or "FAIL NAME (the symbols and where they
# are used)". Usage: tools/check-layers.sh [BUILD]  (after make built BUILD/hv).
set -u
cd "$(dirname "$0")/.." || exit 1
b=${1:-build}
nm=riscv64-linux-gnu-gcc-nm # reads the LTO objects' symbol tables

vmm_objs=$(find "$b/hv/vmm" -name '*.o' 2>/dev/null | sort)
lib_objs=$(find "$b/hv/lib" -name '*.o' 2>/dev/null | sort)
if [ -z "$vmm_objs" ] || ! command -v "$nm" >/dev/null; then
	echo "FAIL vmm-links-only-abi-host-lib (no VMM objects in $b/hv/vmm, or no $nm: run make)"
	exit 0
fi
# shellcheck disable=SC2086 # object lists
defined=$($nm --defined-only $vmm_objs $lib_objs 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
# Function and object names the public headers and lib/'s headers declare.
declared=$(cat include/rvkvm/*.h lib/*.h | sed -e 's|/\*.*\*/||g' |
	grep -oE '\b[a-z_][a-z0-9_]*\s*\(' | tr -d ' (' | sort -u)
extern_objs=$(cat include/rvkvm/*.h lib/*.h | sed -n 's/^extern .*[ *]\([a-z_][a-z0-9_]*\)\(\[.*\]\)\?;.*/\1/p')
bad=""
# shellcheck disable=SC2086
while read -r obj sym; do
	[ -n "$sym" ] || continue
	grep -qxF "$sym" <<<"$defined" && continue
	grep -qxF "$sym" <<<"$declared" && continue
	grep -qxF "$sym" <<<"$extern_objs" && continue
	[[ $sym == fdt_* ]] && continue
	bad+=" $sym (${obj#"$b"/hv/})"
done < <(for o in $vmm_objs; do $nm -u "$o" 2>/dev/null | awk -v o="$o" 'NF == 2 { print o, $2 }'; done)
if [ -z "$bad" ]; then
	echo "ok vmm-links-only-abi-host-lib the VMM's objects use only include/rvkvm/, lib/ and libfdt"
else
	echo "FAIL vmm-links-only-abi-host-lib (used and not the ABI, a host service or lib/:$bad)"
fi
