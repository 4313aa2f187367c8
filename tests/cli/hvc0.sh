#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --console virtio: the Debian kernel's virtio console (hvc0) gets the keyboard and init runs the
# shell there, the kernel's own log staying on the 16550. Types a command at that shell and
# checks its answer came through hvc0, then poweroff -f. Prints "ok hvc0-shell ..." or "FAIL
# hvc0-shell ...". Usage: tests/cli/hvc0.sh LOG
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/typing.sh
typing_start "${1:-build/test-logs/hvc0.log}" 600 ./rvkvm run --kernel cache/riscv64/Image \
	--initrd build/initramfs.cpio.gz --cpus 2 --mem 256M --console virtio --append "console=ttyS0"

shell_up() { grep -q 'the shell is on the virtio console hvc0' "$typing_log" && typing_at_prompt; }
answered() { typing_shown | grep -q '^typed-42-on-/dev/hvc0' && typing_at_prompt; }

typing_wait_until shell_up "shell on hvc0" hvc0-shell
typing_keys 'echo typed-$((6 * 7))-on-$(tty)\n'
typing_wait_until answered "answer from hvc0" hvc0-shell
typing_keys 'poweroff -f\n'
typing_wait_end hvc0-shell
if [ $typing_rc -ne 0 ] || ! grep -q 'guest powered off (normal)' "$typing_log"; then
	echo "FAIL hvc0-shell (status $typing_rc after poweroff -f; log: $typing_log)"
else
	echo "ok hvc0-shell a typed command answered by the shell on /dev/hvc0, poweroff -f, status 0"
fi
