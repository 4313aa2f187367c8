/* SPDX-License-Identifier: Apache-2.0 */
/* The one way the VMM's device models reach guest RAM: host addresses of ranges checked against it. */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The blocks whose presence guest_mem remembers: 2 MiB, and at most 64 GiB of RAM's worth. */
#define GUEST_MEM_BLOCK_SHIFT 21
#define GUEST_MEM_PRESENT_BLOCKS 32768u
#define GUEST_MEM_BITS_PER_WORD (8 * sizeof(unsigned long))
#define GUEST_MEM_PRESENT_WORDS (GUEST_MEM_PRESENT_BLOCKS / GUEST_MEM_BITS_PER_WORD)

/*
 * A VM's RAM: guest-physical [base, base + size) is host memory [host, host + size). The core
 * makes RAM present on first touch (rvkvm_pre_fault_memory): present, if set, is asked to make
 * a range present before its host address is handed out, and fails the access if it cannot.
 * RAM once present stays so while the VM lives (nothing deletes or moves the VM's RAM), so
 * present_bits, if set, remembers the blocks made present whole (a bit each, set atomically
 * after present succeeded on the block): an access within them asks no more. A device's
 * buffers are many small ranges, each of which would otherwise take the core's lock.
 */
struct guest_mem {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
	int (*present)(void *ctx, uint64_t gpa, uint64_t len);
	void *present_ctx;
	unsigned long *present_bits; /* NULL, or GUEST_MEM_PRESENT_WORDS words, zero at first */
};

/*
 * guest_mem_ptr's way when RAM offsets [off, off + len), len > 0 and within RAM, are not known
 * present: m->host + off once they are, or NULL.
 */
void *guest_mem_make_present(const struct guest_mem *m, uint64_t off, uint64_t len);

/*
 * The host address of guest-physical [gpa, gpa + len) when all of it lies in guest RAM, else
 * NULL (also when gpa + len wraps, or the range cannot be made present). len 0 asks only that
 * gpa lie in RAM or at its end. The guest may change the bytes at any time: read each field
 * once, and check what was read, not the RAM.
 *
 * Inline, as device models call it for every buffer of every request: a range within one block
 * known present costs a few comparisons and one load; anything else goes out of line.
 */
static inline void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	uint64_t off, block;

	if (m == NULL || m->host == NULL || gpa < m->base) {
		return NULL;
	}
	off = gpa - m->base;
	/* Two comparisons, no additions: neither gpa + len nor base + size can wrap here. */
	if (off > m->size || len > m->size - off) {
		return NULL;
	}
	if (m->present == NULL || len == 0) {
		return m->host + off;
	}
	block = off >> GUEST_MEM_BLOCK_SHIFT;
	/* Acquire: who sees the bit sees the zeros the core wrote before present returned. */
	if (m->present_bits != NULL && block == (off + len - 1) >> GUEST_MEM_BLOCK_SHIFT &&
	    block < GUEST_MEM_PRESENT_BLOCKS &&
	    ((__atomic_load_n(&m->present_bits[block / GUEST_MEM_BITS_PER_WORD],
			      __ATOMIC_ACQUIRE) >>
	      (block % GUEST_MEM_BITS_PER_WORD)) &
	     1) != 0) {
		return m->host + off;
	}
	return guest_mem_make_present(m, off, len);
}

#endif
