/* SPDX-License-Identifier: Apache-2.0 */
/* Building one VM from its part of the boot bundle: config, RAM, kernel, initrd, device tree, vCPUs, board. */
#include "lib/printf.h"
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/bundle.h"
#include "vmm/fdt_build.h"
#include "vmm/guest_fdt.h"
#include "vmm/image.h"
#include "vmm/loader.h"
#include "vmm/machine.h"
#include "vmm/sbi_vmm.h"
#include "vmm/vmm.h"

#define PATH_MAX_LEN 32 /* "vm15/initrd" and the like */

static int bad_input(const char *vm, const char *what, const char *detail)
{
	console_printf("rvkvm: %s: %s%s%s\n", vm, what, detail ? ": " : "", detail ? detail : "");
	return VMM_STATUS_BAD_INPUT;
}

static void entry_name(char *out, unsigned index, const char *file)
{
	lib_snprintf(out, PATH_MAX_LEN, "vm%u/%s", index, file);
}

/* The N of a "vmN/..." entry name, or -1 for any other name. */
static long vm_number(const char *name, size_t len)
{
	long n = 0;
	size_t i = 2;

	if (len < 4 || name[0] != 'v' || name[1] != 'm') {
		return -1;
	}
	/* Invariant: name[2, i) are digits worth n; a number too long to be a VM stops early. */
	while (i < len && name[i] >= '0' && name[i] <= '9' && i < 8) {
		n = n * 10 + (name[i] - '0');
		i++;
	}
	return i > 2 && i < len && name[i] == '/' ? n : -1;
}

int vmm_bundle_vms(const uint8_t *bundle, size_t size, unsigned *count)
{
	struct bundle_file f;
	char path[PATH_MAX_LEN];
	size_t pos = 0;
	unsigned n = 0;
	int rc;

	for (;;) {
		entry_name(path, n, "config");
		rc = bundle_find(bundle, size, path, &f);
		if (rc == BUNDLE_ENOENT && n > 0) {
			break;
		}
		if (rc != 0) {
			return bad_input("bundle", path, bundle_strerror(rc));
		}
		if (++n > VMM_MAX_VMS) {
			console_printf("rvkvm: bundle: more than %u VMs\n", VMM_MAX_VMS);
			return VMM_STATUS_BAD_INPUT;
		}
	}
	/* A VM after a gap would be silently left out: refuse the bundle instead. */
	while ((rc = bundle_next(bundle, size, &pos, &f)) == 1) {
		long k = vm_number(f.name, f.name_len);

		if (k >= (long)n) {
			console_printf(
				"rvkvm: bundle: %s belongs to no VM: vm%u/config is missing\n",
				f.name, n);
			return VMM_STATUS_BAD_INPUT;
		}
	}
	*count = n;
	return 0;
}

int vmm_read_config(struct vmm_vm *vm, unsigned index, const uint8_t *bundle, size_t size)
{
	struct bundle_file conf;
	char path[PATH_MAX_LEN], err[128];
	const char *missing;
	int rc;

	vm->index = index;
	lib_snprintf(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", index);
	vm->name = vm->cfg.name;
	entry_name(path, index, "config");
	if ((rc = bundle_find(bundle, size, path, &conf)) != 0) {
		return bad_input("bundle", "no config", bundle_strerror(rc));
	}
	if (vm_config_parse((const char *)conf.data, conf.size, &vm->cfg, err, sizeof(err)) != 0) {
		lib_snprintf(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", index);
		return bad_input(vm->name, err, NULL);
	}
	if (!vm->cfg.named) {
		lib_snprintf(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", index);
	}
	if ((missing = test_hooks_missing(&vm->cfg)) != NULL) {
		console_printf("rvkvm: %s: this image has no test hooks: %s needs %s\n", vm->name,
			       missing, TEST_HOOKS_IMAGE);
		return VMM_STATUS_BAD_INPUT;
	}
	vm->ncpus = vm->cfg.cpus;
	return 0;
}

static int build_fdt(const struct vmm_vm *vm, const struct rvkvm_caps *caps,
		     const struct load_plan *plan, void *dst)
{
	static struct guest_fdt_isa split;
	static struct board_layout layout;
	struct fdt_device nodes[BOARD_MAX_DEVICES];
	struct fdt_machine m;
	uint8_t seed[FDT_BUILD_RNG_SEED_LEN];
	char err[96];
	int rc;

	/* The devices the board will build (board_init places them the same way). */
	if (board_layout(&vm->cfg, board_models, board_num_models, &layout, err, sizeof(err)) !=
	    0) {
		return bad_input(vm->name, err, NULL);
	}
	guest_fdt_split_isa(&split, caps->isa);
	guest_fdt_machine(&m, &vm->cfg, plan, caps->isa, &split,
			  caps->mmu_type[0] ? caps->mmu_type : NULL, caps->timebase_freq);
	m.devices = nodes;
	m.num_devices = board_layout_fdt(&layout, nodes, &m.stdout_device);
	/*
	 * A seeded guest skips seeding its generator by itself (over 100 M instructions for Linux).
	 * Each read is fresh, so no two VMs, nor two builds of one VM, share a seed.
	 */
	if (entropy_read(seed, sizeof(seed))) {
		m.rng_seed = seed;
		m.rng_seed_len = sizeof(seed);
	}
	rc = fdt_build(&m, dst, LOADER_FDT_MAX);
	lib_memset(seed, 0, sizeof(seed));
	return rc != 0 ? bad_input(vm->name, "cannot build the device tree", NULL) : 0;
}

/* The guest_mem hook: RAM the VMM reaches is made present first (rvkvm_pre_fault_memory). */
static int ram_present(void *ctx, uint64_t gpa, uint64_t len)
{
	return rvkvm_pre_fault_memory(ctx, gpa, len);
}

/* A guest-physical address the guest reaches with paging off: within XLEN (the layout puts it so). */
static unsigned long xlen_addr(uint64_t gpa)
{
	return (unsigned long)gpa;
}

static int set_reg(struct rvkvm_vcpu *vcpu, uint64_t index, unsigned long value)
{
	return rvkvm_set_one_reg(vcpu, RVKVM_REG_RISCV_CORE_ID(index), &value);
}

/* The exception routing the config asked for (exc_route=), through ONE_REG. */
static int set_exc_routes(struct rvkvm_vcpu *vcpu, const struct vm_config *cfg)
{
	for (unsigned cause = 0; cause < VM_CONFIG_EXC_CAUSES; cause++) {
		unsigned long route = cfg->exc_route[cause]; /* the register's size: XLEN */

		if (route != RVKVM_EXC_ROUTE_CORE &&
		    rvkvm_set_one_reg(vcpu, RVKVM_REG_RISCV_EXC_ROUTE_REG(cause), &route) != 0) {
			return -1;
		}
	}
	return 0;
}

static int create_vcpus(struct vmm_vm *vm, const struct vm_config *cfg,
			const struct load_plan *plan)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct rvkvm_vcpu *vcpu;

		if (rvkvm_create_vcpu(vm->vm, i, &vcpu) != 0 || set_exc_routes(vcpu, cfg) != 0 ||
		    sbi_vmm_claim(vcpu, cfg) != 0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_PC, xlen_addr(plan->kernel_gpa)) !=
			    0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(10), i) != 0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(11), xlen_addr(plan->fdt_gpa)) !=
			    0) {
			return -1;
		}
		/* Like a machine at reset: hart 0 runs, the others wait for SBI HSM hart_start. */
		if (i > 0 && rvkvm_vcpu_set_mp_state(vcpu, RVKVM_MP_STATE_STOPPED) != 0) {
			return -1;
		}
		vm->vcpus[i] = vcpu;
	}
	/* Periodic exits only where they are needed (vmm.h): otherwise a vCPU exits for work alone. */
	if (cfg->icount || test_hooks_poll_wanted(cfg)) {
		return rvkvm_vcpu_set_exit_interval(vm->vcpus[0], VMM_EXIT_INTERVAL_US);
	}
	return 0;
}

int vmm_build_vm(struct vmm_vm *vm, const uint8_t *bundle, size_t size,
		 const struct rvkvm_caps *caps)
{
	const struct vm_config *cfg = &vm->cfg;
	struct bundle_file kernel, initrd = { 0 };
	struct image_info img;
	struct rvkvm_vm_params params = { cfg->gstage, vm->index };
	struct rvkvm_memory_region ram = { 0 };
	struct load_plan plan;
	char path[PATH_MAX_LEN];
	const char *msg;
	uint8_t *host;
	int rc;

	entry_name(path, vm->index, "kernel");
	if ((rc = bundle_find(bundle, size, path, &kernel)) != 0) {
		return bad_input(vm->name, "no kernel in the bundle", bundle_strerror(rc));
	}
	entry_name(path, vm->index, "initrd");
	rc = bundle_find(bundle, size, path, &initrd);
	if (rc != 0 && rc != BUNDLE_ENOENT) {
		return bad_input(vm->name, "bad initrd entry", bundle_strerror(rc));
	}
	if ((rc = image_parse(kernel.data, kernel.size, &img)) != 0) {
		return bad_input(vm->name, "kernel", image_strerror(rc));
	}
	if ((msg = loader_plan(MACHINE_RAM_BASE, cfg->mem_size, &img, initrd.size, &plan)) !=
	    NULL) {
		return bad_input(vm->name, msg, NULL);
	}
	if ((rc = rvkvm_create_vm(&params, &vm->vm)) != 0) {
		console_printf(
			"rvkvm: %s: cannot create the VM: G-stage mode '%s' is not one this hart "
			"offers (largest: %s)\n",
			vm->name, cfg->gstage, caps->gstage_max);
		return VMM_STATUS_BAD_INPUT;
	}
	ram.slot = 0;
	ram.guest_phys_addr = MACHINE_RAM_BASE;
	ram.memory_size = cfg->mem_size;
	if (rvkvm_set_memory_region(vm->vm, &ram) != 0) {
		return bad_input(vm->name, "guest RAM does not fit in host memory", NULL);
	}
	vm->ram_host = ram.userspace_addr;
	vm->guest_mem = (struct guest_mem){
		.base = MACHINE_RAM_BASE,
		.size = cfg->mem_size,
		.host = (uint8_t *)(uintptr_t)ram.userspace_addr,
		.present = ram_present,
		.present_ctx = vm->vm,
		.present_bits = vm->ram_present_bits,
	};
	lib_memset(vm->ram_present_bits, 0, sizeof(vm->ram_present_bits));
	/* Present whole at once, with the largest G-stage leaves (1 GiB where RAM is that large). */
	if (cfg->mem_prealloc && rvkvm_pre_fault_memory(vm->vm, MACHINE_RAM_BASE, cfg->mem_size)) {
		return bad_input(vm->name, "guest RAM does not fit in host memory", NULL);
	}
	if ((rc = test_hooks_build(vm)) != 0) {
		return rc;
	}

	/* Only what is written is made present: the rest of RAM costs nothing until touched. */
	if ((host = guest_mem_ptr(&vm->guest_mem, plan.kernel_gpa, kernel.size)) == NULL) {
		return bad_input(vm->name, "no room for the kernel in guest RAM", NULL);
	}
	lib_memcpy(host, kernel.data, kernel.size);
	if (initrd.size) {
		if ((host = guest_mem_ptr(&vm->guest_mem, plan.initrd_gpa, initrd.size)) == NULL) {
			return bad_input(vm->name, "no room for the initrd in guest RAM", NULL);
		}
		lib_memcpy(host, initrd.data, initrd.size);
	}
	if ((host = guest_mem_ptr(&vm->guest_mem, plan.fdt_gpa, LOADER_FDT_MAX)) == NULL) {
		return bad_input(vm->name, "no room for the device tree in guest RAM", NULL);
	}
	if ((rc = build_fdt(vm, caps, &plan, host)) != 0) {
		return rc;
	}
	if (cfg->dump_dtb) {
		const uint8_t *dtb = host;

		vmm_print_dtb(vm->name, dtb,
			      ((uint32_t)dtb[4] << 24) | ((uint32_t)dtb[5] << 16) |
				      ((uint32_t)dtb[6] << 8) | dtb[7]);
	}
	vm->mvendorid = caps->mvendorid;
	if (create_vcpus(vm, cfg, &plan) != 0) {
		return bad_input(vm->name, "cannot create the vCPUs", NULL);
	}
	if ((rc = board_init(vm)) != 0) {
		return rc;
	}
	console_printf(
		"rvkvm: %s: %u vCPU(s), %llu MiB, kernel at 0x%llx (%zu bytes), G-stage %s\n",
		vm->name, cfg->cpus, (unsigned long long)(cfg->mem_size >> 20),
		(unsigned long long)plan.kernel_gpa, kernel.size,
		cfg->gstage[0] ? cfg->gstage : caps->gstage_max);
	return 0;
}
