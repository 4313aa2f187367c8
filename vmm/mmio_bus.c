/* The VMM's MMIO bus (see vmm/mmio_bus.h). */
#include "vmm/mmio_bus.h"

#include "lib/string.h"

bool mmio_bus_add(struct mmio_bus *bus, uint64_t base, uint64_t size, const struct device_desc *desc,
		  void *dev)
{
	if (size == 0 || base + size < base || bus->count == MMIO_BUS_MAX) {
		return false;
	}
	for (unsigned i = 0; i < bus->count; i++) {
		const struct mmio_bus_entry *e = &bus->entry[i];

		if (base < e->base + e->size && e->base < base + size) {
			return false;
		}
	}
	bus->entry[bus->count++] = (struct mmio_bus_entry){ base, size, desc, dev, 0 };
	return true;
}

struct mmio_bus_entry *mmio_bus_find(struct mmio_bus *bus, uint64_t addr, unsigned len)
{
	for (unsigned i = 0; i < bus->count; i++) {
		struct mmio_bus_entry *e = &bus->entry[i];

		if (addr >= e->base && addr - e->base < e->size && len <= e->size - (addr - e->base)) {
			return e;
		}
	}
	return NULL;
}

enum mmio_bus_result mmio_bus_access(struct mmio_bus *bus, uint64_t addr, unsigned len,
				     bool is_write, uint8_t data[8])
{
	struct mmio_bus_entry *e;
	uint64_t value = 0;

	if (len != 1 && len != 2 && len != 4 && len != 8) {
		return MMIO_BUS_UNSUPPORTED;
	}
	e = mmio_bus_find(bus, addr, len);
	if (!e) {
		return MMIO_BUS_NO_DEVICE;
	}
	e->accesses++;
	if (is_write) {
		for (unsigned i = 0; i < len; i++) {
			value |= (uint64_t)data[i] << (8 * i);
		}
		return e->desc->write(e->dev, addr - e->base, len, value) ? MMIO_BUS_OK
									    : MMIO_BUS_UNSUPPORTED;
	}
	__builtin_memset(data, 0, 8); /* inline stores: this is on every MMIO read */
	if (!e->desc->read(e->dev, addr - e->base, len, &value)) {
		return MMIO_BUS_UNSUPPORTED;
	}
	for (unsigned i = 0; i < len; i++) {
		data[i] = (uint8_t)(value >> (8 * i));
	}
	return MMIO_BUS_OK;
}
