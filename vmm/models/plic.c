/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PLIC on the board: the interrupt controller every other device's line goes through. Context
 * i is vCPU i's supervisor external interrupt (VSEIP); its node is every interrupt's parent.
 */
#include "rvkvm/rvkvm.h"
#include "vmm/devices/plic.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

/* The local interrupt each context drives: the supervisor external interrupt (mip.SEIP). */
#define IRQ_S_EXT 9u

static struct plic plics[VMM_MAX_VMS];

static void notify(void *opaque, unsigned context, bool level)
{
	struct vmm_vm *vm = opaque;

	if (context < vm->ncpus && vm->vcpus[context]) {
		rvkvm_vcpu_interrupt(vm->vcpus[context], level);
	}
}

static int create(struct vmm_device *d)
{
	struct plic *p = &plics[d->vm->index];

	plic_init(p, MACHINE_PLIC_SOURCES, d->vm->ncpus, notify, d->vm);
	d->state = p;
	d->mmio_dev = p;
	return 0;
}

static void set_line(struct vmm_device *d, unsigned line, bool level)
{
	plic_set_irq(d->state, line, level);
}

static void fdt_props(struct fdt_writer *w, const struct fdt_device *node)
{
	(void)node;
	fdt_build_prop_empty(w, "interrupt-controller");
	fdt_build_prop_u32(w, "#interrupt-cells", 1);
	fdt_build_prop_u32(w, "#address-cells", 0);
	/* Source 0 is no interrupt: riscv,ndev counts the others. */
	fdt_build_prop_u32(w, "riscv,ndev", MACHINE_PLIC_SOURCES - 1);
	fdt_build_prop_u32(w, "phandle", FDT_BUILD_PHANDLE_IRQCHIP);
	fdt_build_prop_cpu_irqs(w, "interrupts-extended", IRQ_S_EXT);
}

static const char *const compatible[] = { PLIC_COMPATIBLE, PLIC_COMPATIBLE_ALT, NULL };

const struct vmm_device_model plic_model = {
	.name = "plic",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = MACHINE_PLIC_BASE,
	.size = MACHINE_PLIC_SIZE,
	.fdt_name = "plic",
	.compatible = compatible,
	.fdt_props = fdt_props,
	.create = create,
	.mmio = &plic_device,
	.set_line = set_line,
};
