/* SPDX-License-Identifier: Apache-2.0 */
/* What the hypervisor learns from the device tree the firmware hands it. */
#ifndef PLATFORM_DISCOVER_H
#define PLATFORM_DISCOVER_H

#include <stdbool.h>
#include <stdint.h>

#define DISCOVER_MAX_HARTS 16
#define DISCOVER_MAX_RANGES 16
#define DISCOVER_ISA_MAX 1024 /* bytes with the NUL: discover.c names the limit */
#define DISCOVER_MAX_VIRTIO 16

struct discover_range {
	uint64_t base;
	uint64_t size;
};

/* A virtio-mmio slot of the host (QEMU's virt lists all eight, with or without a device). */
struct discover_virtio {
	uint64_t base;
	uint64_t size;
	uint32_t irq; /* its source on the host PLIC; 0: none (the driver leaves it alone) */
};

/* The host PLIC: where it is, and the S-mode context of each hart (by index in hartids). */
struct discover_plic {
	uint64_t base;
	uint64_t size;
	uint32_t ndev;                     /* sources 1..ndev */
	int s_context[DISCOVER_MAX_HARTS]; /* -1: the hart has none */
};

struct platform_info {
	unsigned nharts;
	unsigned long hartids[DISCOVER_MAX_HARTS];
	char isa[DISCOVER_ISA_MAX];
	char mmu_type[32];
	uint32_t timebase_freq;
	uint32_t cbom_block_size, cboz_block_size; /* of the first cpu node; 0 when absent */
	unsigned nmem;
	struct discover_range mem[DISCOVER_MAX_RANGES];
	unsigned nreserved;
	struct discover_range reserved[DISCOVER_MAX_RANGES];
	uint64_t uart_base;
	unsigned uart_shift;
	bool has_uart;
	uint32_t uart_irq;      /* its host PLIC source; 0: none given */
	uint64_t finisher_base; /* sifive,test: QEMU exits with the status written to it */
	bool has_finisher;
	uint64_t initrd_start, initrd_end;
	char bootargs[128]; /* the hypervisor's own command line (/chosen/bootargs) */
	/* /chosen/rng-seed, in the device tree itself (boot wipes it once used); len 0: none */
	uint8_t *rng_seed;
	unsigned rng_seed_len;
	bool has_plic;
	struct discover_plic plic;
	unsigned nvirtio;
	struct discover_virtio virtio[DISCOVER_MAX_VIRTIO];
};

/* Returns NULL, or a message naming what the device tree lacks. */
const char *platform_discover(void *fdt, struct platform_info *info);
/* True when the riscv,isa string names the extension (single letter or multi-letter). */
bool platform_isa_has(const char *isa, const char *ext);

#endif
