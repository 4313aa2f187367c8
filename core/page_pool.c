/* SPDX-License-Identifier: Apache-2.0 */
/* A pool of 4 KiB pages for G-stage tables: a free list in front of a never-used tail. */
#include "core/page_pool.h"

#include "core/addr.h"
#include "lib/string.h"

void page_pool_init(struct page_pool *p, void *base, size_t npages)
{
	p->base = base;
	p->npages = npages;
	p->free_list = NULL;
	p->nfree = 0;
	p->next_fresh = 0;
}

void *page_pool_alloc(struct page_pool *p)
{
	void *page;

	if (p->free_list) {
		page = p->free_list;
		p->free_list = *(void **)page;
		p->nfree--;
	} else if (p->next_fresh < p->npages) {
		page = p->base + p->next_fresh * PAGE_SIZE;
		p->next_fresh++;
	} else {
		return NULL;
	}
	lib_memset(page, 0, PAGE_SIZE);
	return page;
}

void *page_pool_alloc_contig(struct page_pool *p, size_t n)
{
	uintptr_t start = (uintptr_t)(p->base + p->next_fresh * PAGE_SIZE);
	uintptr_t align = n * PAGE_SIZE;
	uintptr_t aligned = (start + align - 1) & ~(align - 1);
	size_t first = (aligned - (uintptr_t)p->base) / PAGE_SIZE;

	if (n == 0 || (n & (n - 1)) != 0 || first + n > p->npages) {
		return NULL;
	}
	/* Pages skipped for alignment are not lost: they go to the free list. */
	for (size_t i = p->next_fresh; i < first; i++) {
		page_pool_free(p, p->base + i * PAGE_SIZE);
	}
	p->next_fresh = first + n;
	lib_memset((void *)aligned, 0, n * PAGE_SIZE);
	return (void *)aligned;
}

void page_pool_free(struct page_pool *p, void *page)
{
	*(void **)page = p->free_list;
	p->free_list = page;
	p->nfree++;
}

size_t page_pool_available(const struct page_pool *p)
{
	return p->nfree + (p->npages - p->next_fresh);
}
