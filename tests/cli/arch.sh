# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2034 # B, p and run are for the caller
# Sourced by the CLI tests that run on either width (net_hostile.sh, virtio_hostile.sh): from
# their argument (rv64, the default, or rv32) it sets B, the build folder of the guests; p, the
# prefix of the checks' names; and run, the command that starts rvkvm (on rv32: the rv32 test
# image under qemu-system-riscv32).
cli_arch() { # rv64|rv32
	B=build p="" run=(./rvkvm run)
	if [ "${1:-rv64}" = rv32 ]; then
		B=build/rv32 p=rv32-
		run=(env RVKVM_IMAGE=build/rv32/rvkvm-test.elf ./rvkvm run --arch rv32)
	fi
}
