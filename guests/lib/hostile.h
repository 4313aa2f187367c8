/* SPDX-License-Identifier: Apache-2.0 */
/* What the hostile guests share: the attack named by --append, guest RAM from the device tree, raw accesses. */
#ifndef GUESTS_HOSTILE_LIB_HOSTILE_H
#define GUESTS_HOSTILE_LIB_HOSTILE_H

/*
 * Header only (a folder without a .c file is not a guest for the Makefile): every hostile
 * guest includes it as "guests/hostile_lib/hostile.h". Each guest is a table of attacks; the
 * case picks one with --append "NAME" (the device tree's /chosen/bootargs).
 */
#include <stdbool.h>
#include <stdint.h>

#include "fdt_read.h"
#include "hart.h"
#include "lib/string.h"

/* Plain (4-byte) encodings: no compressed instruction may stand in for the one written. */
#define NORVC(insn) ".option push\n.option norvc\n" insn "\n.option pop\n"

struct hostile_attack {
	const char *name;
	void (*run)(void);
};

/* The attack the case asked for: /chosen/bootargs, or "" when there is none. */
static inline const char *hostile_attack_name(unsigned long fdt)
{
	uint32_t len = 0;
	const char *s = fdt_read_prop((const void *)fdt, "chosen", "bootargs", &len);

	return s && len > 0 && s[len - 1] == '\0' ? s : "";
}

/* The first guest-physical address past RAM, from /memory's reg (2 address cells, 2 size cells). */
static inline unsigned long hostile_ram_end(unsigned long fdt)
{
	uint32_t len = 0;
	const uint8_t *reg = fdt_read_prop((const void *)fdt, "memory", "reg", &len);

	if (!reg || len < 16) {
		return 0;
	}
	return (unsigned long)(fdt_read_be64(reg) + fdt_read_be64(reg + 8));
}

/* Runs the attack named by the case; an unknown name is a failure, so a typo cannot pass. */
static inline void hostile_run(const char *guest, const struct hostile_attack *attacks, unsigned n,
			       unsigned long fdt)
{
	const char *name = hostile_attack_name(fdt);

	for (unsigned i = 0; i < n; i++) {
		if (lib_strcmp(attacks[i].name, name) == 0) {
			say("%s: attack %s\n", guest, name);
			attacks[i].run();
			return;
		}
	}
	check(false, "%s: an attack named '%s' exists (--append)", guest, name);
}

/* Exception catching around one access (hart.h): whether it trapped, and with what. */
struct hostile_trap {
	bool caught;
	unsigned long scause, sepc, stval;
};

/* After hart_catch_arm() and the access: what hart_catch_end() found, in one value. */
static inline struct hostile_trap hostile_catch_end(void)
{
	struct hostile_trap t;

	t.caught = hart_catch_end(&t.scause, &t.sepc, &t.stval);
	return t;
}

#endif
