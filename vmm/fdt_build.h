/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the flattened device tree that describes the guest machine to a Linux guest. */
#ifndef VMM_FDT_BUILD_H
#define VMM_FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define FDT_BUILD_MAX_CPUS 64
#define FDT_BUILD_MAX_ISA_EXT 64
/* The PLIC spec numbers interrupt sources 1..1023; source 0 means "no interrupt". */
#define FDT_BUILD_PLIC_MAX_SOURCES 1023u
/* The /chosen/rng-seed rvkvm gives a guest; Linux takes any length, and uses this much. */
#define FDT_BUILD_RNG_SEED_LEN 64
#define FDT_BUILD_RNG_SEED_MAX 512

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
	uint64_t plic_base, plic_size;
	unsigned plic_num_sources; /* riscv,ndev */
	uint64_t uart_base, uart_size;
	uint32_t uart_irq;
	uint32_t uart_clock;
	uint64_t virtio_base;
	uint64_t virtio_stride;   /* distance between slots, also each slot's reg size */
	unsigned virtio_count;    /* may be 0 */
	uint32_t virtio_irq_base; /* slot i uses PLIC source virtio_irq_base + i */
};

/*
 * Writes the device tree for @m into @buf. Returns 0, or a negative libfdt error code:
 * -FDT_ERR_NOSPACE when @bufsize is too small, -FDT_ERR_BADVALUE when @m describes a machine
 * that cannot exist (0 or too many CPUs, too many ISA extensions, no ISA string, no RAM, an
 * inverted or out-of-RAM initrd, an interrupt number the PLIC does not have, a zero timebase,
 * a range that wraps around the address space, an rng-seed over FDT_BUILD_RNG_SEED_MAX bytes or
 * without its bytes). On error the contents of @buf are unspecified.
 * Phandles depend only on the machine, so the same input always gives the same blob.
 */
int fdt_build(const struct fdt_machine *m, void *buf, size_t bufsize);

#endif
