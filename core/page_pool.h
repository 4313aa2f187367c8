/* SPDX-License-Identifier: Apache-2.0 */
/* A pool of 4 KiB pages owned by the core for G-stage tables; allocations never touch any other memory. */
#ifndef CORE_PAGE_POOL_H
#define CORE_PAGE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct page_pool {
	uint8_t *base; /* first page; 4 KiB aligned */
	size_t npages;
	void *free_list; /* singly linked through the first word of each free page */
	size_t nfree;
	size_t next_fresh; /* pages [next_fresh, npages) were never handed out */
};

/*
 * The pages may hold anything (a destroyed VM's tables): the pool writes a page only when it
 * hands it out, zeroed, or takes it back, so setting up a pool costs nothing per page.
 */
void page_pool_init(struct page_pool *p, void *base, size_t npages);
/* Returns a zeroed page or NULL when the pool is empty. */
void *page_pool_alloc(struct page_pool *p);
/* Returns n physically contiguous zeroed pages aligned to n pages (n a power of two), from the fresh part. */
void *page_pool_alloc_contig(struct page_pool *p, size_t n);
void page_pool_free(struct page_pool *p, void *page);
size_t page_pool_available(const struct page_pool *p);

#endif
