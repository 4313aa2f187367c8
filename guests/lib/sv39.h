/* SPDX-License-Identifier: Apache-2.0 */
/* Sv39 VS-stage paging for test guests: PTE bits, a PTE, and the identity map they start from. */
#ifndef GUESTS_LIB_SV39_H
#define GUESTS_LIB_SV39_H

#include <stdint.h>

#include "hart.h"

#define PAGE 4096UL
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define SATP_SV39 (8UL << 60)

/* A valid PTE for the page or table at pa; flags 0 makes it point to the next level. */
static inline uint64_t sv39_pte(unsigned long pa, unsigned long flags)
{
	return (pa >> 12) << 10 | flags | PTE_V;
}

/* The devices' gigapage (GPA 0, read/write) and RAM's (read/write/execute), each at its own VA. */
static inline void sv39_identity(uint64_t root[512])
{
	root[0] = sv39_pte(0, PTE_R | PTE_W | PTE_A | PTE_D);
	root[GUEST_RAM_BASE >> 30] =
		sv39_pte(GUEST_RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
}

/* Turns on Sv39 with root as the table, fenced on both sides. */
static inline void sv39_enable(const uint64_t *root)
{
	__asm__ volatile("sfence.vma" : : : "memory");
	CSR_WRITE(satp, SATP_SV39 | ((unsigned long)root >> 12));
	__asm__ volatile("sfence.vma" : : : "memory");
}

#endif
