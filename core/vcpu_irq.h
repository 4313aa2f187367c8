/* SPDX-License-Identifier: Apache-2.0 */
/* Raising and lowering a vCPU's interrupt lines from any hart (see core/vcpu_irq.c). */
#ifndef CORE_VCPU_IRQ_H
#define CORE_VCPU_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"

/* Sets the VCPU_IRQ_* lines to level and makes the vCPU notice (vcpu_kick). */
void vcpu_irq_set(struct rvkvm_vcpu *v, unsigned long lines, bool level);
/*
 * Makes v look at its state again after another hart changed it (lines, HSM state, kick_exit):
 * if v waits (WFI, HSM stopped or suspended), its thread is woken; if it is loaded on a hart,
 * possibly in the guest, that hart gets an IPI (vcpu_arch_kick).
 */
void vcpu_kick(struct rvkvm_vcpu *v);

/*
 * The owner (see vcpu_irq_apply) saw that the guest cleared these lines itself (sip.SSIP, an
 * alias of hvip.VSSIP): drops them from the raised lines, unless another hart raised them again
 * meanwhile.
 */
void vcpu_irq_guest_cleared(struct rvkvm_vcpu *v, unsigned long lines);
/* The steps of vcpu_irq_set and vcpu_irq_guest_cleared, in order, for the unit tests. */
#define VCPU_IRQ_SET_STEPS 3
void vcpu_irq_set_step(struct rvkvm_vcpu *v, unsigned step, unsigned long lines, bool level);
#define VCPU_IRQ_CLEARED_STEPS 2
void vcpu_irq_guest_cleared_step(struct rvkvm_vcpu *v, unsigned step, unsigned long lines);

/*
 * Moves lines other harts changed into v->csr.hvip, the vCPU's own copy (the owner calls it:
 * the hart it is loaded on, or its thread while it is not loaded). True if anything changed.
 */
bool vcpu_irq_apply(struct rvkvm_vcpu *v);
/* The VCPU_IRQ_* lines the guest has enabled, from its saved vsie. */
unsigned long vcpu_irq_enabled(const struct rvkvm_vcpu *v);
/*
 * Whether a vCPU that is not loaded would leave WFI: an enabled line pending in its saved
 * hvip, or with Sstc (sstc true) its saved vstimecmp reached (host time now).
 */
bool vcpu_irq_ready(const struct rvkvm_vcpu *v, uint64_t now, bool sstc);

#endif
