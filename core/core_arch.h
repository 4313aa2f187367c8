/* SPDX-License-Identifier: Apache-2.0 */
/* What core_init (core/core.c) needs from the hardware (core/arch/riscv/). */
#ifndef CORE_CORE_ARCH_H
#define CORE_CORE_ARCH_H

/* Finds which hgatp modes and how many VMID bits the hart has (into host_caps). */
void core_arch_probe(void);
/* One-time set-up of the core after the probes. */
void core_arch_init(void);
/* Per-hart H-extension set-up: delegation, counters, henvcfg. */
void core_arch_hart_init(void);

#endif
