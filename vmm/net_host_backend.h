/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest NIC served by a NIC of the host machine (rvkvm/host.h's host_net_*): what
 * `--network user` gives a VM. On QEMU the host NIC is a virtio-net device on QEMU's user-mode
 * network, which ./rvkvm run attached for this VM and NIC and named after them.
 */
#ifndef VMM_NET_HOST_BACKEND_H
#define VMM_NET_HOST_BACKEND_H

#include <stdint.h>

#include "rvkvm/rvkvm.h"
#include "vmm/devices/net_backend.h"

/* send, receive and link_up on a struct host_net (the backend's ctx). */
extern const struct net_backend_ops host_net_backend;

/*
 * Serves NIC nic (eth<nic>, counted over all the VM's NICs) of VM vm_index by the host NIC that
 * ./rvkvm run attached for it, "rvkvm-v<vm_index>-n<nic>": fills backend, and signals done when
 * the host NIC has frames for the guest, room for more of its frames, or its link went up or down
 * (the device's wake: the guest NIC's link follows the host NIC's).
 * 0, or RVKVM_ENOENT (no such host NIC: ./rvkvm run was not asked for it), RVKVM_EBUSY.
 */
int net_host_backend_open(struct net_backend *backend, unsigned vm_index, unsigned nic,
			  struct rvkvm_event *done);

#endif
