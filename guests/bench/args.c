/* The benchmark guest's settings from the device tree's /chosen/bootargs ("bench.n=N"), and its reports. */
#include "bench.h"

#include "lib/printf.h"
#include "lib/string.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U
#define FDT_MAX_SIZE (1U << 20) /* refuse anything larger than a sane guest device tree */

static unsigned long rep_cap; /* 0: no cap */

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3U;
}

/* The value of /chosen/bootargs, or NULL; every offset is checked against the blob's size. */
static const char *find_bootargs(const uint8_t *fdt, uint32_t *len)
{
	uint32_t size, off, strings, strings_size, depth = 0;
	bool in_chosen = false;

	if (!fdt || be32(fdt) != FDT_MAGIC || (size = be32(fdt + 4)) > FDT_MAX_SIZE || size < 40) {
		return NULL;
	}
	off = be32(fdt + 8);
	strings = be32(fdt + 12);
	strings_size = be32(fdt + 32);
	if (strings > size || strings_size > size - strings) {
		return NULL;
	}
	/* Invariant: off is a token boundary inside the structure block, depth the current nesting. */
	while (off + 4 <= size) {
		uint32_t token = be32(fdt + off);

		off += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)fdt + off;
			size_t n = lib_strnlen(name, size - off);

			depth++;
			in_chosen = depth == 2 && n == 6 && lib_memcmp(name, "chosen", 6) == 0;
			off = align4(off + (uint32_t)n + 1);
		} else if (token == FDT_END_NODE) {
			in_chosen = false;
			if (depth-- == 0) {
				return NULL;
			}
		} else if (token == FDT_PROP) {
			uint32_t plen, nameoff;

			if (off + 8 > size) {
				return NULL;
			}
			plen = be32(fdt + off);
			nameoff = be32(fdt + off + 4);
			off += 8;
			if (plen > size - off) {
				return NULL;
			}
			if (in_chosen && nameoff < strings_size &&
			    lib_strnlen((const char *)fdt + strings + nameoff, strings_size - nameoff) == 8 &&
			    lib_memcmp(fdt + strings + nameoff, "bootargs", 8) == 0) {
				*len = plen;
				return (const char *)fdt + off;
			}
			off = align4(off + plen);
		} else if (token != FDT_NOP) {
			return NULL; /* FDT_END or garbage */
		}
	}
	return NULL;
}

void bench_args_parse(unsigned long fdt)
{
	static const char key[] = "bench.n=";
	uint32_t len = 0;
	const char *args = find_bootargs((const uint8_t *)fdt, &len);

	for (uint32_t i = 0; args && i + sizeof(key) - 1 <= len; i++) {
		unsigned long v = 0;
		uint32_t j;

		if ((i > 0 && args[i - 1] != ' ') || lib_memcmp(args + i, key, sizeof(key) - 1) != 0) {
			continue;
		}
		for (j = i + sizeof(key) - 1; j < len && args[j] >= '0' && args[j] <= '9' && v < 100000000;
		     j++) {
			v = v * 10 + (unsigned long)(args[j] - '0');
		}
		rep_cap = v;
	}
}

unsigned long bench_reps(unsigned long full)
{
	return rep_cap && rep_cap < full ? rep_cap : full;
}

void bench_stat_add(struct bench_stat *s, unsigned long sample)
{
	if (s->n == 0 || sample < s->min) {
		s->min = sample;
	}
	if (sample > s->max) {
		s->max = sample;
	}
	s->n++;
	s->total += sample;
}

/* The mean with one decimal: the per-operation figures are small enough for it to matter. */
static void print_mean(const char *op, unsigned long n, unsigned long total, const char *tail)
{
	unsigned long tenths = n ? (total * 10 + n / 2) / n : 0;

	say("BENCH %s n=%lu instr=%lu.%lu%s\n", op, n, tenths / 10, tenths % 10, tail);
}

void bench_stat_report(const char *op, const struct bench_stat *s)
{
	char tail[64];

	lib_snprintf(tail, sizeof(tail), " min=%lu max=%lu", s->min, s->max);
	print_mean(op, s->n, s->total, tail);
}

void bench_report_total(const char *op, unsigned long n, unsigned long total)
{
	print_mean(op, n, total, "");
}
