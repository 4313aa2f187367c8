/* SPDX-License-Identifier: Apache-2.0 */
/* A guest NIC's backend on a host NIC (vmm/net_host_backend.h). */
#include "vmm/net_host_backend.h"

#include "lib/printf.h"
#include "rvkvm/host.h"

_Static_assert(NET_ETH_HLEN == HOST_NET_FRAME_MIN && NET_FRAME_MAX == HOST_NET_FRAME_MAX,
	       "the guest NIC's frames are the host NIC's");

/*
 * No offloads: QEMU's virtio-net on its user network (slirp) offers none, so the device hands over
 * only whole frames with their checksums, within bounds; anything else the host refuses is dropped.
 */
static int nic_send(void *ctx, const void *frame, size_t len, const struct net_offload *o)
{
	(void)o;
	return host_net_send(ctx, frame, len) == RVKVM_ENOSPC ? RVKVM_ENOSPC : 0;
}

static size_t nic_receive(void *ctx, void *buf, size_t size, struct net_offload *o)
{
	*o = NET_OFFLOAD_NONE;
	return host_net_receive(ctx, buf, size);
}

/* The host driver signals done on a change, which runs the I/O thread's pass that reads this. */
static bool nic_link_up(void *ctx)
{
	return host_net_link_up(ctx);
}

const struct net_backend_ops host_net_backend = {
	.offloads = 0,
	.send = nic_send,
	.receive = nic_receive,
	.link_up = nic_link_up,
};

int net_host_backend_open(struct net_backend *backend, unsigned vm_index, unsigned nic,
			  struct rvkvm_event *done)
{
	char name[HOST_NET_NAME_MAX + 1];
	uint8_t mac[NET_ETH_ALEN];
	struct host_net *net;
	int rc;

	lib_snprintf(name, sizeof(name), "rvkvm-v%u-n%u", vm_index, nic);
	rc = host_net_open(name, done, &net, mac);
	if (rc != 0) {
		return rc;
	}
	backend->ops = &host_net_backend;
	backend->ctx = net;
	return 0;
}
