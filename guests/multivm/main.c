/* SPDX-License-Identifier: Apache-2.0 */
/* Test guest for runs of several VMs: one role per VM (--append), to show the VMs stay apart and each console is its own. */
#include "hostile.h"

/*
 * Roles, the first word of --append:
 *   ticker N     prints "multivm: NAME tick I" N times, 100 ms apart, then powers off normally
 *   writer N     fills its RAM above its image with the marker, then ticks N times like ticker
 *   scanner      after 1 s, looks for the marker in its own RAM (a VM beside it is writing
 *                it into its own), then reads the first address past its RAM: rvkvm must stop
 *                the VM (status 3); if the read returns, the guest fails
 *   probe ADDR   an 8-byte read of ADDR (hex), outside its RAM: rvkvm must stop the VM
 * The name in the tick lines is the second word of --append after N, or the role.
 */

#define TICK_MS 100
#define SCAN_DELAY_MS 1000

extern char __image_end[];

/* Never stored whole in the image: the scanner must not find it in its own code or data. */
static volatile uint64_t marker_inverted = ~0x52564b4d564d4231ULL; /* "RVKMVMB1" */

static const char *skip_word(const char *s)
{
	while (*s && *s != ' ') {
		s++;
	}
	while (*s == ' ') {
		s++;
	}
	return s;
}

static bool starts_word(const char *s, const char *word)
{
	size_t n = lib_strlen(word);

	return lib_strncmp(s, word, n) == 0 && (s[n] == '\0' || s[n] == ' ');
}

static unsigned long parse_number(const char *s, unsigned base)
{
	unsigned long v = 0;

	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (;; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9') {
			d = (unsigned)(*s - '0');
		} else if (base == 16 && *s >= 'a' && *s <= 'f') {
			d = (unsigned)(*s - 'a' + 10);
		} else {
			return v;
		}
		v = v * base + d;
	}
}

/* "ROLE N NAME": prints N ticks as NAME (the role when no name is given). */
static void tick(const char *args, const char *role)
{
	const char *rest = skip_word(args);
	unsigned long n = parse_number(rest, 10);
	const char *name = skip_word(rest);

	if (!*name) {
		name = role;
	}
	for (unsigned long i = 0; i < n; i++) {
		say("multivm: %s tick %lu\n", name, i);
		delay_ticks(MS_TICKS(TICK_MS));
	}
	check(true, "%s ticked %lu times", name, n);
}

static void writer(const char *args, unsigned long fdt)
{
	uint64_t marker = ~marker_inverted;
	uint64_t *p = (uint64_t *)(((unsigned long)__image_end + 7) & ~7UL);
	uint64_t *end = (uint64_t *)(fdt & ~7UL);
	unsigned long words = 0;

	for (; p < end; p++, words++) {
		*p = marker;
	}
	check(words > 0, "writer: marker written over %lu KiB of its RAM", words * 8 / 1024);
	tick(args, "writer");
}

static void scanner(unsigned long ram_end)
{
	uint64_t marker;
	unsigned long found = 0, words = 0;
	const volatile uint64_t *p;

	delay_ticks(MS_TICKS(SCAN_DELAY_MS));
	marker = ~marker_inverted;
	/* Below __image_end are the scanner's own code, data and stack, where marker may be. */
	p = (const volatile uint64_t *)(((unsigned long)__image_end + 7) & ~7UL);
	for (; (unsigned long)p < ram_end; p++, words++) {
		found += *p == marker;
	}
	check(found == 0 && words > 0,
	      "scanner: %lu of %lu words of its RAM hold another VM's marker", found, words);
	say("multivm: scanner reads 0x%lx, the first address past its RAM\n", ram_end);
	check(false, "the read past RAM returned 0x%lx",
	      (unsigned long)*(const volatile uint64_t *)ram_end);
}

static void probe(const char *args)
{
	unsigned long addr = parse_number(skip_word(args), 16);

	say("multivm: probe reads 0x%lx\n", addr);
	check(false, "the read of 0x%lx returned 0x%lx", addr,
	      (unsigned long)*(const volatile uint64_t *)addr);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	const char *args = hostile_attack_name(fdt);
	unsigned long ram_end = hostile_ram_end(fdt);

	hart_boot_init(hartid);
	/* An exception the guest takes itself is a failure: the wild reads must stop the VM. */
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	say("multivm: %s, RAM 0x%lx..0x%lx\n", args, GUEST_RAM_BASE, ram_end);
	if (starts_word(args, "ticker")) {
		tick(args, "ticker");
	} else if (starts_word(args, "writer")) {
		writer(args, fdt);
	} else if (starts_word(args, "scanner")) {
		scanner(ram_end);
	} else if (starts_word(args, "probe")) {
		probe(args);
	} else {
		check(false, "multivm: a role named '%s' exists (--append)", args);
	}
	return 0; /* check() counted every failure */
}
