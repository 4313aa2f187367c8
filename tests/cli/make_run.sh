#!/usr/bin/env bash
# Drives the README's first command as a person does: `make run`, then, at the busybox prompt, a
# typed command whose answer must come back, then `poweroff -f`; make must exit with status 0.
# The guest's root must be the virtio disk build/disk.img, and a file written there must be in
# the image afterwards (so the next make run has it).
# Prints "ok make-run ..." or "FAIL make-run ...". Usage: tests/cli/make_run.sh LOG
set -u
cd "$(dirname "$0")/../.." || exit 1
log=${1:-build/test-logs/make_run.log}
hang=900 # seconds; only catches a hang (a boot takes well under a minute on an idle machine)

mkdir -p "$(dirname "$log")"
: >"$log"
tmp=$(mktemp -d)
mkfifo "$tmp/keys"
# As a person would type it: not inside this suite's make.
unset MAKEFLAGS MAKELEVEL MFLAGS
# Its own process group, so a hang can be ended whole (make, ./rvkvm, QEMU).
setsid make run <"$tmp/keys" >"$log" 2>&1 &
pid=$!
exec 3>"$tmp/keys"
deadline=$((SECONDS + hang))

finish() { # verdict line
	exec 3>&-
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM -- -"$pid" 2>/dev/null
		sleep 2
		kill -KILL -- -"$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rm -rf "$tmp"
	echo "$1"
	exit 0
}

# The log as the terminal would show it: no carriage returns, no escape sequences (busybox's
# line editor asks the terminal where its cursor is with ESC [ 6 n after each prompt).
shown() { # [bytes from the end]
	if [ $# -gt 0 ]; then tail -c "$1" "$log"; else cat "$log"; fi | tr -d '\r' |
		sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g'
}

at_prompt() { shown 200 | tail -n 1 | grep -qE '# $'; }
shell_up() { grep -q 'busybox shell; poweroff -f to leave' "$log" && at_prompt; }
answered() { shown | grep -q '^typed-42-answered' && at_prompt; }

# Waits until a condition holds, giving up when the run ends or the hang limit passes.
wait_until() { # condition, what is awaited (for the message)
	until $1; do
		kill -0 "$pid" 2>/dev/null || finish "FAIL make-run (make ended before the $2; log: $log)"
		[ $SECONDS -lt $deadline ] || finish "FAIL make-run (no $2 within ${hang}s; log: $log)"
		sleep 1
	done
}

wait_until shell_up "busybox prompt"
# The answer differs from what the terminal echoes, so only the shell can have printed it.
nonce=make-run-$$-$RANDOM
printf 'echo typed-$((6 * 7))-answered; nproc; grep " / " /proc/mounts | cut -d" " -f1 | tail -n 1; echo %s >/root/.make-run-check; sync\n' "$nonce" >&3
wait_until answered "answer to the typed command"
ncpu=$(shown | grep -A1 '^typed-42-answered' | sed -n 2p)
[ "$ncpu" = 2 ] || finish "FAIL make-run (the guest has '$ncpu' CPUs, the README says 2; log: $log)"
root=$(shown | grep -A2 '^typed-42-answered' | sed -n 3p)
[ "$root" = /dev/vda ] || finish "FAIL make-run (the guest's root is '$root', not the virtio disk /dev/vda; log: $log)"

printf 'poweroff -f\n' >&3
while kill -0 "$pid" 2>/dev/null; do
	[ $SECONDS -lt $deadline ] || finish "FAIL make-run (still running ${hang}s after start; log: $log)"
	sleep 1
done
wait "$pid"
rc=$?
exec 3>&-
rm -rf "$tmp"
if [ $rc -ne 0 ]; then
	echo "FAIL make-run (make run exited $rc after poweroff -f; log: $log)"
elif ! grep -q 'guest powered off (normal)' "$log"; then
	echo "FAIL make-run (no normal power-off in the log: $log)"
elif [ "$(debugfs -R 'cat /root/.make-run-check' build/disk.img 2>/dev/null)" != "$nonce" ]; then
	echo "FAIL make-run (the file the guest wrote on /dev/vda is not in build/disk.img; log: $log)"
else
	echo "ok make-run typed a command at the busybox prompt, 2 CPUs, root on /dev/vda, its file in build/disk.img, poweroff -f, status 0"
fi
