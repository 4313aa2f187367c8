/* SPDX-License-Identifier: Apache-2.0 */
/* A fake guest RAM and hand-built split rings for the virtqueue and virtio-mmio host tests. */
#include "tests/unit/vring_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static _Alignas(4096) uint8_t ram_bytes[FIX_RAM_SIZE];

struct guest_mem fix_ram;

void fix_ram_reset(void)
{
	memset(ram_bytes, 0, sizeof(ram_bytes));
	fix_ram.base = FIX_RAM_BASE;
	fix_ram.size = FIX_RAM_SIZE;
	fix_ram.host = ram_bytes;
}

uint8_t *fix_host(uint64_t gpa)
{
	assert_true(gpa >= FIX_RAM_BASE && gpa < FIX_RAM_END);
	return ram_bytes + (gpa - FIX_RAM_BASE);
}

/* Little-endian, byte by byte, so the tests do not share the walker's way of storing. */
static void put_le(uint64_t gpa, uint64_t v, unsigned n)
{
	assert_true(gpa + n <= FIX_RAM_END);
	for (unsigned i = 0; i < n; i++) {
		fix_host(gpa)[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint64_t get_le(uint64_t gpa, unsigned n)
{
	uint64_t v = 0;

	assert_true(gpa + n <= FIX_RAM_END);
	for (unsigned i = 0; i < n; i++) {
		v |= (uint64_t)fix_host(gpa)[i] << (8 * i);
	}
	return v;
}

void fix_put16(uint64_t gpa, uint16_t v)
{
	put_le(gpa, v, 2);
}

void fix_put32(uint64_t gpa, uint32_t v)
{
	put_le(gpa, v, 4);
}

void fix_put64(uint64_t gpa, uint64_t v)
{
	put_le(gpa, v, 8);
}

uint16_t fix_get16(uint64_t gpa)
{
	return (uint16_t)get_le(gpa, 2);
}

uint32_t fix_get32(uint64_t gpa)
{
	return (uint32_t)get_le(gpa, 4);
}

void fix_queue(struct virtq *q, uint16_t num)
{
	memset(q, 0, sizeof(*q));
	q->num = num;
	q->desc = FIX_DESC;
	q->avail = FIX_AVAIL;
	q->used = FIX_USED;
	q->ready = true;
	virtq_reset(q);
}

void fix_desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
	      uint16_t next)
{
	uint64_t d = table + 16ull * i;

	fix_put64(d, addr);
	fix_put32(d + 8, len);
	fix_put16(d + 12, flags);
	fix_put16(d + 14, next);
}

uint16_t fix_avail_idx(const struct virtq *q)
{
	return fix_get16(q->avail + 2);
}

void fix_set_avail_idx(const struct virtq *q, uint16_t idx)
{
	fix_put16(q->avail + 2, idx);
}

void fix_avail_add(const struct virtq *q, uint16_t head)
{
	uint16_t idx = fix_avail_idx(q);

	fix_put16(q->avail + 4 + 2ull * (idx % q->num), head);
	fix_set_avail_idx(q, (uint16_t)(idx + 1));
}

void fix_set_used_event(const struct virtq *q, uint16_t event)
{
	fix_put16(q->avail + 4 + 2ull * q->num, event);
}

void fix_set_avail_flags(const struct virtq *q, uint16_t flags)
{
	fix_put16(q->avail, flags);
}

uint16_t fix_avail_event(const struct virtq *q)
{
	return fix_get16(q->used + 4 + 8ull * q->num);
}

uint16_t fix_used_flags(const struct virtq *q)
{
	return fix_get16(q->used);
}

uint16_t fix_used_idx(const struct virtq *q)
{
	return fix_get16(q->used + 2);
}

uint32_t fix_used_id(const struct virtq *q, uint16_t slot)
{
	return fix_get32(q->used + 4 + 8ull * (slot % q->num));
}

uint32_t fix_used_len(const struct virtq *q, uint16_t slot)
{
	return fix_get32(q->used + 4 + 8ull * (slot % q->num) + 4);
}
