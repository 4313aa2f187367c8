#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The source checks besides the build's warnings, for make test: make lint (cppcheck over core/,
# lib/, vmm/ and platform/) and make format-check (clang-format over every C file of the tree).
# Prints "ok NAME ..." or "FAIL NAME (the first findings)" for NAME lint and format-check.
set -u
cd "$(dirname "$0")/.." || exit 1

# The findings in cppcheck's output (--template of the Makefile's CPPCHECK_FLAGS), one a line.
lint_findings() { grep -E ': (error|warning|portability) \['; }
# The files clang-format would change, from its "FILE:LINE:COL: error: ..." lines.
format_findings() { sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' | uniq; }

# Runs `make TARGET`; the first findings in its output, when it fails, are the FAIL line's reason.
check() { # name, tool, what the ok line says, make target, the filter that finds the findings
	local name=$1 tool=$2 what=$3 target=$4 out
	if ! command -v "$tool" >/dev/null; then
		echo "FAIL $name (no $tool: make deps installs it)"
		return
	fi
	if out=$(make --no-print-directory -s "$target" 2>&1); then
		echo "ok $name $what"
		return
	fi
	out=$(printf '%s\n' "$out" | "$5" | head -n 3 | sed 's/$/; /' | tr -d '\n')
	echo "FAIL $name (${out:-make $target failed; }see make $target)"
}

lint_files=$(find core lib vmm platform -name '*.c' | wc -l)
check lint cppcheck "cppcheck $(cppcheck --version 2>/dev/null | awk '{print $2}') \
--enable=warning,portability: no finding in $lint_files files under core lib vmm platform" \
	lint lint_findings
format_files=$(find core lib vmm platform include guests tests tools -name '*.[ch]' \
	-not -path 'tests/fuzz/corpus/*' -not -path 'tests/fuzz/crashes/*' | wc -l)
check format-check clang-format "clang-format $(clang-format --version 2>/dev/null |
	grep -o '[0-9][0-9.]*' | head -n 1): all $format_files C files as .clang-format has them" \
	format-check format_findings
