/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake guest RAM for host tests: guest-physical [FAKE_RAM_BASE, + FAKE_RAM_SIZE) in one
 * page-aligned host buffer. The arch fake fetches the guest's instructions from it (paging off:
 * a guest virtual address is its physical one), a test can hand it to the core as a region's
 * backing, or to the VMM's device models as their struct guest_mem.
 */
#ifndef TESTS_FAKES_FAKE_GUEST_MEM_H
#define TESTS_FAKES_FAKE_GUEST_MEM_H

#include <stdint.h>

#define FAKE_RAM_BASE 0x80000000ull
#define FAKE_RAM_SIZE 0x10000ull

/* The host buffer (page-aligned; allocated once, never freed). */
extern uint8_t *fake_ram;

/* Allocates the RAM on first use and zeroes it. */
void fake_guest_mem_reset(void);
/* The host address of guest-physical [gpa, gpa + len), or NULL if any of it is not RAM. */
void *fake_guest_mem_ptr(uint64_t gpa, uint64_t len);
/* Little-endian stores of a test's choosing (an instruction, a value); gpa must be RAM. */
void fake_guest_mem_put16(uint64_t gpa, uint16_t v);
void fake_guest_mem_put32(uint64_t gpa, uint32_t v);

#endif
