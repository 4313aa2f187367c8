#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every source file the repository tracks (C, assembly, linker scripts, shell, make, perl,
# python, the guest's init scripts) says its licence in an SPDX line among its first two lines.
# Prints "ok spdx-lines ..." or "FAIL spdx-lines (the files without one)".
set -u
cd "$(dirname "$0")/.." || exit 1

sources() {
	git ls-files -co --exclude-standard 2>/dev/null |
		grep -E '\.(c|h|S|ld|sh|mk|pl|py)$|(^|/)(Makefile|rvkvm|\.ci/run|guests/linux/(init|io-steps))$' |
		grep -vE '^(cache|build)/'
}

missing=()
while read -r f; do
	[ -f "$f" ] || continue
	head -n 2 "$f" | grep -q 'SPDX-License-Identifier: Apache-2.0' || missing+=("$f")
done < <(sources)
if [ ${#missing[@]} -eq 0 ]; then
	echo "ok spdx-lines every tracked source file carries SPDX-License-Identifier: Apache-2.0"
else
	echo "FAIL spdx-lines (${#missing[@]} without an SPDX line: ${missing[*]:0:10})"
fi
