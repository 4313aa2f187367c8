#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs each libFuzzer target for FUZZ_SECONDS over a copy of its corpus, then the command-line
# fuzzer; prints a table of executions and crashes. Exits 1 when anything crashed.
#
#   FUZZ_SECONDS=30 tests/fuzz/run-fuzz.sh [TARGET...]    (default: every build/fuzz/* binary)
#   FUZZ_CLI=0 skips the command-line part.
#
# Crashing inputs stay in build/fuzz/run/<target>/ (crash-*, leak-*, timeout-*, oom-*); the log
# of each run is build/fuzz/run/<target>/log. The copies of the corpora are not written back:
# new inputs worth keeping are merged by hand (see tests/fuzz/README.md).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
seconds=${FUZZ_SECONDS:-30}
run=build/fuzz/run
if [ $# -eq 0 ]; then
	set -- $(find build/fuzz -maxdepth 1 -type f -executable -printf '%f\n' | sort)
fi

rows=()
bad=0
for t in "$@"; do
	bin=build/fuzz/$t
	dir=$run/$t
	if [ ! -x "$bin" ]; then
		rows+=("$(printf '%-14s %14s %10s %8s  %s' "$t" - - - "no binary $bin (make fuzz-build)")")
		bad=1
		continue
	fi
	rm -rf "$dir"
	mkdir -p "$dir/corpus"
	[ -d "tests/fuzz/corpus/$t" ] && cp -r "tests/fuzz/corpus/$t/." "$dir/corpus/"
	seeds=$(find "$dir/corpus" -type f | wc -l)
	echo "  FUZZ    $t (${seconds}s, $seeds seeds)"
	# -timeout: one input taking longer than that is a hang worth reporting.
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/" "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n1)
	[ -n "$execs" ] || execs=$(sed -n 's/.*Done \([0-9]*\) runs.*/\1/p' "$dir/log" | tail -n1)
	[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$dir/log" | tail -n1 | tr -d '#')
	crashes=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o \
		-name 'timeout-*' -o -name 'oom-*' \) | wc -l)
	corpus=$(find "$dir/corpus" -type f | wc -l)
	note=""
	if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ]; then
		bad=1
		note="$(find "$dir" -maxdepth 1 -type f -name '*-*' ! -name log | head -n1) (log: $dir/log)"
		[ "$crashes" -gt 0 ] || crashes="rc=$rc"
	fi
	rows+=("$(printf '%-14s %14s %10s %8s  %s' "$t" "${execs:-?}" "$crashes" "$corpus" "$note")")
done

cli_rc=0
if [ "${FUZZ_CLI:-1}" != 0 ]; then
	echo "  FUZZ    command line (tests/fuzz/cli_fuzz.sh)"
	cli=$(tests/fuzz/cli_fuzz.sh 2>&1)
	cli_rc=$?
	cli_runs=$(sed -n 's/^cli_fuzz: \([0-9]*\) runs.*/\1/p' <<<"$cli" | tail -n1)
	cli_bad=$(sed -n 's/^cli_fuzz: .* \([0-9]*\) failed.*/\1/p' <<<"$cli" | tail -n1)
	[ "$cli_rc" -eq 0 ] || bad=1
	rows+=("$(printf '%-14s %14s %10s %8s  %s' cli "${cli_runs:-?}" "${cli_bad:-?}" - \
		"$([ "$cli_rc" -eq 0 ] || echo "FAIL lines below; every run: build/fuzz/cli/log")")")
fi

echo
printf '%-14s %14s %10s %8s  %s\n' target executions crashes corpus note
for r in "${rows[@]}"; do
	echo "$r"
done
if [ "$cli_rc" -ne 0 ]; then
	echo
	grep '^FAIL' <<<"$cli" | head -n 20
fi
exit $bad
