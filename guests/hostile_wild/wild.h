/* SPDX-License-Identifier: Apache-2.0 */
/* What the hostile_wild guest's files share: guest RAM's end, the jump, the rv32-only attacks. */
#ifndef GUESTS_HOSTILE_WILD_WILD_H
#define GUESTS_HOSTILE_WILD_WILD_H

#define SSTATUS_FS_INITIAL (1UL << 13)

/* The first guest-physical address past RAM, from the device tree. */
extern unsigned long ram_end;

/* Calls the code at addr with a1 = the test device; prints what it does first. */
void wild_jump(unsigned long addr);

/* rv32 only (rv32.c): guest-physical addresses above 4 GiB through Sv32, compressed FP forms. */
void load_high_top(void);
void load_high_testdev(void);
void store_high_ram(void);
void jump_high_ram(void);
void c_flw_testdev(void);
void c_fswsp_testdev(void);

#endif
