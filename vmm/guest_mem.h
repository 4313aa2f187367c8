/* SPDX-License-Identifier: Apache-2.0 */
/* The one way the VMM's device models reach guest RAM: host addresses of ranges checked against it. */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* A VM's RAM: guest-physical [base, base + size) is host memory [host, host + size). */
struct guest_mem {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
};

/*
 * The host address of guest-physical [gpa, gpa + len) when all of it lies in guest RAM, else
 * NULL (also when gpa + len wraps). len 0 asks only that gpa lie in RAM or at its end. The guest
 * may change the bytes at any time: read each field once, and check what was read, not the RAM.
 */
void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len);

#endif
