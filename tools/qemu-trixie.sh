#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A newer QEMU for measurements only (make bench, issue 18): Debian trixie's qemu-system-riscv
# (QEMU 10.0, whose -icount round robin shares the budget between harts: upstream's "fairness
# with icount", 8.1) with the amd64 libraries it loads, fetched through the private apt of
# tools/debian-apt.sh into cache/qemu-trixie and run by trixie's own dynamic loader: nothing is
# installed into the machine's root, and Debian 12's QEMU 7.2 stays the QEMU of every test.
# Prints the folder of a qemu-system-riscv64 that runs it (cache/qemu-trixie/bin).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}
dest=$cache/qemu-trixie
# shellcheck source=tools/debian-apt.sh
. "$top/tools/debian-apt.sh"

if [ ! -f "$dest/.fetched" ]; then
	apt_opts trixie deb amd64
	apt_update trixie
	echo "qemu-trixie: fetching qemu-system-riscv and its libraries (trixie, amd64)" >&2
	# The package, its data, and every library of its recursive Depends (the C library and the
	# loader among them); QEMU's optional modules (display, audio) are not loaded with -nographic.
	mapfile -t pkgs < <(apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances qemu-system-riscv |
		sed -nE '/^[a-z0-9]/p' | sort -u |
		grep -E '^(qemu-system-riscv|qemu-system-data|lib.*|zlib1g|gcc-[0-9]+-base)$' |
		grep -vE '^lib(python3.*|perl.*|debconf.*)$')
	rm -rf "$dest"
	mkdir -p "$dest/bin"
	(cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${opts[@]}" download "${pkgs[@]}" >/dev/null)
	for deb in "$apt_dir/debs"/*.deb; do
		dpkg-deb -x "$deb" "$dest"
	done
	cat >"$dest/bin/qemu-system-riscv64" <<'WRAP'
#!/bin/sh
# trixie's QEMU through trixie's loader and libraries (tools/qemu-trixie.sh).
r=$(cd "$(dirname "$0")/.." && pwd)
exec "$r/usr/lib64/ld-linux-x86-64.so.2" --library-path "$r/usr/lib/x86_64-linux-gnu" \
	"$r/usr/bin/qemu-system-riscv64" -L "$r/usr/share/qemu" "$@"
WRAP
	chmod +x "$dest/bin/qemu-system-riscv64"
	"$dest/bin/qemu-system-riscv64" --version | head -n 1 >&2
	touch "$dest/.fetched"
fi
echo "$dest/bin"
