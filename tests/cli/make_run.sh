#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives the README's first command as a person does: `make run`, then, at the busybox prompt, a
# typed command whose answer must come back, then `poweroff -f`; make must exit with status 0.
# The guest's root must be the virtio disk build/disk.img, and a file written there must be in
# the image afterwards (so the next make run has it).
# Prints "ok make-run ..." or "FAIL make-run ...". Usage: tests/cli/make_run.sh LOG
set -u
cd "$(dirname "$0")/../.." || exit 1
# make run's own image, the product's, whatever image the other tests run (tests/run-all.sh).
unset RVKVM_IMAGE
. tests/cli/typing.sh
# Only catches a hang (a boot takes well under a minute on an idle machine).
typing_start "${1:-build/test-logs/make_run.log}" 900 make run

shell_up() { grep -q 'busybox shell; poweroff -f to leave' "$typing_log" && typing_at_prompt; }
answered() { typing_shown | grep -q '^typed-42-answered' && typing_at_prompt; }

typing_wait_until shell_up "busybox prompt" make-run
# The answer differs from what the terminal echoes, so only the shell can have printed it.
nonce=make-run-$$-$RANDOM
typing_keys 'echo typed-$((6 * 7))-answered; nproc; grep " / " /proc/mounts | cut -d" " -f1 | tail -n 1; echo %s >/root/.make-run-check; sync\n' "$nonce"
typing_wait_until answered "answer to the typed command" make-run
ncpu=$(typing_shown | grep -A1 '^typed-42-answered' | sed -n 2p)
[ "$ncpu" = 2 ] ||
	typing_finish "FAIL make-run (the guest has '$ncpu' CPUs, the README says 2; log: $typing_log)"
root=$(typing_shown | grep -A2 '^typed-42-answered' | sed -n 3p)
[ "$root" = /dev/vda ] ||
	typing_finish "FAIL make-run (the guest's root is '$root', not the virtio disk /dev/vda; log: $typing_log)"

typing_keys 'poweroff -f\n'
typing_wait_end make-run
if [ $typing_rc -ne 0 ]; then
	echo "FAIL make-run (make run exited $typing_rc after poweroff -f; log: $typing_log)"
elif ! grep -q 'guest powered off (normal)' "$typing_log"; then
	echo "FAIL make-run (no normal power-off in the log: $typing_log)"
elif [ "$(debugfs -R 'cat /root/.make-run-check' build/disk.img 2>/dev/null)" != "$nonce" ]; then
	echo "FAIL make-run (the file the guest wrote on /dev/vda is not in build/disk.img; log: $typing_log)"
else
	echo "ok make-run typed a command at the busybox prompt, 2 CPUs, root on /dev/vda, its file in build/disk.img, poweroff -f, status 0"
fi
