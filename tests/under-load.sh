#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the whole suite (tests/run-all.sh) several times in a row with CPU-burning processes beside
# it, to show that no test measures the host's speed. Usage: tests/under-load.sh [RUNS] [BURNERS]
# (default 3 runs, 2 burners). Prints each run's "N passed, N failed" and a total; exits non-zero
# if any run failed.
set -u
cd "$(dirname "$0")/.." || exit 1
runs=${1:-3}
burners=${2:-2}
[[ $runs =~ ^[1-9][0-9]*$ && $burners =~ ^[0-9]+$ ]] || {
	echo "usage: tests/under-load.sh [RUNS] [BURNERS]" >&2
	exit 2
}

pids=()
stop_burners() {
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
}
trap stop_burners EXIT
for ((i = 0; i < burners; i++)); do
	sha256sum /dev/zero >/dev/null &
	pids+=($!)
done

make --no-print-directory all fuzz-replay-build >/dev/null || exit 1
mkdir -p build/test-logs
bad=0
for ((r = 1; r <= runs; r++)); do
	start=$SECONDS
	tests/run-all.sh >"build/test-logs/under-load-$r.log" 2>&1
	rc=$?
	summary=$(tail -n 1 "build/test-logs/under-load-$r.log")
	echo "run $r of $runs beside $burners burners: $summary ($((SECONDS - start)) s)"
	grep '^  FAIL' "build/test-logs/under-load-$r.log"
	if [ $rc -ne 0 ]; then
		bad=$((bad + 1))
		# The next run overwrites the case logs: keep this run's.
		rm -rf "build/test-logs-run$r" && cp -r build/test-logs "build/test-logs-run$r"
	fi
done
echo "under load: $((runs - bad)) of $runs runs passed"
[ $bad -eq 0 ]
