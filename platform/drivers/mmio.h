/* SPDX-License-Identifier: Apache-2.0 */
/* Register access to host devices: loads and stores the compiler neither merges nor drops. */
#ifndef PLATFORM_DRIVERS_MMIO_H
#define PLATFORM_DRIVERS_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)addr = value;
}

static inline uint16_t mmio_read16(uint64_t addr)
{
	return *(volatile uint16_t *)(uintptr_t)addr;
}

static inline uint8_t mmio_read8(uint64_t addr)
{
	return *(volatile uint8_t *)(uintptr_t)addr;
}

#endif
