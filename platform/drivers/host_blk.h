/* SPDX-License-Identifier: Apache-2.0 */
/* The host's virtio-blk disks (rvkvm/host.h's host_blk_*): found at boot. */
#ifndef PLATFORM_DRIVERS_HOST_BLK_H
#define PLATFORM_DRIVERS_HOST_BLK_H

#include <stdint.h>

/*
 * Takes the virtio-blk device at base (PLIC source irq) into the disk table, with its serial,
 * and says so on the console; a device it cannot use is said why instead. At boot only; the
 * time CSR counts timebase_freq ticks a second (to give up on a device that does not answer).
 */
void host_blk_probe(uint64_t base, uint32_t irq, uint32_t timebase_freq);

#endif
