/* SPDX-License-Identifier: Apache-2.0 */
/* Emulated RISC-V PLIC that routes the VMM's device interrupt lines to vCPU external interrupts. */
#ifndef VMM_DEVICES_PLIC_H
#define VMM_DEVICES_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/device.h"

/* Where the guest finds the PLIC (QEMU virt layout) and what the device tree calls it. */
#define PLIC_BASE 0x0c000000ULL
#define PLIC_WINDOW_SIZE 0x4000000ULL
#define PLIC_COMPATIBLE "sifive,plic-1.0.0"
#define PLIC_COMPATIBLE_ALT "riscv,plic0"

/* Register map (RISC-V PLIC specification), offsets from the window base. */
#define PLIC_PRIORITY_BASE 0x000000ULL /* 4 bytes per source id */
#define PLIC_PENDING_BASE 0x001000ULL  /* 32 sources per 32-bit word, read-only */
#define PLIC_ENABLE_BASE 0x002000ULL
#define PLIC_ENABLE_STRIDE 0x80ULL /* per context */
#define PLIC_CONTEXT_BASE 0x200000ULL
#define PLIC_CONTEXT_STRIDE 0x1000ULL /* per context */
#define PLIC_CONTEXT_THRESHOLD 0x0ULL /* within a context's block */
#define PLIC_CONTEXT_CLAIM 0x4ULL     /* within a context's block */

/* The only access the model supports: naturally aligned 32-bit (width is in bytes). */
#define PLIC_REG_WIDTH 4u

/* Priorities and thresholds are 3 bits wide; 0 means "never interrupt". */
#define PLIC_PRIORITY_BITS 3u
#define PLIC_PRIORITY_MAX ((1u << PLIC_PRIORITY_BITS) - 1u)

/*
 * num_sources counts source id 0, which does not exist: 96 gives ids 1..95 as on
 * QEMU virt (devicetree "riscv,ndev" = num_sources - 1). One context per vCPU.
 */
#define PLIC_MAX_SOURCES 96u
#define PLIC_MAX_CONTEXTS 16u
#define PLIC_SOURCE_WORDS ((PLIC_MAX_SOURCES + 31u) / 32u)

_Static_assert(PLIC_MAX_SOURCES <= 1024u, "the PLIC register map has room for 1024 sources");
_Static_assert(PLIC_MAX_CONTEXTS <= 15872u, "the PLIC register map has room for 15872 contexts");
_Static_assert(PLIC_SOURCE_WORDS * 4u <= PLIC_ENABLE_STRIDE, "enable words fit a context's block");
_Static_assert(PLIC_CONTEXT_BASE + PLIC_MAX_CONTEXTS * PLIC_CONTEXT_STRIDE <= PLIC_WINDOW_SIZE,
	       "every context's threshold/claim block fits the window");

/*
 * Called with a context's new external interrupt level, only when it changes.
 * It runs inside a PLIC operation and must not call back into the same PLIC.
 */
typedef void (*plic_notify_fn)(void *opaque, unsigned context, bool level);

/* All state lives here; the caller serialises every call on one struct plic. */
struct plic {
	unsigned num_sources;
	unsigned num_contexts;
	plic_notify_fn notify;
	void *opaque;

	uint8_t priority[PLIC_MAX_SOURCES];
	/* Bit sets over source ids: only ids 1..num_sources-1 are ever set. */
	uint32_t line[PLIC_SOURCE_WORDS]; /* input levels driven by devices */
	uint32_t pending[PLIC_SOURCE_WORDS];
	uint32_t in_service[PLIC_SOURCE_WORDS]; /* claimed, not yet completed */
	uint32_t enable[PLIC_MAX_CONTEXTS][PLIC_SOURCE_WORDS];
	uint8_t threshold[PLIC_MAX_CONTEXTS];
	bool output[PLIC_MAX_CONTEXTS]; /* last level reported to notify */
};

/*
 * Counts above the maximum are clamped to it. notify may be NULL. All registers
 * start at 0, all lines low, all outputs low (nothing is reported for that).
 */
void plic_init(struct plic *p, unsigned num_sources, unsigned num_contexts, plic_notify_fn notify,
	       void *opaque);

/* Drives a level-triggered source line; ids 0 and >= num_sources are ignored. */
void plic_set_irq(struct plic *p, unsigned source, bool level);

/* The same as a guest read/write of the context's claim/complete register. */
uint32_t plic_claim(struct plic *p, unsigned context);
void plic_complete(struct plic *p, unsigned context, uint32_t source);

/*
 * Clears priorities, enables, thresholds, pending and in-service state; lowers
 * (and reports) every raised output. Device lines are inputs, not PLIC state:
 * lines still high become pending again, as after a hardware reset.
 */
void plic_reset(struct plic *p);

/* MMIO descriptor; dev is a struct plic *. */
extern const struct device_desc plic_device;

#endif
