#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The VMM's line, checked on what it links against rather than what it includes: every symbol
# the VMM's objects use and do not define themselves must be the rvkvm ABI or a host service
# (declared in include/rvkvm/), lib/ (defined in its objects or declared in its headers), or
# libfdt (fdt_*, a dependency). The line between the core and the platform beneath it, checked
# the same way: the platform's objects use of the core's only what core/core.h declares (its
# entry points) and lib/'s hooks, and the core's objects use of the platform's only what platform/platform.h and
# the host services (rvkvm/host.h) declare. Prints "ok NAME" or "FAIL NAME (the symbols and
# where they are used)" for each. Usage: tools/check-layers.sh [BUILD]  (after make built BUILD/hv).
set -u
cd "$(dirname "$0")/.." || exit 1
b=${1:-build}
nm=riscv64-linux-gnu-gcc-nm # reads the LTO objects' symbol tables

# The objects under BUILD/hv/DIR whose source is still there (a moved file leaves its old one).
objs_of() {
	find "$b/hv/$1" -name '*.o' 2>/dev/null | sort | while read -r o; do
		s=${o#"$b"/hv/}
		if [ -f "${s%.o}.c" ] || [ -f "${s%.o}.S" ]; then echo "$o"; fi
	done
}
vmm_objs=$(objs_of vmm)
lib_objs=$(objs_of lib)
core_objs=$(objs_of core)
platform_objs=$(objs_of platform)
if [ -z "$vmm_objs" ] || [ -z "$core_objs" ] || [ -z "$platform_objs" ] || ! command -v "$nm" >/dev/null; then
	echo "FAIL vmm-links-only-abi-host-lib (no objects in $b/hv, or no $nm: run make)"
	echo "FAIL core-platform-one-way (no objects in $b/hv, or no $nm: run make)"
	exit 0
fi

# Function names the given headers declare, one a line.
declared_in() {
	cat "$@" | sed -e 's|/\*.*\*/||g' | grep -oE '\b[a-z_][a-z0-9_]*\s*\(' | tr -d ' (' | sort -u
}
# Object names the given headers declare extern.
externs_in() {
	cat "$@" | sed -n 's/^extern .*[ *]\([a-z_][a-z0-9_]*\)\(\[.*\]\)\?;.*/\1/p'
}
# The symbols the given objects define.
# shellcheck disable=SC2086 # object lists
defined_by() {
	$nm --defined-only "$@" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u
}
# "object symbol" for each symbol an object of the list uses and does not define.
used_by() {
	for o in "$@"; do $nm -u "$o" 2>/dev/null | awk -v o="$o" 'NF == 2 { print o, $2 }'; done
}
# shellcheck disable=SC2086 # object lists
defined=$(defined_by $vmm_objs $lib_objs)
# Function and object names the public headers and lib/'s headers declare.
declared=$(declared_in include/rvkvm/*.h lib/*.h)
extern_objs=$(externs_in include/rvkvm/*.h lib/*.h)
bad=""
# shellcheck disable=SC2086
while read -r obj sym; do
	[ -n "$sym" ] || continue
	grep -qxF "$sym" <<<"$defined" && continue
	grep -qxF "$sym" <<<"$declared" && continue
	grep -qxF "$sym" <<<"$extern_objs" && continue
	[[ $sym == fdt_* ]] && continue
	bad+=" $sym (${obj#"$b"/hv/})"
done < <(used_by $vmm_objs)
if [ -z "$bad" ]; then
	echo "ok vmm-links-only-abi-host-lib the VMM's objects use only include/rvkvm/, lib/ and libfdt"
else
	echo "FAIL vmm-links-only-abi-host-lib (used and not the ABI, a host service or lib/:$bad)"
fi

# The core and the platform: a symbol one uses from the other must be in the other's interface.
# lib/'s hooks count as lib/ (spin_relax, which the core defines). The host drivers also signal
# the VMM's events (rvkvm_event_signal, of the ABI): how a request the VMM made of a host device
# completes.
# shellcheck disable=SC2086 # object lists
core_defined=$(defined_by $core_objs)
# shellcheck disable=SC2086
platform_defined=$(defined_by $platform_objs)
core_entry=$(declared_in core/core.h lib/*.h; externs_in core/core.h; echo rvkvm_event_signal)
platform_iface=$(declared_in platform/platform.h include/rvkvm/host.h; externs_in platform/platform.h)
bad=""
# shellcheck disable=SC2086
while read -r obj sym; do
	[ -n "$sym" ] || continue
	grep -qxF "$sym" <<<"$core_defined" || continue
	grep -qxF "$sym" <<<"$core_entry" && continue
	bad+=" $sym (${obj#"$b"/hv/})"
done < <(used_by $platform_objs)
# shellcheck disable=SC2086
while read -r obj sym; do
	[ -n "$sym" ] || continue
	grep -qxF "$sym" <<<"$platform_defined" || continue
	grep -qxF "$sym" <<<"$platform_iface" && continue
	bad+=" $sym (${obj#"$b"/hv/})"
done < <(used_by $core_objs)
if [ -z "$bad" ]; then
	echo "ok core-platform-one-way the platform uses of the core only core/core.h and lib/, the core of the platform only platform/platform.h and rvkvm/host.h"
else
	echo "FAIL core-platform-one-way (used across the core/platform line outside core/core.h, platform/platform.h and rvkvm/host.h:$bad)"
fi
