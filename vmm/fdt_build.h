/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the flattened device tree that describes the guest machine to a Linux guest. */
#ifndef VMM_FDT_BUILD_H
#define VMM_FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define FDT_BUILD_MAX_CPUS 64
#define FDT_BUILD_MAX_ISA_EXT 128
/* Device nodes under /soc, at most; a node name (before the '@') is at most this long. */
#define FDT_BUILD_MAX_DEVICES 32
#define FDT_BUILD_NAME_MAX 24
/* The interrupt controller's phandle: the interrupt-parent of every device with an interrupt. */
#define FDT_BUILD_PHANDLE_IRQCHIP 1u
/* The /chosen/rng-seed rvkvm gives a guest; Linux takes any length, and uses this much. */
#define FDT_BUILD_RNG_SEED_LEN 64
#define FDT_BUILD_RNG_SEED_MAX 512

/* The writer a device's props hook adds its properties with (the fdt_build_prop_* below). */
struct fdt_writer;

/*
 * One device node under /soc: "<name>@<base>", then compatible, reg, what props writes, and with
 * an interrupt (irq != 0) interrupts and interrupt-parent (FDT_BUILD_PHANDLE_IRQCHIP).
 */
struct fdt_device {
	const char *name;              /* "serial", "virtio_mmio": 1..FDT_BUILD_NAME_MAX chars */
	const char *const *compatible; /* at least one string, NULL-terminated */
	uint64_t base, size;           /* reg, one (address, size) pair */
	uint32_t irq;                  /* interrupts, one cell; 0: the node has none */
	void (*props)(struct fdt_writer *w, const struct fdt_device *d); /* NULL: none */
};

/*
 * Everything the guest needs to know about its machine. The builder copies what it needs into
 * the blob; none of the pointers are kept.
 */
struct fdt_machine {
	unsigned num_cpus;
	const char *isa;            /* riscv,isa string, e.g. "rv64imafdc_zicsr_zifencei" */
	const char *const *isa_ext; /* riscv,isa-extensions: "i", "m", "a", ... */
	unsigned num_isa_ext;       /* 0 omits riscv,isa-base and riscv,isa-extensions */
	const char *mmu_type;       /* "riscv,sv39" / "riscv,sv48" / "riscv,sv57", NULL omits */
	uint32_t timebase_freq;
	uint64_t ram_base, ram_size;
	const char *bootargs;              /* NULL omits */
	uint64_t initrd_start, initrd_end; /* both 0: no initrd */
	const uint8_t *rng_seed; /* /chosen/rng-seed, rng_seed_len bytes; length 0 omits */
	size_t rng_seed_len;
	const struct fdt_device *devices; /* the nodes under /soc, in this order */
	unsigned num_devices;
	int stdout_device; /* /chosen/stdout-path names devices[stdout_device]; -1 omits it */
};

/*
 * Writes the device tree for @m into @buf. Returns 0, or a negative libfdt error code:
 * -FDT_ERR_NOSPACE when @bufsize is too small, -FDT_ERR_BADVALUE when @m describes a machine
 * that cannot exist (0 or too many CPUs, too many ISA extensions, no ISA string, no RAM, an
 * inverted or out-of-RAM initrd, a zero timebase, a range that wraps around the address space,
 * an rng-seed over FDT_BUILD_RNG_SEED_MAX bytes or without its bytes, more than
 * FDT_BUILD_MAX_DEVICES devices, a device without a name or a compatible string, a
 * stdout_device that is not one of the devices). Whether device windows overlap and interrupt
 * numbers exist is the board's to check (vmm/board_layout.h): the builder writes what it is told. On error the contents of @buf are unspecified.
 * Phandles depend only on the machine, so the same input always gives the same blob.
 */
int fdt_build(const struct fdt_machine *m, void *buf, size_t bufsize);

/*
 * For a device's props hook: properties of its node. After an error in the blob each is a no-op,
 * and fdt_build returns the error.
 */
void fdt_build_prop_empty(struct fdt_writer *w, const char *name);
void fdt_build_prop_u32(struct fdt_writer *w, const char *name, uint32_t v);
void fdt_build_prop_string(struct fdt_writer *w, const char *name, const char *s);
/* <cpu0's interrupt controller, irq, cpu1's, irq, ...>: an interrupt of every vCPU, in order. */
void fdt_build_prop_cpu_irqs(struct fdt_writer *w, const char *name, uint32_t irq);

#endif
