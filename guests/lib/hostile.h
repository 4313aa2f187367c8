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

#include "hart.h"
#include "lib/string.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U
#define FDT_MAX_DEPTH 16

/* Plain (4-byte) encodings: no compressed instruction may stand in for the one written. */
#define NORVC(insn) ".option push\n.option norvc\n" insn "\n.option pop\n"

struct hostile_attack {
	const char *name;
	void (*run)(void);
};

static inline uint32_t hostile_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static inline uint64_t hostile_be64(const void *p)
{
	const uint8_t *b = p;

	return ((uint64_t)hostile_be32(b) << 32) | hostile_be32(b + 4);
}

/*
 * The value of property prop of the first node whose name starts with node (at any depth),
 * or NULL; *len gets its length. Only what rvkvm's device tree needs: no phandles, no paths.
 */
static inline const void *hostile_fdt_prop(const void *fdt, const char *node, const char *prop,
					   uint32_t *len)
{
	const uint8_t *base = fdt;
	const uint8_t *p, *end, *strings;
	const char *names[FDT_MAX_DEPTH];
	int depth = 0;
	size_t node_len = lib_strlen(node);

	if (hostile_be32(base) != FDT_MAGIC) {
		return NULL;
	}
	p = base + hostile_be32(base + 8);
	end = base + hostile_be32(base + 4);
	strings = base + hostile_be32(base + 12);
	while (p + 4 <= end) {
		uint32_t token = hostile_be32(p);

		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;

			if (depth < FDT_MAX_DEPTH) {
				names[depth] = name;
			}
			depth++;
			p += (lib_strlen(name) + 1 + 3) & ~3UL;
		} else if (token == FDT_END_NODE) {
			depth--;
		} else if (token == FDT_PROP) {
			uint32_t plen = hostile_be32(p);
			const char *pname = (const char *)strings + hostile_be32(p + 4);
			const char *cur = depth > 0 && depth <= FDT_MAX_DEPTH ? names[depth - 1] : "";

			p += 8;
			if (lib_strncmp(cur, node, node_len) == 0 && lib_strcmp(pname, prop) == 0) {
				*len = plen;
				return p;
			}
			p += (plen + 3) & ~3UL;
		} else if (token == FDT_NOP) {
			continue;
		} else {
			break;
		}
	}
	return NULL;
}

/* The attack the case asked for: /chosen/bootargs, or "" when there is none. */
static inline const char *hostile_attack_name(unsigned long fdt)
{
	uint32_t len = 0;
	const char *s = hostile_fdt_prop((const void *)fdt, "chosen", "bootargs", &len);

	return s && len > 0 && s[len - 1] == '\0' ? s : "";
}

/* The first guest-physical address past RAM, from /memory's reg (2 address cells, 2 size cells). */
static inline unsigned long hostile_ram_end(unsigned long fdt)
{
	uint32_t len = 0;
	const uint8_t *reg = hostile_fdt_prop((const void *)fdt, "memory", "reg", &len);

	if (!reg || len < 16) {
		return 0;
	}
	return (unsigned long)(hostile_be64(reg) + hostile_be64(reg + 8));
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
