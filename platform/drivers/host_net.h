/* SPDX-License-Identifier: Apache-2.0 */
/* The host's virtio-net NICs (rvkvm/host.h's host_net_*): found at boot. */
#ifndef PLATFORM_DRIVERS_HOST_NET_H
#define PLATFORM_DRIVERS_HOST_NET_H

#include <stdint.h>

#define HOST_NET_NICS 8 /* QEMU's virt has 8 virtio-mmio slots */

/*
 * Takes the virtio-net device at base (PLIC source irq) into the NIC table, named by its MAC
 * (rvkvm/host.h), with its receive ring full of buffers, and says so on the console; a device it
 * cannot use is said why instead. At boot only.
 */
void host_net_probe(uint64_t base, uint32_t irq);
/* The NICs found so far, and the name of the i-th (the self-test's and the host tests' view). */
unsigned host_net_count(void);
const char *host_net_name(unsigned i);

#endif
