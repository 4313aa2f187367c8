/* SPDX-License-Identifier: Apache-2.0 */
/* The host's virtio-rng devices (rvkvm/host.h's host_rng_*): found at boot. */
#ifndef PLATFORM_DRIVERS_HOST_RNG_H
#define PLATFORM_DRIVERS_HOST_RNG_H

#include <stdint.h>

/* Takes the virtio-rng device at base (PLIC source irq) into the table. At boot only. */
void host_rng_probe(uint64_t base, uint32_t irq);

#endif
