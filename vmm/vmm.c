/* The VMM: reads the boot bundle, builds each VM (RAM, kernel, initrd, device tree, vCPUs) and runs it. */
#include "vmm/vmm.h"

#include "lib/sbi_spec.h"
#include "lib/string.h"
#include "platform/console.h"
#include "platform/hart_work.h"
#include "vmm/bundle.h"
#include "vmm/fdt_build.h"
#include "vmm/guest_fdt.h"
#include "vmm/image.h"
#include "vmm/loader.h"
#include "vmm/machine.h"
#include "vmm/memtest.h"
#include "vmm/vm_config.h"

static int bad_input(const char *vm, const char *what, const char *detail)
{
	console_printf("rvkvm: %s: %s%s%s\n", vm, what, detail ? ": " : "", detail ? detail : "");
	return VMM_STATUS_BAD_INPUT;
}

static int build_fdt(const struct vm_config *cfg, const struct rvkvm_caps *caps,
		     const struct load_plan *plan, void *dst)
{
	static struct guest_fdt_isa split;
	struct fdt_machine m;

	guest_fdt_split_isa(&split, caps->isa);
	guest_fdt_machine(&m, cfg, plan, caps->isa, &split, caps->mmu_type[0] ? caps->mmu_type : NULL,
			  caps->timebase_freq);
	return fdt_build(&m, dst, LOADER_FDT_MAX);
}

/* Ends the VM with status (the first vCPU to end it decides) and stops every vCPU thread. */
static void vm_end(struct vmm_vm *vm, int status)
{
	int running = VMM_STATUS_RUNNING;

	if (__atomic_compare_exchange_n(&vm->status, &running, status, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		for (unsigned i = 0; i < vm->ncpus; i++) {
			rvkvm_vcpu_kick(vm->vcpus[i]);
		}
	}
}

static const char *internal_error_text(uint32_t suberror)
{
	switch (suberror) {
	case RVKVM_INTERNAL_GUEST_FAULT:
		return "guest access outside its RAM that is not device I/O";
	case RVKVM_INTERNAL_READONLY_WRITE:
		return "guest wrote to read-only memory";
	case RVKVM_INTERNAL_NO_MEMORY:
		return "out of host memory";
	case RVKVM_INTERNAL_FETCH_OUTSIDE_RAM:
		return "guest fetched instructions outside its RAM";
	case RVKVM_INTERNAL_MMIO_UNSUPPORTED:
		return "guest accessed device memory with an instruction rvkvm does not emulate "
		       "(atomic, floating-point, vector, or a page-table walk)";
	case RVKVM_INTERNAL_INSN_UNREADABLE:
		return "rvkvm could not read the guest's trapping instruction";
	case RVKVM_INTERNAL_ALL_STOPPED:
		return "the guest stopped its last running hart (SBI HSM), so nothing can run again";
	default:
		return "trap the core does not handle";
	}
}

static unsigned vcpu_index(const struct vmm_vm *vm, const struct rvkvm_vcpu *vcpu)
{
	unsigned i = 0;

	while (i < vm->ncpus && vm->vcpus[i] != vcpu) {
		i++;
	}
	return i;
}

int vmm_handle_exit(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e)
{
	switch (e->reason) {
	case RVKVM_EXIT_INTR:
		if (vcpu == vm->vcpus[0]) {
			board_poll_input(vm);
			memtest_poll(vm);
		}
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_SYSTEM_EVENT:
		if (e->system_event.type == RVKVM_SYSTEM_EVENT_SHUTDOWN) {
			bool ok = e->system_event.data[0] == SBI_SRST_REASON_NONE;

			console_printf("rvkvm: %s: guest powered off (%s)\n", vm->name,
				       ok ? "normal" : "system failure");
			return ok ? VMM_STATUS_OK : VMM_STATUS_FAILURE;
		}
		console_printf("rvkvm: %s: guest asked for a reboot; rvkvm ends the VM\n", vm->name);
		return VMM_STATUS_OK;
	case RVKVM_EXIT_RISCV_SBI:
		/* No extension is owned by the VMM yet: the default answer (NOT_SUPPORTED) stands. */
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_MMIO:
		if (board_mmio(vm, e)) {
			return VMM_STATUS_RUNNING;
		}
		console_printf("rvkvm: %s: vcpu%u: guest %s %u byte(s) at 0x%llx, outside RAM and every "
			       "device: VM stopped\n",
			       vm->name, vcpu_index(vm, vcpu), e->mmio.is_write ? "wrote" : "read", e->mmio.len,
			       (unsigned long long)e->mmio.phys_addr);
		return VMM_STATUS_FAULT;
	case RVKVM_EXIT_INTERNAL_ERROR:
		console_printf("rvkvm: %s: vcpu%u: VM stopped: %s at 0x%llx: scause=0x%llx sepc=0x%llx "
			       "stval=0x%llx htval=0x%llx htinst=0x%llx\n",
			       vm->name, vcpu_index(vm, vcpu), internal_error_text(e->internal.suberror),
			       (unsigned long long)e->internal.data[5], (unsigned long long)e->internal.data[0],
			       (unsigned long long)e->internal.data[1], (unsigned long long)e->internal.data[2],
			       (unsigned long long)e->internal.data[3], (unsigned long long)e->internal.data[4]);
		return VMM_STATUS_FAULT;
	default:
		console_printf("rvkvm: %s: unknown exit reason %u: VM stopped\n", vm->name, e->reason);
		return VMM_STATUS_FAULT;
	}
}

static int set_reg(struct rvkvm_vcpu *vcpu, uint64_t index, unsigned long value)
{
	return rvkvm_set_one_reg(vcpu, RVKVM_REG_RISCV_CORE_REG(index), &value);
}

struct vcpu_thread {
	struct vmm_vm *vm;
	unsigned index;
};

/* What kvmtool's vCPU thread does: run, handle the exit, until the VM ends. */
static void vcpu_thread(void *arg)
{
	struct vcpu_thread *t = arg;
	struct vmm_vm *vm = t->vm;
	struct rvkvm_vcpu *vcpu = vm->vcpus[t->index];

	while (__atomic_load_n(&vm->status, __ATOMIC_ACQUIRE) == VMM_STATUS_RUNNING) {
		int status;

		if (rvkvm_vcpu_run(vcpu) != 0) {
			vm_end(vm, VMM_STATUS_FAULT);
			break;
		}
		status = vmm_handle_exit(vm, vcpu, rvkvm_vcpu_exit(vcpu));
		if (status != VMM_STATUS_RUNNING) {
			vm_end(vm, status);
		}
	}
	__atomic_add_fetch(&vm->threads_done, 1, __ATOMIC_RELEASE);
	hart_work_wake_boot();
}

static int create_vcpus(struct vmm_vm *vm, const struct load_plan *plan)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct rvkvm_vcpu *vcpu;

		if (rvkvm_create_vcpu(vm->vm, i, &vcpu) != 0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_PC, plan->kernel_gpa) != 0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(10), i) != 0 ||
		    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(11), plan->fdt_gpa) != 0) {
			return -1;
		}
		/* Like a machine at reset: hart 0 runs, the others wait for SBI HSM hart_start. */
		if (i > 0 && rvkvm_vcpu_set_mp_state(vcpu, RVKVM_MP_STATE_STOPPED) != 0) {
			return -1;
		}
		vm->vcpus[i] = vcpu;
	}
	return rvkvm_vcpu_set_exit_interval(vm->vcpus[0], VMM_INPUT_POLL_US);
}

/*
 * One thread per vCPU, scheduled by the core on every hart (this one too) while this hart
 * waits for them: vCPU i starts on hart i modulo the hart count, more vCPUs than harts share.
 */
static int run_threads(struct vmm_vm *vm)
{
	static struct vcpu_thread threads[VMM_MAX_VCPUS];

	for (unsigned i = 0; i < vm->ncpus; i++) {
		threads[i] = (struct vcpu_thread){ vm, i };
	}
	for (unsigned i = 0; i < vm->ncpus; i++) {
		if (!hart_work_start(i, vcpu_thread, &threads[i])) {
			console_printf("rvkvm: %s: no thread for vCPU %u\n", vm->name, i);
			vm_end(vm, VMM_STATUS_FAULT);
			__atomic_add_fetch(&vm->threads_done, 1, __ATOMIC_RELEASE);
		}
	}
	hart_work_wait(&vm->threads_done, vm->ncpus);
	return vm->status;
}

static int run_vm(const uint8_t *bundle, size_t size)
{
	static struct vm_config cfg;
	static struct vmm_vm vm;
	struct bundle_file conf, kernel, initrd = { 0 };
	struct image_info img;
	struct rvkvm_caps caps;
	struct rvkvm_vm_params params = { 0 };
	struct rvkvm_memory_region ram = { 0 };
	struct load_plan plan;
	char err[128];
	const char *msg;
	int rc;

	vm.name = "vm0";
	if ((rc = bundle_find(bundle, size, "vm0/config", &conf)) != 0) {
		return bad_input("bundle", "no vm0/config", bundle_strerror(rc));
	}
	if (vm_config_parse((const char *)conf.data, conf.size, &cfg, err, sizeof(err)) != 0) {
		return bad_input("vm0", err, NULL);
	}
	vm.name = cfg.name;
	if ((rc = bundle_find(bundle, size, "vm0/kernel", &kernel)) != 0) {
		return bad_input(vm.name, "no kernel in the bundle", bundle_strerror(rc));
	}
	rc = bundle_find(bundle, size, "vm0/initrd", &initrd);
	if (rc != 0 && rc != BUNDLE_ENOENT) {
		return bad_input(vm.name, "bad initrd entry", bundle_strerror(rc));
	}
	if ((rc = image_parse(kernel.data, kernel.size, &img)) != 0) {
		return bad_input(vm.name, "kernel", image_strerror(rc));
	}
	rvkvm_get_caps(&caps);
	vm.ncpus = cfg.cpus;
	if ((msg = loader_plan(MACHINE_RAM_BASE, cfg.mem_size, &img, initrd.size, &plan)) != NULL) {
		return bad_input(vm.name, msg, NULL);
	}
	params.gstage = cfg.gstage;
	if ((rc = rvkvm_create_vm(&params, &vm.vm)) != 0) {
		console_printf("rvkvm: %s: cannot create the VM: G-stage mode '%s' is not one this hart "
			       "offers (largest: %s)\n",
			       vm.name, cfg.gstage, caps.gstage_max);
		return VMM_STATUS_BAD_INPUT;
	}
	ram.slot = 0;
	ram.guest_phys_addr = MACHINE_RAM_BASE;
	ram.memory_size = cfg.mem_size;
	if (rvkvm_set_memory_region(vm.vm, &ram) != 0) {
		return bad_input(vm.name, "guest RAM does not fit in host memory", NULL);
	}
	uint8_t *host = (uint8_t *)(uintptr_t)ram.userspace_addr;

	if (cfg.testmem_size) {
		struct rvkvm_memory_region test = { MACHINE_TESTMEM_SLOT, 0, MACHINE_TESTMEM_BASE,
						    cfg.testmem_size, 0 };

		if (rvkvm_set_memory_region(vm.vm, &test) != 0) {
			return bad_input(vm.name, "the test memory does not fit in host memory", NULL);
		}
		vm.testmem_gpa = test.guest_phys_addr;
		vm.testmem_size = test.memory_size;
		vm.testmem_host = test.userspace_addr;
	}

	lib_memcpy(host + (plan.kernel_gpa - MACHINE_RAM_BASE), kernel.data, kernel.size);
	if (initrd.size) {
		lib_memcpy(host + (plan.initrd_gpa - MACHINE_RAM_BASE), initrd.data, initrd.size);
	}
	if ((rc = build_fdt(&cfg, &caps, &plan, host + (plan.fdt_gpa - MACHINE_RAM_BASE))) != 0) {
		return bad_input(vm.name, "cannot build the device tree", NULL);
	}
	if (cfg.dump_dtb) {
		const uint8_t *dtb = host + (plan.fdt_gpa - MACHINE_RAM_BASE);

		vmm_print_dtb(dtb, ((uint32_t)dtb[4] << 24) | ((uint32_t)dtb[5] << 16) |
					   ((uint32_t)dtb[6] << 8) | dtb[7]);
	}
	if (create_vcpus(&vm, &plan) != 0) {
		return bad_input(vm.name, "cannot create the vCPUs", NULL);
	}
	board_init(&vm);
	console_printf("rvkvm: %s: %u vCPU(s), %llu MiB, kernel at 0x%llx (%zu bytes), G-stage %s\n",
		       vm.name, cfg.cpus, (unsigned long long)(cfg.mem_size >> 20),
		       (unsigned long long)plan.kernel_gpa, kernel.size,
		       cfg.gstage[0] ? cfg.gstage : caps.gstage_max);
	vm.status = VMM_STATUS_RUNNING;
	rc = run_threads(&vm);
	if (cfg.stats) {
		vmm_print_stats(&vm);
	}
	return rc;
}

int vmm_main(const uint8_t *bundle, size_t size)
{
	return run_vm(bundle, size);
}
