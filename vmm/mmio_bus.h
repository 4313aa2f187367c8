/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM's MMIO bus: device windows that never overlap, each access handed to its device as an offset. */
#ifndef VMM_MMIO_BUS_H
#define VMM_MMIO_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "vmm/devices/device.h"

#define MMIO_BUS_MAX 16

struct mmio_bus_entry {
	uint64_t base;
	uint64_t size;
	const struct device_desc *desc;
	void *dev;
	spinlock_t *lock;  /* held around the device's handlers; NULL: the device locks itself */
	uint64_t accesses; /* for --stats */
};

/*
 * Windows are added while the VM is built; afterwards the entries do not change, so several
 * vCPUs look devices up at once without a lock (last and the counters are updated atomically).
 */
struct mmio_bus {
	struct mmio_bus_entry entry[MMIO_BUS_MAX];
	unsigned count;
	struct mmio_bus_entry *last; /* the entry mmio_bus_find found last, or NULL */
};

/*
 * Adds a device window whose handlers run under lock (NULL: none). Returns its entry, or NULL when
 * it overlaps another, wraps, is empty, or the bus is full.
 */
struct mmio_bus_entry *mmio_bus_add(struct mmio_bus *bus, uint64_t base, uint64_t size,
				    const struct device_desc *desc, void *dev, spinlock_t *lock);
/* The device whose window holds all of [addr, addr+len), or NULL. */
struct mmio_bus_entry *mmio_bus_find(struct mmio_bus *bus, uint64_t addr, unsigned len);

/* What an access came to. */
enum mmio_bus_result {
	MMIO_BUS_OK,
	MMIO_BUS_NO_DEVICE,   /* no window holds the address: the guest touched nothing */
	MMIO_BUS_UNSUPPORTED, /* the device refused the width or alignment (reads give 0) */
};

/*
 * Performs a guest access of len bytes (1, 2, 4 or 8). A write gives the device the low len
 * bytes of *value; a read leaves what the device read there, zero-extended (0 if refused).
 */
enum mmio_bus_result mmio_bus_access(struct mmio_bus *bus, uint64_t addr, unsigned len,
				     bool is_write, uint64_t *value);

#endif
