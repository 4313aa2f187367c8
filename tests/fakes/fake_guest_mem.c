/* SPDX-License-Identifier: Apache-2.0 */
/* A fake guest RAM for host tests (see fake_guest_mem.h). */
#include "tests/fakes/fake_guest_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *fake_ram;

void fake_guest_mem_reset(void)
{
	if (!fake_ram) {
		fake_ram = aligned_alloc(4096, FAKE_RAM_SIZE);
		if (!fake_ram) {
			fprintf(stderr, "fake_guest_mem: out of memory\n");
			abort();
		}
	}
	memset(fake_ram, 0, FAKE_RAM_SIZE);
}

void *fake_guest_mem_ptr(uint64_t gpa, uint64_t len)
{
	if (!fake_ram || gpa < FAKE_RAM_BASE || gpa - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
	    len > FAKE_RAM_SIZE - (gpa - FAKE_RAM_BASE)) {
		return NULL;
	}
	return fake_ram + (gpa - FAKE_RAM_BASE);
}

static void put(uint64_t gpa, const void *v, size_t len)
{
	void *p = fake_guest_mem_ptr(gpa, len);

	if (!p) {
		fprintf(stderr, "fake_guest_mem: 0x%llx is not RAM\n", (unsigned long long)gpa);
		abort();
	}
	memcpy(p, v, len);
}

void fake_guest_mem_put16(uint64_t gpa, uint16_t v)
{
	put(gpa, &v, sizeof(v));
}

void fake_guest_mem_put32(uint64_t gpa, uint32_t v)
{
	put(gpa, &v, sizeof(v));
}
