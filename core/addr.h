/* SPDX-License-Identifier: Apache-2.0 */
/* Distinct types for guest-physical and host-physical addresses, so mixing them is a compile error. */
#ifndef CORE_ADDR_H
#define CORE_ADDR_H

#include <stdint.h>

typedef struct {
	uint64_t v;
} gpa_t;

typedef struct {
	uint64_t v;
} hpa_t;

static inline gpa_t gpa(uint64_t v)
{
	return (gpa_t){ v };
}

static inline hpa_t hpa(uint64_t v)
{
	return (hpa_t){ v };
}

/* The hypervisor runs with satp = Bare, so a host-physical address is also a pointer. */
static inline void *hpa_ptr(hpa_t a)
{
	return (void *)(uintptr_t)a.v;
}

static inline hpa_t hpa_of(const void *p)
{
	return hpa((uint64_t)(uintptr_t)p);
}

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

/*
 * The start of the page holding a 64-bit address. Its mask is 64 bits wide: ~(PAGE_SIZE - 1)
 * is an unsigned long's, which on rv32 would clear bits 32 and up of a guest-physical address
 * (Sv32x4 takes 34 bits).
 */
static inline uint64_t page_base(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

#endif
