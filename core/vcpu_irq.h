/* Raising and lowering a vCPU's interrupt lines from any hart (see core/vcpu_irq.c). */
#ifndef CORE_VCPU_IRQ_H
#define CORE_VCPU_IRQ_H

#include <stdbool.h>

#include "core/vcpu.h"

/* Sets the VCPU_IRQ_* lines to level and makes the vCPU's hart notice. */
void vcpu_irq_set(struct rvkvm_vcpu *v, unsigned long lines, bool level);

#endif
