/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM's MMIO bus (see vmm/mmio_bus.h). */
#include "vmm/mmio_bus.h"

#include <stddef.h>

#include "lib/bytes.h"

struct mmio_bus_entry *mmio_bus_add(struct mmio_bus *bus, uint64_t base, uint64_t size,
				    const struct device_desc *desc, void *dev, spinlock_t *lock)
{
	if (size == 0 || base + size < base || bus->count == MMIO_BUS_MAX) {
		return NULL;
	}
	for (unsigned i = 0; i < bus->count; i++) {
		const struct mmio_bus_entry *e = &bus->entry[i];

		if (base < e->base + e->size && e->base < base + size) {
			return NULL;
		}
	}
	bus->entry[bus->count] = (struct mmio_bus_entry){ base, size, desc, dev, lock, 0 };
	return &bus->entry[bus->count++];
}

static bool holds(const struct mmio_bus_entry *e, uint64_t addr, unsigned len)
{
	uint64_t off = addr - e->base; /* below the base wraps to beyond any size */

	return off < e->size && len <= e->size - off;
}

struct mmio_bus_entry *mmio_bus_find(struct mmio_bus *bus, uint64_t addr, unsigned len)
{
	/* A guest mostly talks to one device at a time: the last one found first, no search. */
	struct mmio_bus_entry *last = __atomic_load_n(&bus->last, __ATOMIC_RELAXED);

	if (last && holds(last, addr, len)) {
		return last;
	}
	for (unsigned i = 0; i < bus->count; i++) {
		if (holds(&bus->entry[i], addr, len)) {
			__atomic_store_n(&bus->last, &bus->entry[i], __ATOMIC_RELAXED);
			return &bus->entry[i];
		}
	}
	return NULL;
}

enum mmio_bus_result mmio_bus_access(struct mmio_bus *bus, uint64_t addr, unsigned len,
				     bool is_write, uint64_t *value)
{
	struct mmio_bus_entry *e;
	bool ok;

	/* 1, 2, 4 or 8: a power of two that is at most 8. */
	if (len - 1 >= 8 || (len & (len - 1)) != 0) {
		return MMIO_BUS_UNSUPPORTED;
	}
	e = mmio_bus_find(bus, addr, len);
	if (!e) {
		return MMIO_BUS_NO_DEVICE;
	}
	__atomic_add_fetch(&e->accesses, 1, __ATOMIC_RELAXED);
	if (e->lock) {
		spin_lock(e->lock);
	}
	if (is_write) {
		ok = e->desc->write(e->dev, addr - e->base, len, low_bytes(*value, len));
	} else {
		*value = 0;
		ok = e->desc->read(e->dev, addr - e->base, len, value);
	}
	if (e->lock) {
		spin_unlock(e->lock);
	}
	if (!ok) {
		if (!is_write) {
			*value = 0;
		}
		return MMIO_BUS_UNSUPPORTED;
	}
	if (!is_write) {
		*value = low_bytes(*value, len);
	}
	return MMIO_BUS_OK;
}
