/* SPDX-License-Identifier: Apache-2.0 */
/* What the virtqueue and virtio-mmio host tests share: a fake guest RAM and rings built by hand. */
#ifndef TESTS_UNIT_VRING_FIXTURE_H
#define TESTS_UNIT_VRING_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/virtqueue.h"
#include "vmm/guest_mem.h"

/* Guest RAM [FIX_RAM_BASE, + FIX_RAM_SIZE), page-aligned on the host. */
#define FIX_RAM_BASE 0x80000000ull
#define FIX_RAM_SIZE 0x40000ull
#define FIX_RAM_END (FIX_RAM_BASE + FIX_RAM_SIZE)

/* Where fix_queue puts a queue's areas (room for VIRTQ_MAX_SIZE), and free RAM for buffers. */
#define FIX_DESC (FIX_RAM_BASE + 0x1000)
#define FIX_AVAIL (FIX_RAM_BASE + 0x5000)
#define FIX_USED (FIX_RAM_BASE + 0x6000)
#define FIX_DATA (FIX_RAM_BASE + 0x10000)

extern struct guest_mem fix_ram;

/* Zeroes guest RAM and points fix_ram at it. */
void fix_ram_reset(void);
/* The host address of guest-physical gpa, which the test knows is in RAM. */
uint8_t *fix_host(uint64_t gpa);
void fix_put16(uint64_t gpa, uint16_t v);
void fix_put32(uint64_t gpa, uint32_t v);
void fix_put64(uint64_t gpa, uint64_t v);
uint16_t fix_get16(uint64_t gpa);
uint32_t fix_get32(uint64_t gpa);

/* A ready queue of num at FIX_DESC/FIX_AVAIL/FIX_USED, walking state reset, no features. */
void fix_queue(struct virtq *q, uint16_t num);
/* Descriptor i of the table at gpa. */
void fix_desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
	      uint16_t next);
/* The driver makes head available: ring entry at its avail idx, then idx + 1. */
void fix_avail_add(const struct virtq *q, uint16_t head);
uint16_t fix_avail_idx(const struct virtq *q);
void fix_set_avail_idx(const struct virtq *q, uint16_t idx);
/* The driver's used_event (avail ring) and flags; the device's avail_event and used flags. */
void fix_set_used_event(const struct virtq *q, uint16_t event);
void fix_set_avail_flags(const struct virtq *q, uint16_t flags);
uint16_t fix_avail_event(const struct virtq *q);
uint16_t fix_used_flags(const struct virtq *q);
/* The used ring as the driver reads it. */
uint16_t fix_used_idx(const struct virtq *q);
uint32_t fix_used_id(const struct virtq *q, uint16_t slot);
uint32_t fix_used_len(const struct virtq *q, uint16_t slot);

#endif
