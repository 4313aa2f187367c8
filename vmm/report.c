/* SPDX-License-Identifier: Apache-2.0 */
/* What the VMM prints about a VM for the host tool: exit statistics (--stats) and the device tree (--dump-dtb). */
#include "lib/printf.h"
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/vmm.h"

#define DTB_BYTES_PER_LINE 32

/* "1G 0, 2M 49, 4K 0": the leaves by size, largest first, for the levels the mode has. */
static void print_leaves(const struct rvkvm_vm_stats *vs)
{
	const uint64_t count[3] = { vs->leaves_4k, vs->leaves_2m, vs->leaves_1g };
	const char *sep = "";

	for (unsigned l = 3; l-- > 0;) {
		unsigned shift = vs->leaf_shift[l];

		if (shift == 0) {
			continue;
		}
		/* 2^shift bytes: 4K (12), 2M (21), 4M (22), 1G (30). */
		console_printf("%s%u%c %llu", sep, 1u << (shift % 10), "KMG"[shift / 10 - 1],
			       (unsigned long long)count[l]);
		sep = ", ";
	}
}

/* One row: a label and one column per vCPU. */
static void row(const char *label, const uint64_t *vals, unsigned n)
{
	console_printf("  %-22s", label);
	for (unsigned i = 0; i < n; i++) {
		console_printf(" %10llu", (unsigned long long)vals[i]);
	}
	console_printf("\n");
}

#define ROW(label, field)                             \
	do {                                          \
		for (unsigned i_ = 0; i_ < n; i_++) { \
			vals[i_] = st[i_].field;      \
		}                                     \
		row(label, vals, n);                  \
	} while (0)

void vmm_print_stats(struct vmm_vm *vm)
{
	static struct rvkvm_vcpu_stats st[VMM_MAX_VCPUS];
	uint64_t vals[VMM_MAX_VCPUS];
	unsigned n = vm->ncpus;
	char label[32];

	for (unsigned i = 0; i < n; i++) {
		rvkvm_vcpu_get_stats(vm->vcpus[i], &st[i]);
	}
	console_printf("rvkvm: %s: exits by reason\n  %-22s", vm->name, "");
	for (unsigned i = 0; i < n; i++) {
		console_printf("     vcpu%-2u", i);
	}
	console_printf("\n");
	ROW("exits (all)", exits);
	ROW("host interrupts", interrupts);
	ROW("sbi calls", sbi_calls);
	for (unsigned e = 0; e < st[0].n_sbi_ext; e++) {
		lib_snprintf(label, sizeof(label), "  sbi %s", st[0].sbi_ext[e].name);
		ROW(label, sbi_ext[e].calls);
	}
	ROW("  sbi to the VMM", sbi_forwarded);
	ROW("mmio exits", mmio);
	ROW("doorbells rung", doorbells);
	ROW("g-stage faults", gstage_faults);
	ROW("virtual instructions", virtual_insn);
	ROW("  wfi", wfi);
	ROW("timer injections", timer_injected);
	ROW("ipis sent", ipi_sent);
	ROW("ipis received", ipi_received);
	ROW("loads on a hart", loads);
	ROW("fp saves", fp_saves);
	ROW("vector saves", vec_saves);
	ROW("mmio insns decoded", mmio_decodes);
	ROW("  decode cache hits", mmio_decode_hits);
	struct rvkvm_vm_stats vs;

	rvkvm_vm_get_stats(vm->vm, &vs);
	console_printf("rvkvm: %s: g-stage %s: %llu table pages; leaves: ", vm->name, vs.gstage,
		       (unsigned long long)vs.table_pages);
	print_leaves(&vs);
	console_printf("; dirty-log faults %llu\n", (unsigned long long)vs.dirty_faults);
	/* How long set-up took: the VM's creation to its first vCPU's first run (make bench). */
	console_printf("rvkvm: %s: time: created at %llu, vcpu0 first run at %llu"
		       " (timebase ticks)\n",
		       vm->name, (unsigned long long)vs.created_time,
		       (unsigned long long)st[0].first_run_time);
	console_printf("rvkvm: %s: mmio by device\n", vm->name);
	for (unsigned d = 0; d < vm->ndevices; d++) {
		const struct vmm_device *dev = &vm->devices[d];

		if (dev->model->max > 1) {
			lib_snprintf(label, sizeof(label), "%s %u", dev->model->name, dev->index);
		} else {
			lib_snprintf(label, sizeof(label), "%s", dev->model->name);
		}
		console_printf(
			"  %-22s %10llu\n", label,
			(unsigned long long)__atomic_load_n(&dev->bus->accesses, __ATOMIC_RELAXED));
	}
	for (unsigned d = 0; d < vm->ndevices; d++) {
		if (vm->devices[d].model->print_stats != NULL) {
			vm->devices[d].model->print_stats(&vm->devices[d]);
		}
	}
}

/* Lines "rvkvm-dtb: NAME: HEX" that ./rvkvm run turns back into NAME's --dump-dtb file. */
void vmm_print_dtb(const char *vm_name, const uint8_t *dtb, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	char line[2 * DTB_BYTES_PER_LINE + 1];

	for (size_t off = 0; off < size; off += DTB_BYTES_PER_LINE) {
		size_t n = size - off < DTB_BYTES_PER_LINE ? size - off : DTB_BYTES_PER_LINE;

		for (size_t i = 0; i < n; i++) {
			line[2 * i] = hex[dtb[off + i] >> 4];
			line[2 * i + 1] = hex[dtb[off + i] & 15];
		}
		line[2 * n] = '\0';
		console_printf("rvkvm-dtb: %s: %s\n", vm_name, line);
	}
}
