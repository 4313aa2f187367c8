/* The VMM: reads the boot bundle, builds each VM (RAM, kernel, initrd, device tree, vCPUs) and runs it. */
#include "vmm/vmm.h"

#include "lib/sbi_spec.h"
#include "lib/string.h"
#include "platform/console.h"
#include "vmm/bundle.h"
#include "vmm/fdt_build.h"
#include "vmm/image.h"
#include "vmm/loader.h"
#include "vmm/machine.h"
#include "vmm/vm_config.h"

#define ISA_EXT_MAX 48

static int bad_input(const char *vm, const char *what, const char *detail)
{
	console_printf("rvkvm: %s: %s%s%s\n", vm, what, detail ? ": " : "", detail ? detail : "");
	return VMM_STATUS_BAD_INPUT;
}

/* Splits a riscv,isa string into the riscv,isa-extensions list: one entry per letter, then each _token. */
static unsigned isa_extensions(char *scratch, size_t size, const char *isa, const char **ext)
{
	unsigned n = 0;
	size_t len = lib_strnlen(isa, size - 1);
	char *p;

	lib_memcpy(scratch, isa, len);
	scratch[len] = '\0';
	if (len < 5) {
		return 0;
	}
	/* Letters go in pairs "x\0" right after the string's own NUL. */
	static char letters[64];
	unsigned nl = 0;

	for (p = scratch + 4; *p && *p != '_' && n < ISA_EXT_MAX && nl + 2 <= sizeof(letters); p++) {
		letters[nl] = *p;
		letters[nl + 1] = '\0';
		ext[n++] = &letters[nl];
		nl += 2;
	}
	while (*p == '_' && n < ISA_EXT_MAX) {
		*p++ = '\0';
		ext[n++] = p;
		while (*p && *p != '_') {
			p++;
		}
	}
	return n;
}

static int build_fdt(const struct vm_config *cfg, const struct rvkvm_caps *caps,
		     const struct load_plan *plan, void *dst)
{
	static char scratch[RVKVM_ISA_MAX];
	const char *ext[ISA_EXT_MAX];
	struct fdt_machine m = {
		.num_cpus = cfg->cpus,
		.isa = caps->isa,
		.mmu_type = caps->mmu_type[0] ? caps->mmu_type : NULL,
		.timebase_freq = caps->timebase_freq,
		.ram_base = MACHINE_RAM_BASE,
		.ram_size = cfg->mem_size,
		.bootargs = cfg->append[0] ? cfg->append : NULL,
		.initrd_start = plan->initrd_gpa,
		.initrd_end = plan->initrd_end,
		.plic_base = MACHINE_PLIC_BASE,
		.plic_size = MACHINE_PLIC_SIZE,
		.plic_num_sources = MACHINE_PLIC_SOURCES - 1,
		.uart_base = MACHINE_UART_BASE,
		.uart_size = MACHINE_UART_SIZE,
		.uart_irq = MACHINE_UART_IRQ,
		.uart_clock = MACHINE_UART_CLOCK,
	};

	m.num_isa_ext = isa_extensions(scratch, sizeof(scratch), caps->isa, ext);
	m.isa_ext = ext;
	return fdt_build(&m, dst, LOADER_FDT_MAX);
}

int vmm_handle_exit(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e)
{
	(void)vcpu;
	switch (e->reason) {
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
		console_printf("rvkvm: %s: guest %s %u byte(s) at 0x%llx, outside RAM and every device: "
			       "VM stopped\n",
			       vm->name, e->mmio.is_write ? "wrote" : "read", e->mmio.len,
			       (unsigned long long)e->mmio.phys_addr);
		return VMM_STATUS_FAULT;
	case RVKVM_EXIT_INTERNAL_ERROR:
		console_printf("rvkvm: %s: VM stopped: %s: scause=0x%llx sepc=0x%llx stval=0x%llx "
			       "htval=0x%llx htinst=0x%llx\n",
			       vm->name,
			       e->internal.suberror == RVKVM_INTERNAL_GUEST_FAULT
				       ? "guest access outside its RAM that is not device I/O"
				       : "trap the core does not handle",
			       (unsigned long long)e->internal.data[0], (unsigned long long)e->internal.data[1],
			       (unsigned long long)e->internal.data[2], (unsigned long long)e->internal.data[3],
			       (unsigned long long)e->internal.data[4]);
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

static int run_vm(const uint8_t *bundle, size_t size)
{
	static struct vm_config cfg;
	struct bundle_file conf, kernel, initrd = { 0 };
	struct image_info img;
	struct rvkvm_caps caps;
	struct rvkvm_vm_params params = { 0 };
	struct rvkvm_memory_region ram = { 0 };
	struct load_plan plan;
	struct rvkvm_vcpu *vcpu;
	struct vmm_vm vm = { .name = "vm0" };
	char err[128];
	const char *msg;
	int rc;

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
	if (cfg.cpus > 1) {
		return bad_input(vm.name, "more than one vCPU is not supported yet", NULL);
	}
	if ((msg = loader_plan(MACHINE_RAM_BASE, cfg.mem_size, &img, initrd.size, &plan)) != NULL) {
		return bad_input(vm.name, msg, NULL);
	}
	params.gstage = cfg.gstage;
	if ((rc = rvkvm_create_vm(&params, &vm.vm)) != 0) {
		return bad_input(vm.name, "cannot create the VM (G-stage mode not offered by the hart?)",
				 cfg.gstage);
	}
	ram.slot = 0;
	ram.guest_phys_addr = MACHINE_RAM_BASE;
	ram.memory_size = cfg.mem_size;
	if (rvkvm_set_memory_region(vm.vm, &ram) != 0) {
		return bad_input(vm.name, "guest RAM does not fit in host memory", NULL);
	}
	uint8_t *host = (uint8_t *)(uintptr_t)ram.userspace_addr;

	lib_memcpy(host + (plan.kernel_gpa - MACHINE_RAM_BASE), kernel.data, kernel.size);
	if (initrd.size) {
		lib_memcpy(host + (plan.initrd_gpa - MACHINE_RAM_BASE), initrd.data, initrd.size);
	}
	if ((rc = build_fdt(&cfg, &caps, &plan, host + (plan.fdt_gpa - MACHINE_RAM_BASE))) != 0) {
		return bad_input(vm.name, "cannot build the device tree", NULL);
	}
	if (rvkvm_create_vcpu(vm.vm, 0, &vcpu) != 0 ||
	    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_PC, plan.kernel_gpa) != 0 ||
	    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(10), 0) != 0 ||
	    set_reg(vcpu, RVKVM_REG_RISCV_CORE_INDEX_X(11), plan.fdt_gpa) != 0) {
		return bad_input(vm.name, "cannot create vCPU 0", NULL);
	}
	console_printf("rvkvm: %s: %u vCPU, %llu MiB, kernel at 0x%llx (%zu bytes), G-stage %s\n", vm.name,
		       cfg.cpus, (unsigned long long)(cfg.mem_size >> 20),
		       (unsigned long long)plan.kernel_gpa, kernel.size,
		       cfg.gstage[0] ? cfg.gstage : caps.gstage_max);
	vm.status = VMM_STATUS_RUNNING;
	while (vm.status == VMM_STATUS_RUNNING) {
		if (rvkvm_vcpu_run(vcpu) != 0) {
			vm.status = VMM_STATUS_FAULT;
			break;
		}
		vm.status = vmm_handle_exit(&vm, vcpu, rvkvm_vcpu_exit(vcpu));
	}
	return vm.status;
}

int vmm_main(const uint8_t *bundle, size_t size)
{
	return run_vm(bundle, size);
}
