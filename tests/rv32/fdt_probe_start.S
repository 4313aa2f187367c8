/* SPDX-License-Identifier: Apache-2.0 */
/* Entry of the rv32 libfdt probe: OpenSBI's fw_dynamic enters here in S-mode with the hart id in
 * a0 and the device tree in a1, which fdt_probe_main takes as they are. */
	.section .text.entry, "ax"
	.globl _start
_start:
	la sp, fdt_probe_stack_top
	call fdt_probe_main
1:	wfi
	j 1b

	.bss
	.balign 16
	.space 8192
fdt_probe_stack_top:
