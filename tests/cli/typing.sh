# SPDX-License-Identifier: Apache-2.0
# Sourced by the checks that type at a guest's shell as a person does (make_run.sh, hvc0.sh):
# typing_start LOG HANG COMMAND... starts COMMAND in its own process group with its keyboard a
# fifo (typing_keys writes there) and its output in LOG; typing_wait_until waits for a condition
# and typing_finish prints a verdict and ends it all. A hang is caught after HANG seconds.

typing_start() { # log, hang (seconds), command...
	typing_log=$1
	typing_deadline=$((SECONDS + $2))
	shift 2
	mkdir -p "$(dirname "$typing_log")"
	: >"$typing_log"
	typing_tmp=$(mktemp -d)
	mkfifo "$typing_tmp/keys"
	# As a person would type it: not inside this suite's make.
	unset MAKEFLAGS MAKELEVEL MFLAGS
	# Its own process group, so a hang can be ended whole (make, ./rvkvm, QEMU).
	setsid "$@" <"$typing_tmp/keys" >"$typing_log" 2>&1 &
	typing_pid=$!
	exec 3>"$typing_tmp/keys"
}

typing_keys() { # printf format, arguments
	# shellcheck disable=SC2059 # the format is the caller's
	printf "$@" >&3
}

typing_finish() { # verdict line
	exec 3>&-
	if kill -0 "$typing_pid" 2>/dev/null; then
		kill -TERM -- -"$typing_pid" 2>/dev/null
		sleep 2
		kill -KILL -- -"$typing_pid" 2>/dev/null
	fi
	wait "$typing_pid" 2>/dev/null
	rm -rf "$typing_tmp"
	echo "$1"
	exit 0
}

# The log as the terminal would show it: no carriage returns, no escape sequences (busybox's
# line editor asks the terminal where its cursor is with ESC [ 6 n after each prompt).
typing_shown() { # [bytes from the end]
	if [ $# -gt 0 ]; then tail -c "$1" "$typing_log"; else cat "$typing_log"; fi | tr -d '\r' |
		sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g'
}

typing_at_prompt() { typing_shown 200 | tail -n 1 | grep -qE '# $'; }

# Waits until a condition holds, giving up when the run ends or the hang limit passes.
typing_wait_until() { # condition, what is awaited (for the message), verdict name
	until $1; do
		kill -0 "$typing_pid" 2>/dev/null ||
			typing_finish "FAIL $3 (the run ended before the $2; log: $typing_log)"
		[ $SECONDS -lt $typing_deadline ] ||
			typing_finish "FAIL $3 (no $2 in time; log: $typing_log)"
		sleep 1
	done
}

# After poweroff -f: waits for the run to end and sets typing_rc to its exit status.
typing_wait_end() { # verdict name
	while kill -0 "$typing_pid" 2>/dev/null; do
		[ $SECONDS -lt $typing_deadline ] ||
			typing_finish "FAIL $1 (still running at the time limit; log: $typing_log)"
		sleep 1
	done
	wait "$typing_pid"
	typing_rc=$?
	exec 3>&-
	rm -rf "$typing_tmp"
}
