#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs host unit test binaries (cmocka, ASan/UBSan) for tests/run-all.sh, make unit and make unit32:
# one line per binary, named PREFIX and its name, with its tests passed and failed and its log
# (LOGDIR/PREFIXname.log), then "N passed, N failed" counting each cmocka test; exits non-zero when
# any failed.
set -u
if [ $# -lt 2 ]; then
	echo "usage: tests/run-unit.sh LOGDIR PREFIX BINARY..." >&2
	exit 2
fi
logs=$1
prefix=$2
shift 2
passed=0
failed=0
for t in "$@"; do
	name=$prefix$(basename "$t")
	log=$logs/$name.log
	# A binary that is not there (a glob that matched nothing) fails rather than counting nothing.
	if ! [ -f "$t" ] || ! [ -x "$t" ]; then
		failed=$((failed + 1))
		printf '  FAIL  %-40s %s\n' "$name" "not built: $t"
		continue
	fi
	mkdir -p "$(dirname "$log")"
	"$t" >"$log" 2>&1
	rc=$?
	# A binary may run several cmocka groups: add up every group's summary.
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	# Tests a build has no case for (cmocka's skip(): bits above 31 in the -m32 build) pass nothing.
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	# A crash (sanitizer report, signal) leaves no summary: count it as a failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	detail="$p passed, $f failed"
	[ "$s" -eq 0 ] || detail="$detail, $s skipped"
	if [ "$f" -eq 0 ]; then
		printf '  ok    %-40s %s\n' "$name" "$detail (log: $log)"
	else
		printf '  FAIL  %-40s %s\n' "$name" "$detail (log: $log)"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
