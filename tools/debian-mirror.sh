#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Prints the first http(s) URI of a Debian archive (not the security one) in this machine's apt
# sources: the mirror tools/deps.sh fetches riscv64 packages from and .ci/run bootstraps from.
set -euo pipefail

files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
mirror=$(
	{ grep -hsE '^[[:space:]]*URIs:' "${files[@]}" | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n' || true
	  grep -hsE '^[[:space:]]*deb[[:space:]]' "${files[@]}" |
		sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}' || true
	} | grep -E '^https?://' | grep -v -- '-security' | grep -E '/debian/?$' | head -n 1 || true
)
if [ -z "$mirror" ]; then
	echo "debian-mirror: no Debian archive found in apt's sources (/etc/apt/sources.list*)" >&2
	exit 1
fi
echo "${mirror%/}"
