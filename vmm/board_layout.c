/* SPDX-License-Identifier: Apache-2.0 */
/* Where a VM's devices go on the machine map (see vmm/board_layout.h). */
#include "vmm/board_layout.h"

#include "lib/printf.h"
#include "vmm/machine.h"

_Static_assert(VM_CONFIG_VIRTIO_SLOTS == MACHINE_VIRTIO_SLOTS,
	       "the config checks the devices against the machine's own virtio slots");

static unsigned instances(const struct vmm_device_model *m, const struct vm_config *cfg)
{
	return m->count ? m->count(cfg) : 1;
}

/* Checks the newest device against those before it; false after saying why in err. */
static bool check_new(const struct board_layout *l, char *err, size_t errlen)
{
	const struct board_place *d = &l->dev[l->count - 1];

	if (d->size == 0 || d->size - 1 > UINT64_MAX - d->base) {
		lib_snprintf(err, errlen, "%s: empty or wrapping window", d->model->name);
		return false;
	}
	if (d->irq >= MACHINE_PLIC_SOURCES) {
		lib_snprintf(err, errlen, "%s: interrupt %u, the PLIC has 1..%u", d->model->name,
			     d->irq, MACHINE_PLIC_SOURCES - 1);
		return false;
	}
	/* Invariant: dev[0 .. count-1) neither overlap nor share a line. */
	for (unsigned i = 0; i + 1 < l->count; i++) {
		const struct board_place *o = &l->dev[i];

		if (d->base <= o->base + (o->size - 1) && o->base <= d->base + (d->size - 1)) {
			lib_snprintf(err, errlen, "%s and %s overlap at 0x%llx", o->model->name,
				     d->model->name,
				     (unsigned long long)(d->base > o->base ? d->base : o->base));
			return false;
		}
		if (d->irq != 0 && d->irq == o->irq) {
			lib_snprintf(err, errlen, "%s and %s share interrupt %u", o->model->name,
				     d->model->name, d->irq);
			return false;
		}
	}
	return true;
}

/* Places instance `index` of model m after the others; 0, or -1 with err filled. */
static int place(struct board_layout *l, const struct vmm_device_model *m, unsigned index,
		 char *err, size_t errlen)
{
	struct board_place *d;

	if (l->count == BOARD_MAX_DEVICES) {
		lib_snprintf(err, errlen, "more than %u devices", BOARD_MAX_DEVICES);
		return -1;
	}
	d = &l->dev[l->count++];
	*d = (struct board_place){ m, index, m->base, m->size, m->irq };
	if (m->place == VMM_PLACE_VIRTIO) {
		unsigned slot = l->virtio_slots++;

		if (slot == MACHINE_VIRTIO_SLOTS) {
			lib_snprintf(err, errlen, "more virtio devices than the machine's %u slots",
				     MACHINE_VIRTIO_SLOTS);
			return -1;
		}
		d->base = MACHINE_VIRTIO_BASE + slot * MACHINE_VIRTIO_STRIDE;
		d->irq = MACHINE_VIRTIO_IRQ_BASE + slot;
		/* A model may use less than its slot, never more. */
		if (d->size > MACHINE_VIRTIO_STRIDE) {
			lib_snprintf(err, errlen, "%s: window larger than a virtio slot", m->name);
			return -1;
		}
	}
	return check_new(l, err, errlen) ? 0 : -1;
}

int board_layout(const struct vm_config *cfg, const struct vmm_device_model *const *models,
		 unsigned n, struct board_layout *out, char *err, size_t errlen)
{
	if (errlen > 0) {
		err[0] = '\0';
	}
	out->count = 0;
	out->virtio_slots = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct vmm_device_model *m = models[i];
		unsigned want = instances(m, cfg);

		if (want > m->max) {
			lib_snprintf(err, errlen, "%u %s devices, at most %u", want, m->name,
				     m->max);
			return -1;
		}
		for (unsigned k = 0; k < want; k++) {
			if (place(out, m, k, err, errlen) != 0) {
				return -1;
			}
		}
	}
	return 0;
}

unsigned board_layout_fdt(const struct board_layout *l, struct fdt_device out[BOARD_MAX_DEVICES],
			  int *stdout_device)
{
	unsigned n = 0;

	*stdout_device = -1;
	for (unsigned i = 0; i < l->count; i++) {
		const struct board_place *d = &l->dev[i];
		const struct vmm_device_model *m = d->model;

		if (!m->fdt_name) {
			continue;
		}
		if (m->fdt_stdout && *stdout_device < 0) {
			*stdout_device = (int)n;
		}
		out[n++] = (struct fdt_device){
			.name = m->fdt_name,
			.compatible = m->compatible,
			.base = d->base,
			.size = d->size,
			.irq = d->irq,
			.props = m->fdt_props,
		};
	}
	return n;
}
