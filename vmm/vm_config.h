/* SPDX-License-Identifier: Apache-2.0 */
/* Parser for the per-VM key=value config file found in the bundle (vmN/config). */
#ifndef VMM_VM_CONFIG_H
#define VMM_VM_CONFIG_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/net_mac.h"

#define VM_CONFIG_MAX_CPUS 64
#define VM_CONFIG_NAME_MAX 32     /* buffer size: up to 31 characters of [A-Za-z0-9_-] */
#define VM_CONFIG_APPEND_MAX 1024 /* buffer size: up to 1023 bytes of command line */
#define VM_CONFIG_GSTAGE_MAX 16   /* buffer size: up to 15 bytes, validated by the caller */
#define VM_CONFIG_MEM_MIN (1ull << 20)
#define VM_CONFIG_MEM_ALIGN 4096ull
#define VM_CONFIG_EXC_CAUSES 8 /* exception causes 0..7 may be routed (exc_route) */
#define VM_CONFIG_MEM_DEFAULT (128ull << 20)
#define VM_CONFIG_DEFAULT_NAME "vm0"
/*
 * A VM's virtio devices (disks, the entropy device, the console, the NICs) share the machine's
 * virtio slots (vmm/machine.h): each kind has its own limit, and together they must fit.
 */
#define VM_CONFIG_VIRTIO_SLOTS 8
#define VM_CONFIG_MAX_DISKS 6   /* with an entropy device and a console: all the slots */
#define VM_CONFIG_MAX_NICS 4    /* the VMM keeps a switch port (~130 KiB) per NIC of every VM */
#define VM_CONFIG_SWITCH_MAX 32 /* buffer size: up to 31 characters of [A-Za-z0-9_-] */
#define VM_CONFIG_SWITCH_DEFAULT "vm" /* the switch of a bare `vm` NIC */

/* What serves a NIC: the single list of network backends. */
enum vm_config_net {
	VM_CONFIG_NET_VM,   /* a port on the run's virtual switch called sw (vmm/net_switch.h) */
	VM_CONFIG_NET_USER, /* a NIC of the host machine (vmm/net_host_backend.h) */
};

/* One NIC: eth0 is nic[0]. */
struct vm_config_nic {
	enum vm_config_net backend;
	char sw[VM_CONFIG_SWITCH_MAX]; /* VM_CONFIG_NET_VM: the switch's name */
	bool mac_given; /* mac is the user's; else the VMM derives it (vmm/net_mac.h) */
	uint8_t mac[NET_ETH_ALEN];
};

/* All strings are NUL-terminated. */
/* The largest test slot (testmem): vmm/memtest.c keeps a dirty bit per page of it. */
#define VM_CONFIG_TESTMEM_MAX (256ULL << 20)

struct vm_config {
	char name[VM_CONFIG_NAME_MAX];
	bool named; /* the text set name (else the VMM names the VM by its place in the bundle) */
	unsigned cpus;
	uint64_t mem_size;
	char append[VM_CONFIG_APPEND_MAX];
	char gstage[VM_CONFIG_GSTAGE_MAX];
	bool stats;            /* print exit statistics when the VM ends */
	bool mem_prealloc;     /* RAM present from the start (else zeroed on first touch) */
	bool icount;           /* QEMU runs the harts under -icount: vCPU 0 exits now and then */
	bool dump_dtb;         /* print the generated device tree for the host tool to save */
	uint64_t testmem_size; /* 0, or a second RAM region for memory tests (see vmm/machine.h) */
	/* exc_route: RVKVM_EXC_ROUTE_* per exception cause (0 = the core's default). */
	uint8_t exc_route[VM_CONFIG_EXC_CAUSES];
	bool vmm_dbcn; /* vmm_sbi=dbcn: the VMM, not the core, answers the Debug Console extension */
	bool regtest; /* regtest=1: the guest may call the VMM's ONE_REG test hook (vmm/regtest.h) */
	bool log; /* the host tool keeps this VM's console output in a file: frame the console */
	unsigned
		disks; /* virtio disks, served by the host disks named rvkvm-vV-dI (vmm/virtio_board.c) */
	bool rng;      /* a virtio entropy device, served by a host one */
	bool hvc;      /* console=virtio: a virtio console (hvc0) takes the console's input */
	unsigned nics; /* virtio NICs, nic[0, nics) */
	struct vm_config_nic nic[VM_CONFIG_MAX_NICS];
};

/* Fill cfg with the defaults: name "vm0", 1 cpu, 128 MiB, empty append and gstage. */
void vm_config_defaults(struct vm_config *cfg);

/*
 * Parse len bytes of config text (not NUL-terminated) over the defaults.
 * Lines are "key=value" with spaces and tabs trimmed around key and value;
 * blank lines and lines whose first non-blank character is '#' are
 * ignored (a '#' later in a line is part of the value, so the kernel
 * command line may contain one). Keys: cpus (1..VM_CONFIG_MAX_CPUS), mem
 * (bytes, or with a K/M/G binary suffix; a multiple of 4 KiB, at least
 * 1 MiB), append, name, gstage, stats, mem_prealloc, icount, dump_dtb and log (0 or 1),
 * testmem (a size),
 * exc_route (items like illegal:vmm, comma-separated), vmm_sbi (dbcn), regtest (0 or 1),
 * disks (0..VM_CONFIG_MAX_DISKS), rng (0 or 1), console (uart or virtio), nics (1 to
 * VM_CONFIG_MAX_NICS items separated by single spaces, eth0 first, each vm[=SWITCH][,mac=MAC]
 * as ./rvkvm run's --network takes it: SWITCH 1 to 31 characters of A-Z a-z 0-9 _ -, MAC
 * xx:xx:xx:xx:xx:xx and unicast); each at most once. Together the disks, rng, console=virtio and
 * the NICs take at most VM_CONFIG_VIRTIO_SLOTS slots.
 *
 * Returns 0, or -1 with cfg reset to the defaults and a message such as
 * "config line 3: unknown key 'cpu'" in err (always NUL-terminated when
 * errlen > 0; err may be NULL when errlen is 0).
 */
int vm_config_parse(const char *text, size_t len, struct vm_config *cfg, char *err, size_t errlen);

#endif
