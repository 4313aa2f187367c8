/* SPDX-License-Identifier: Apache-2.0 */
/* PLIC model: gateways, priority arbitration, claim/complete and the guest's MMIO view of them. */
#include "vmm/devices/plic.h"

#include "lib/string.h"

static uint32_t source_bit(unsigned source)
{
	return 1u << (source % 32u);
}

/* Sources 1..num_sources-1 that live in enable/pending word w. */
static uint32_t valid_mask(const struct plic *p, unsigned w)
{
	unsigned first = w * 32u;
	uint32_t mask;

	if (p->num_sources <= first) {
		return 0;
	}
	mask = p->num_sources - first >= 32u ? ~0u : (1u << (p->num_sources - first)) - 1u;
	if (w == 0) {
		mask &= ~1u; /* source 0 does not exist */
	}
	return mask;
}

static bool source_valid(const struct plic *p, unsigned source)
{
	return source != 0 && source < p->num_sources;
}

static bool test_bit(const uint32_t *words, unsigned source)
{
	return (words[source / 32u] & source_bit(source)) != 0;
}

/* Highest-priority pending enabled source above the threshold; the lowest id wins ties. */
static unsigned best_source(const struct plic *p, unsigned context)
{
	unsigned best = 0;
	unsigned best_prio = p->threshold[context];

	for (unsigned w = 0; w < PLIC_SOURCE_WORDS; w++) {
		uint32_t cand = p->pending[w] & p->enable[context][w];

		/* Ascending ids with a strict '>' keep the lowest id among equals. */
		for (unsigned b = 0; cand != 0 && b < 32u; b++) {
			unsigned source = w * 32u + b;

			if ((cand & (1u << b)) != 0 && p->priority[source] > best_prio) {
				best = source;
				best_prio = p->priority[source];
			}
		}
	}
	return best;
}

/* Every state change can move any context's output, since pending bits are shared. */
static void update_outputs(struct plic *p)
{
	for (unsigned c = 0; c < p->num_contexts; c++) {
		bool level = best_source(p, c) != 0;

		if (level == p->output[c]) {
			continue;
		}
		p->output[c] = level;
		if (p->notify != NULL) {
			p->notify(p->opaque, c, level);
		}
	}
}

void plic_init(struct plic *p, unsigned num_sources, unsigned num_contexts, plic_notify_fn notify,
	       void *opaque)
{
	lib_memset(p, 0, sizeof(*p));
	p->num_sources = num_sources > PLIC_MAX_SOURCES ? PLIC_MAX_SOURCES : num_sources;
	p->num_contexts = num_contexts > PLIC_MAX_CONTEXTS ? PLIC_MAX_CONTEXTS : num_contexts;
	p->notify = notify;
	p->opaque = opaque;
}

void plic_reset(struct plic *p)
{
	lib_memset(p->priority, 0, sizeof(p->priority));
	lib_memset(p->in_service, 0, sizeof(p->in_service));
	lib_memset(p->enable, 0, sizeof(p->enable));
	lib_memset(p->threshold, 0, sizeof(p->threshold));
	/* With nothing in service, each gateway forwards a request for a line still high. */
	for (unsigned w = 0; w < PLIC_SOURCE_WORDS; w++) {
		p->pending[w] = p->line[w] & valid_mask(p, w);
	}
	update_outputs(p);
}

void plic_set_irq(struct plic *p, unsigned source, bool level)
{
	if (!source_valid(p, source)) {
		return;
	}
	if (!level) {
		/* The spec keeps an accepted request pending; the guest's handler finds nothing. */
		p->line[source / 32u] &= ~source_bit(source);
		return;
	}
	p->line[source / 32u] |= source_bit(source);
	/* The gateway holds further requests until the claimed one is completed. */
	if (!test_bit(p->in_service, source)) {
		p->pending[source / 32u] |= source_bit(source);
	}
	update_outputs(p);
}

uint32_t plic_claim(struct plic *p, unsigned context)
{
	unsigned source;

	if (context >= p->num_contexts) {
		return 0;
	}
	source = best_source(p, context);
	if (source == 0) {
		return 0;
	}
	p->pending[source / 32u] &= ~source_bit(source);
	p->in_service[source / 32u] |= source_bit(source);
	update_outputs(p);
	return source;
}

void plic_complete(struct plic *p, unsigned context, uint32_t source)
{
	if (context >= p->num_contexts || !source_valid(p, source)) {
		return;
	}
	/* The spec ignores completions the context could not have claimed. */
	if (!test_bit(p->enable[context], source) || !test_bit(p->in_service, source)) {
		return;
	}
	p->in_service[source / 32u] &= ~source_bit(source);
	if (test_bit(p->line, source)) {
		p->pending[source / 32u] |= source_bit(source);
	}
	update_outputs(p);
}

/*
 * Register decode shared by read and write. Offsets that name no register of
 * this configuration are reserved: reads give 0, writes are dropped.
 */
enum plic_reg {
	REG_RESERVED,
	REG_PRIORITY,
	REG_PENDING,
	REG_ENABLE,
	REG_THRESHOLD,
	REG_CLAIM,
};

struct plic_decoded {
	enum plic_reg reg;
	unsigned index;   /* source id, pending/enable word, or context */
	unsigned context; /* for REG_ENABLE */
};

static bool access_ok(uint64_t offset, unsigned width)
{
	return width == PLIC_REG_WIDTH && offset < PLIC_WINDOW_SIZE && offset % PLIC_REG_WIDTH == 0;
}

static struct plic_decoded decode(const struct plic *p, uint64_t offset)
{
	struct plic_decoded d = { .reg = REG_RESERVED, .index = 0, .context = 0 };

	if (offset < PLIC_PENDING_BASE) {
		uint64_t source = (offset - PLIC_PRIORITY_BASE) / 4u;

		if (source_valid(p, (unsigned)source)) {
			d.reg = REG_PRIORITY;
			d.index = (unsigned)source;
		}
	} else if (offset < PLIC_ENABLE_BASE) {
		uint64_t word = (offset - PLIC_PENDING_BASE) / 4u;

		if (word < PLIC_SOURCE_WORDS) {
			d.reg = REG_PENDING;
			d.index = (unsigned)word;
		}
	} else if (offset < PLIC_CONTEXT_BASE) {
		uint64_t context = (offset - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
		uint64_t word = (offset - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4u;

		if (context < p->num_contexts && word < PLIC_SOURCE_WORDS) {
			d.reg = REG_ENABLE;
			d.context = (unsigned)context;
			d.index = (unsigned)word;
		}
	} else {
		uint64_t context = (offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
		uint64_t reg = (offset - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE;

		if (context >= p->num_contexts) {
			return d;
		}
		d.index = (unsigned)context;
		if (reg == PLIC_CONTEXT_THRESHOLD) {
			d.reg = REG_THRESHOLD;
		} else if (reg == PLIC_CONTEXT_CLAIM) {
			d.reg = REG_CLAIM;
		}
	}
	return d;
}

static bool mmio_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct plic *p = dev;
	struct plic_decoded d;

	if (!access_ok(offset, width)) {
		return false;
	}
	d = decode(p, offset);
	switch (d.reg) {
	case REG_PRIORITY:
		*value = p->priority[d.index];
		break;
	case REG_PENDING:
		*value = p->pending[d.index];
		break;
	case REG_ENABLE:
		*value = p->enable[d.context][d.index];
		break;
	case REG_THRESHOLD:
		*value = p->threshold[d.index];
		break;
	case REG_CLAIM:
		*value = plic_claim(p, d.index);
		break;
	case REG_RESERVED:
		*value = 0;
		break;
	}
	return true;
}

static bool mmio_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct plic *p = dev;
	struct plic_decoded d;
	uint32_t v = (uint32_t)value;

	if (!access_ok(offset, width)) {
		return false;
	}
	d = decode(p, offset);
	switch (d.reg) {
	case REG_PRIORITY:
		p->priority[d.index] = (uint8_t)(v & PLIC_PRIORITY_MAX);
		update_outputs(p);
		break;
	case REG_ENABLE:
		/* Enable bits of nonexistent sources are hardwired to zero. */
		p->enable[d.context][d.index] = v & valid_mask(p, d.index);
		update_outputs(p);
		break;
	case REG_THRESHOLD:
		p->threshold[d.index] = (uint8_t)(v & PLIC_PRIORITY_MAX);
		update_outputs(p);
		break;
	case REG_CLAIM:
		plic_complete(p, d.index, v);
		break;
	case REG_PENDING:
	case REG_RESERVED:
		break;
	}
	return true;
}

static void mmio_reset(void *dev)
{
	plic_reset(dev);
}

const struct device_desc plic_device = {
	.name = "plic",
	.compatible = PLIC_COMPATIBLE,
	.read = mmio_read,
	.write = mmio_write,
	.reset = mmio_reset,
};
