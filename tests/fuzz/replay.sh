#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Replays every fuzz target's corpus (tests/fuzz/corpus/<target>) and its saved crashes
# (tests/fuzz/crashes/<target>, kept as regression inputs once fixed) through the gcc ASan/UBSan
# build in build/fuzz-replay/ (make fuzz-replay-build). One line per target:
#   ok <target> N inputs
#   FAIL <target> <why> (log: build/test-logs/fuzz-<target>.log)
# Exits 1 when any target failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
logs=build/test-logs
mkdir -p "$logs"
bad=0

targets=$( (ls -1 tests/fuzz/corpus; ls -1 build/fuzz-replay 2>/dev/null) | sort -u)
for t in $targets; do
	bin=build/fuzz-replay/$t
	log=$logs/fuzz-$t.log
	dirs=()
	for d in tests/fuzz/corpus/$t tests/fuzz/crashes/$t; do
		[ -d "$d" ] && dirs+=("$d")
	done
	if [ ! -x "$bin" ]; then
		echo "FAIL $t not built ($bin; make fuzz-replay-build)"
		bad=1
		continue
	fi
	if [ ${#dirs[@]} -eq 0 ]; then
		echo "FAIL $t no corpus (tests/fuzz/corpus/$t)"
		bad=1
		continue
	fi
	timeout 300 "$bin" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	n=$(sed -n 's/^replayed \([0-9]*\) inputs$/\1/p' "$log")
	if [ $rc -eq 0 ] && [ -n "$n" ]; then
		echo "ok $t $n inputs"
		continue
	fi
	bad=1
	# The input being replayed when it died is the last one named in the log.
	last=$(sed -n 's/^replaying //p' "$log" | tail -n1)
	why=$(grep -m1 -E 'check failed|ERROR: AddressSanitizer|runtime error|ERROR: LeakSanitizer' \
		"$log" | cut -c1-200)
	[ $rc -eq 124 ] && why="timed out after 300s"
	echo "FAIL $t on ${last:-?}: ${why:-exit status $rc} (log: $log)"
done
exit $bad
