/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM's NICs on the board (nics=...): eth0, eth1, ... in the config's order, each a virtio-net
 * device with its MAC address (the config's, or derived from the VM's name and the NIC's index)
 * and its backend: a port on one of the run's virtual switches (vmm/net_switch.h), where every
 * VM of the run that names a switch is on the same one, or a NIC of the host machine on QEMU's
 * user network (vmm/net_host_backend.h), whose link state the guest NIC's follows (the device
 * reads the backend's link_up on each pass of the I/O thread; a switch port is always up).
 */
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/devices/virtio_net.h"
#include "vmm/net_host_backend.h"
#include "vmm/net_mac.h"
#include "vmm/net_switch.h"
#include "vmm/virtio_board.h"
#include "vmm/vmm.h"

struct nic {
	struct vmm_virtio v;
	struct virtio_net net;
	struct net_backend backend;
	struct net_switch_port port; /* backend vm: its packets in waiting (~130 KiB) */
};

_Static_assert(VM_CONFIG_SWITCH_MAX == NET_SWITCH_NAME_MAX + 1,
	       "every switch name the config takes is one the switch set takes");

static struct nic nics[VMM_MAX_VMS][VM_CONFIG_MAX_NICS];
static struct net_switch_set switches; /* the run's, by name */

static bool process(struct vmm_virtio *v)
{
	struct nic *k = v->dev;

	/* Both backends copy each frame: no guest memory is in flight when the VM ends. */
	virtio_net_process(&k->net);
	return false;
}

/* The VM has ended and its I/O thread is done with the port: no one sends to it any more. */
static void ended(struct vmm_virtio *v)
{
	struct nic *k = v->dev;

	net_switch_detach(&k->port);
}

/* The VM and NIC (another VM's, or this one's) whose port on sw has address mac, for a message. */
static const struct nic *port_owner(const struct net_switch *sw, const uint8_t *mac)
{
	for (unsigned v = 0; v < VMM_MAX_VMS; v++) {
		for (unsigned i = 0; i < VM_CONFIG_MAX_NICS; i++) {
			const struct nic *k = &nics[v][i];

			if (k->port.sw == sw && lib_memcmp(k->port.mac, mac, NET_ETH_ALEN) == 0) {
				return k;
			}
		}
	}
	return NULL;
}

/* Backend vm: NIC k of device d on the switch called name. 0 or VMM_STATUS_BAD_INPUT. */
static int open_switch(struct vmm_device *d, struct nic *k, const char *name, const uint8_t *mac)
{
	struct net_switch *sw = net_switch_get(&switches, name);
	const char *vm = d->vm->name;
	char text[NET_MAC_STR_LEN + 1];
	const struct nic *other;
	int rc;

	net_mac_format(mac, text);
	if (sw == NULL) {
		console_printf("rvkvm: %s: eth%u: no room for switch '%s': a run has at most %u\n",
			       vm, d->index, name, NET_SWITCH_MAX);
		return VMM_STATUS_BAD_INPUT;
	}
	rc = net_switch_attach(sw, &k->port, mac, virtio_board_wake, &k->v);
	if (rc == RVKVM_EEXIST) {
		other = port_owner(sw, mac);
		console_printf("rvkvm: %s: eth%u: MAC %s is on switch '%s' already (%s eth%u): "
			       "give each NIC its own mac=\n",
			       vm, d->index, text, name, other ? other->v.board->vm->name : "?",
			       other ? other->v.board->index : 0);
		return VMM_STATUS_BAD_INPUT;
	}
	if (rc != 0) {
		console_printf("rvkvm: %s: eth%u: cannot join switch '%s' with MAC %s: %s\n", vm,
			       d->index, name, text,
			       rc == RVKVM_ENOSPC ? "the switch has all its ports taken"
						  : "not a unicast address");
		return VMM_STATUS_BAD_INPUT;
	}
	k->backend = (struct net_backend){ &net_switch_backend_ops, &k->port };
	console_printf("rvkvm: %s: eth%u: MAC %s on switch '%s'\n", vm, d->index, text, name);
	return 0;
}

/* Backend user: NIC k of device d on the host NIC ./rvkvm run attached for it. */
static int open_host(struct vmm_device *d, struct nic *k, const uint8_t *mac)
{
	char text[NET_MAC_STR_LEN + 1];
	int rc = net_host_backend_open(&k->backend, d->vm->index, d->index, k->v.done);

	if (rc != 0) {
		console_printf("rvkvm: %s: eth%u: no host NIC for --network user (%s)\n",
			       d->vm->name, d->index,
			       rc == RVKVM_EBUSY ? "it is taken" : "./rvkvm run attaches it");
		return VMM_STATUS_BAD_INPUT;
	}
	net_mac_format(mac, text);
	console_printf("rvkvm: %s: eth%u: MAC %s on the user network\n", d->vm->name, d->index,
		       text);
	return 0;
}

/* NIC k's backend, as the config names it: the one place a backend is chosen. */
static int open_backend(struct vmm_device *d, struct nic *k, const struct vm_config_nic *c,
			const uint8_t *mac)
{
	switch (c->backend) {
	case VM_CONFIG_NET_VM:
		return open_switch(d, k, c->sw, mac);
	case VM_CONFIG_NET_USER:
		return open_host(d, k, mac);
	}
	console_printf("rvkvm: %s: eth%u: unknown network backend %d\n", d->vm->name, d->index,
		       (int)c->backend);
	return VMM_STATUS_BAD_INPUT;
}

static int create(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct nic *k = &nics[vm->index][d->index];
	const struct vm_config_nic *c = &vm->cfg.nic[d->index];
	uint8_t mac[NET_ETH_ALEN];
	int rc;

	if ((rc = virtio_board_open(d, &k->v, k)) != 0) {
		return rc;
	}
	k->v.ended = ended;
	if (c->mac_given) {
		lib_memcpy(mac, c->mac, NET_ETH_ALEN);
	} else {
		net_mac_derive(mac, vm->name, d->index);
	}
	if ((rc = open_backend(d, k, c, mac)) != 0) {
		return rc;
	}
	virtio_net_init(&k->net, &vm->guest_mem, &k->backend, mac, virtio_board_irq, &k->v,
			virtio_board_wake, &k->v);
	return virtio_board_attach(&k->v, &k->net.transport, process);
}

/*
 * What the NIC moved and what it did in software for the backend (tx) and the guest (rx):
 * checksums completed, GSO packets cut into frames, GSO packets that went whole.
 */
static void print_stats(const struct vmm_device *d)
{
	const struct virtio_net_stats *s = &nics[d->vm->index][d->index].net.stats;

	console_printf("rvkvm: %s: eth%u: tx %llu frames, %llu checksums completed, %llu packets "
		       "segmented, %llu gso whole; rx %llu frames, %llu checksums completed, %llu "
		       "packets segmented, %llu gso whole\n",
		       d->vm->name, d->index, (unsigned long long)s->tx_frames,
		       (unsigned long long)s->tx_csum_done, (unsigned long long)s->tx_segmented,
		       (unsigned long long)s->tx_gso, (unsigned long long)s->rx_frames,
		       (unsigned long long)s->rx_csum_done, (unsigned long long)s->rx_segmented,
		       (unsigned long long)s->rx_gso);
}

static unsigned count(const struct vm_config *cfg)
{
	return cfg->nics;
}

const struct vmm_device_model virtio_net_model = {
	.name = "virtio-net",
	.count = count,
	.max = VM_CONFIG_MAX_NICS,
	.create = create,
	.print_stats = print_stats,
	VIRTIO_BOARD_MODEL,
};
