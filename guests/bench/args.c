/* SPDX-License-Identifier: Apache-2.0 */
/* The benchmark guest's settings from the device tree's /chosen/bootargs ("bench.n=N"), and its reports. */
#include "bench.h"

#include "fdt_read.h"

#include "lib/printf.h"
#include "lib/string.h"

static unsigned long rep_cap; /* 0: no cap */

void bench_args_parse(unsigned long fdt)
{
	static const char key[] = "bench.n=";
	uint32_t len = 0;
	const char *args = fdt_read_prop((const void *)fdt, "chosen", "bootargs", &len);

	for (uint32_t i = 0; args && i + sizeof(key) - 1 <= len; i++) {
		unsigned long v = 0;
		uint32_t j;

		if ((i > 0 && args[i - 1] != ' ') ||
		    lib_memcmp(args + i, key, sizeof(key) - 1) != 0) {
			continue;
		}
		for (j = i + sizeof(key) - 1;
		     j < len && args[j] >= '0' && args[j] <= '9' && v < 100000000; j++) {
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
