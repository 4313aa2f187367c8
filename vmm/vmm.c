/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM: builds every VM in the boot bundle, runs them side by side, and handles their exits. */
#include "vmm/vmm.h"

#include "lib/sbi_spec.h"
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/sbi_vmm.h"
#include "vmm/test_hooks.h"

/* Ends the VM with status (the first vCPU to end it decides) and stops its vCPU threads, no others. */
static void vm_end(struct vmm_vm *vm, int status)
{
	int running = VMM_STATUS_RUNNING;

	if (__atomic_compare_exchange_n(&vm->status, &running, status, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		for (unsigned i = 0; i < vm->ncpus; i++) {
			rvkvm_vcpu_kick(vm->vcpus[i]);
		}
		board_stop(vm);
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
		return "the guest stopped its last running hart (SBI HSM), so nothing can run "
		       "again";
	default:
		return "trap the core does not handle";
	}
}

int vmm_handle_exit(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	/* The most frequent exit first, without the switch's table. */
	if (__builtin_expect(e->reason == RVKVM_EXIT_MMIO, 1) && board_mmio(vm, e)) {
		return VMM_STATUS_RUNNING;
	}
	switch (e->reason) {
	case RVKVM_EXIT_INTR:
		if (index == 0) {
			board_poll_input(vm);
			test_hooks_poll(vm);
		}
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_SYSTEM_EVENT:
		if (e->system_event.type == RVKVM_SYSTEM_EVENT_SHUTDOWN) {
			bool ok = e->system_event.data[0] == SBI_SRST_REASON_NONE;

			console_printf("rvkvm: %s: guest powered off (%s)\n", vm->name,
				       ok ? "normal" : "system failure");
			return ok ? VMM_STATUS_OK : VMM_STATUS_FAILURE;
		}
		if (e->system_event.type == RVKVM_SYSTEM_EVENT_SUSPEND) {
			/* No wake-up source to wait for on this machine: the next run wakes it at once. */
			console_printf("rvkvm: %s: guest suspended to RAM; rvkvm wakes it\n",
				       vm->name);
			return VMM_STATUS_RUNNING;
		}
		console_printf("rvkvm: %s: guest asked for a reboot; rvkvm ends the VM\n",
			       vm->name);
		return VMM_STATUS_OK;
	case RVKVM_EXIT_RISCV_SBI:
		/* The extensions the VMM owns; the test image's hooks first. */
		if (!test_hooks_sbi(vm, index, e)) {
			sbi_vmm_call(vm, e);
		}
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_RISCV_CSR:
		/* The VMM emulates no CSR (the test image's demo one aside): the guest's illegal instruction. */
		if (!test_hooks_csr(vm, index, e)) {
			e->riscv_csr.action = RVKVM_EXC_ACTION_INJECT;
		}
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_RISCV_EXCEPTION:
		/*
		 * A trap the config routed to the VMM (exc_route): it emulates nothing (the test
		 * image's demos aside), so the guest sees the exception as if it had been delegated.
		 */
		if (!test_hooks_exception(vm, index, e)) {
			e->riscv_exception.action = RVKVM_EXC_ACTION_INJECT;
		}
		return VMM_STATUS_RUNNING;
	case RVKVM_EXIT_MMIO:
		/* board_mmio (above) found no device there. */
		console_printf(
			"rvkvm: %s: vcpu%u: guest %s %u byte(s) at 0x%llx, outside RAM and every "
			"device: VM stopped\n",
			vm->name, index, e->mmio.is_write ? "wrote" : "read", (unsigned)e->mmio.len,
			(unsigned long long)e->mmio.phys_addr);
		return VMM_STATUS_FAULT;
	case RVKVM_EXIT_INTERNAL_ERROR:
		console_printf(
			"rvkvm: %s: vcpu%u: VM stopped: %s at 0x%llx: scause=0x%llx sepc=0x%llx "
			"stval=0x%llx htval=0x%llx htinst=0x%llx\n",
			vm->name, index, internal_error_text(e->internal.suberror),
			(unsigned long long)e->internal.data[5],
			(unsigned long long)e->internal.data[0],
			(unsigned long long)e->internal.data[1],
			(unsigned long long)e->internal.data[2],
			(unsigned long long)e->internal.data[3],
			(unsigned long long)e->internal.data[4]);
		return VMM_STATUS_FAULT;
	default:
		console_printf("rvkvm: %s: unknown exit reason %u: VM stopped\n", vm->name,
			       (unsigned)e->reason);
		return VMM_STATUS_FAULT;
	}
}

static struct vmm_vm vms[VMM_MAX_VMS];
static unsigned nvms;
static struct placement placement;
static unsigned threads_done; /* vCPU and I/O threads of every VM that have returned */

void vmm_thread_done(struct vmm_vm *vm)
{
	/* The VM's last thread hands the host console to a VM still running. */
	if (__atomic_add_fetch(&vm->threads_done, 1, __ATOMIC_ACQ_REL) ==
	    vm->ncpus + vm->io_threads) {
		console_vm_ended(vm->index);
	}
	__atomic_add_fetch(&threads_done, 1, __ATOMIC_RELEASE);
	hart_work_wake_boot();
}

/* What kvmtool's vCPU thread does: run, handle the exit, until the VM ends. */
static void vcpu_thread(void *arg)
{
	struct vmm_vcpu_thread *t = arg;
	struct vmm_vm *vm = t->vm;
	struct rvkvm_vcpu *vcpu = vm->vcpus[t->index];
	struct rvkvm_exit *exit = rvkvm_vcpu_exit(vcpu); /* the vCPU's one exit record */

	/* Relaxed: once per exit; the acquire (for what ended the VM) is taken once, at the end. */
	while (__atomic_load_n(&vm->status, __ATOMIC_RELAXED) == VMM_STATUS_RUNNING) {
		int status;

		if (rvkvm_vcpu_run(vcpu) != 0) {
			vm_end(vm, VMM_STATUS_FAULT);
			break;
		}
		status = vmm_handle_exit(vm, t->index, exit);
		if (status != VMM_STATUS_RUNNING) {
			vm_end(vm, status);
		}
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	vmm_thread_done(vm);
}

/*
 * Starts every vCPU thread on the hart placement gave it, and each VM's I/O threads after them.
 * Returns when every thread of every VM has returned.
 */
static void run_threads(void)
{
	unsigned total = placement.total;

	for (unsigned v = 0; v < nvms; v++) {
		struct vmm_vm *vm = &vms[v];

		for (unsigned i = 0; i < vm->ncpus; i++) {
			unsigned hart = placement.hart[v][i];

			vm->threads[i] = (struct vmm_vcpu_thread){ vm, i };
			/* A scheduler thread: the hart is where it starts, the core may move it. */
			if (!hart_work_start(hart, vcpu_thread, &vm->threads[i])) {
				console_printf("rvkvm: %s: no thread for vCPU %u\n", vm->name, i);
				vm_end(vm, VMM_STATUS_FAULT);
				vmm_thread_done(vm);
			}
		}
		/* One that could not start counts as done, so the VM can still end. */
		total += vm->io_threads;
		for (unsigned i = board_start(vm, vm->ncpus); i < vm->io_threads; i++) {
			vmm_thread_done(vm);
		}
	}
	hart_work_wait(&threads_done, total);
}

/*
 * Keyboard input arrived (the host UART's interrupt): vCPU 0 of each running VM exits to its
 * thread, which moves the input into the VM's UART or virtio console (board_poll_input). A VM
 * waiting for an interrupt is woken so, not by polling: its vCPUs sleep until something happens.
 */
static void input_arrived(void *arg)
{
	(void)arg;
	for (unsigned v = 0; v < nvms; v++) {
		if (__atomic_load_n(&vms[v].status, __ATOMIC_ACQUIRE) == VMM_STATUS_RUNNING) {
			rvkvm_vcpu_kick(vms[v].vcpus[0]);
		}
	}
}

/* How bad a VM's end is, for the run's status: ok < failure < fault. */
static int severity(int status)
{
	switch (status) {
	case VMM_STATUS_OK:
		return 0;
	case VMM_STATUS_FAILURE:
		return 1;
	default:
		return 2;
	}
}

static const char *outcome(int status)
{
	switch (status) {
	case VMM_STATUS_OK:
		return "powered off normally";
	case VMM_STATUS_FAILURE:
		return "reported failure";
	default:
		return "stopped by rvkvm for a fault";
	}
}

/* Every config first: the VMs must fit the harts together before any of them is built. */
static int read_configs(const uint8_t *bundle, size_t size, const struct rvkvm_caps *caps)
{
	static const char *names[VMM_MAX_VMS];
	unsigned ncpus[VMM_MAX_VMS];
	bool framed = false;
	int rc;

	if ((rc = vmm_bundle_vms(bundle, size, &nvms)) != 0) {
		return rc;
	}
	for (unsigned v = 0; v < nvms; v++) {
		if ((rc = vmm_read_config(&vms[v], v, bundle, size)) != 0) {
			return rc;
		}
		for (unsigned w = 0; w < v; w++) {
			if (lib_strcmp(vms[w].name, vms[v].name) == 0) {
				console_printf("rvkvm: vm%u and vm%u are both named '%s'\n", w, v,
					       vms[v].name);
				return VMM_STATUS_BAD_INPUT;
			}
		}
		ncpus[v] = vms[v].ncpus;
		names[v] = vms[v].name;
		framed = framed || vms[v].cfg.log;
	}
	if (placement_assign(ncpus, nvms, caps->nr_harts, &placement) != 0) {
		console_printf("rvkvm: %u VMs with %u vCPUs in all are more than rvkvm can place\n",
			       nvms, placement.total);
		return VMM_STATUS_BAD_INPUT;
	}
	if (!console_setup_vms(nvms, names, framed || nvms > 1)) {
		console_printf("rvkvm: the console cannot take %u VMs\n", nvms);
		return VMM_STATUS_BAD_INPUT;
	}
	return 0;
}

int vmm_main(const uint8_t *bundle, size_t size)
{
	struct rvkvm_caps caps;
	int rc, worst = VMM_STATUS_OK;

	rvkvm_get_caps(&caps);
	if ((rc = read_configs(bundle, size, &caps)) != 0) {
		return rc;
	}
	for (unsigned v = 0; v < nvms; v++) {
		if ((rc = vmm_build_vm(&vms[v], bundle, size, &caps)) != 0) {
			return rc;
		}
		vms[v].status = VMM_STATUS_RUNNING;
	}
	/* With several VMs, say where each one is: which harts, and where its RAM is on the host. */
	for (unsigned v = 0; v < nvms && nvms > 1; v++) {
		const struct vmm_vm *vm = &vms[v];

		console_printf("rvkvm: %s: RAM at host 0x%llx-0x%llx, vCPUs on harts %u-%u\n",
			       vm->name, (unsigned long long)vm->ram_host,
			       (unsigned long long)(vm->ram_host + vm->cfg.mem_size - 1),
			       placement.hart[v][0], placement.hart[v][vm->ncpus - 1]);
	}
	if (!console_set_input_notify(input_arrived, NULL)) {
		console_printf(
			"rvkvm: the host UART has no interrupt: console input is seen only while "
			"vCPU 0 runs\n");
	}
	run_threads();
	console_set_input_notify(NULL, NULL);
	for (unsigned v = 0; v < nvms; v++) {
		uint64_t before = rvkvm_free_memory();

		if (vms[v].cfg.stats) {
			vmm_print_stats(&vms[v]);
		}
		/* Every thread has returned: the VM goes, and its memory back to the core. */
		if (rvkvm_destroy_vm(vms[v].vm) != 0) {
			console_printf("rvkvm: %s: cannot destroy the VM\n", vms[v].name);
		} else if (vms[v].cfg.stats) {
			console_printf("rvkvm: %s: VM destroyed, %llu KiB back to the core\n",
				       vms[v].name,
				       (unsigned long long)((rvkvm_free_memory() - before) >> 10));
		}
		if (severity(vms[v].status) > severity(worst)) {
			worst = vms[v].status;
		}
	}
	/* One line per VM when there are several: the run's status alone does not say which. */
	for (unsigned v = 0; v < nvms && nvms > 1; v++) {
		console_printf("rvkvm: %s: outcome: %s (status %d)\n", vms[v].name,
			       outcome(vms[v].status), vms[v].status);
	}
	return worst;
}
