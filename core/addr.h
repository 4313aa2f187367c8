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

#endif
