/* Boot of the hypervisor: discover the platform, set up the core on every hart, run the VMM, power off. */
#include <libfdt.h>

#include "core/arch/riscv/csr.h"
#include "core/core.h"
#include "core/hart.h"
#include "core/hart_work.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "lib/sbi_spec.h"
#include "lib/string.h"
#include "platform/console.h"
#include "platform/discover.h"
#include "platform/drivers/host_blk.h"
#include "platform/drivers/host_plic.h"
#include "platform/drivers/host_rng.h"
#include "platform/drivers/virtio_host.h"
#include "platform/entropy.h"
#include "platform/firmware.h"
#include "platform/poweroff.h"
#include "vmm/vmm.h"

/* The machine rvkvm was given cannot run it (no H extension, no bundle...): bad input, like ./rvkvm run's 2. */
#define EXIT_STATUS_PLATFORM 2
#define HART_ID_LIMIT 64

void boot_main(unsigned long hartid, void *fdt);
void secondary_main(unsigned long hartid);
void secondary_start(void);

extern char __image_start[], __image_end[];

uint8_t hart_stacks[HART_MAX][HART_STACK_SIZE] __attribute__((aligned(16)));
/* Stack top of each started hart by hart id, for a hart the firmware sends to _start (entry.S). */
unsigned long boot_hart_stack[HART_ID_LIMIT];
struct hart harts[HART_MAX];
unsigned hart_count;
static struct platform_info info;

static void set_tp(struct hart *h)
{
	__asm__ volatile("mv tp, %0" : : "r"(h));
}

static void fatal(const char *what)
{
	console_printf("rvkvm: cannot start: %s\n", what);
	poweroff(EXIT_STATUS_PLATFORM);
}

static void print_banner(void)
{
	console_printf("rvkvm: %u hart(s), timebase %u Hz, isa %s\n", info.nharts, info.timebase_freq,
		       info.isa);
	for (unsigned i = 0; i < info.nmem; i++) {
		console_printf("rvkvm: memory 0x%llx-0x%llx\n", (unsigned long long)info.mem[i].base,
			       (unsigned long long)(info.mem[i].base + info.mem[i].size - 1));
	}
	console_printf("rvkvm: extensions: H %s, Sstc %s, Svadu %s; G-stage:", host_caps.has_h ? "yes" : "no",
		       host_caps.has_sstc ? "yes" : "no", host_caps.has_svadu ? "yes" : "no");
	for (unsigned i = 0; i < 3 && host_caps.gstage_modes[i]; i++) {
		console_printf(" %s", host_caps.gstage_modes[i]->name);
	}
	console_printf("; VMID bits %u\n", host_caps.vmid_bits);
	if (info.rng_seed_len) {
		console_printf("rvkvm: guests' rng-seed from the host DT's rng-seed (%u bytes)\n",
			       info.rng_seed_len);
	} else {
		console_printf("rvkvm: guests get no rng-seed: the host DT has none\n");
	}
	if (info.has_uart) {
		console_printf("rvkvm: console uart 0x%llx\n", (unsigned long long)info.uart_base);
	}
	console_printf("rvkvm: host ids mvendorid=0x%lx marchid=0x%lx mimpid=0x%lx\n", host_caps.mvendorid,
		       host_caps.marchid, host_caps.mimpid);
	console_printf("rvkvm: %llu MiB free for guests\n",
		       (unsigned long long)(host_mem_free_bytes(&core_host_mem) >> 20));
}

static void reserve(uint64_t base, uint64_t size)
{
	/* Memory we failed to take out of the allocator could be handed to a guest: stop instead. */
	if (!host_mem_reserve(&core_host_mem, base, size)) {
		fatal("too many reserved memory ranges");
	}
}

static void setup_memory(const void *fdt)
{
	host_mem_init(&core_host_mem);
	for (unsigned i = 0; i < info.nmem; i++) {
		if (!host_mem_add(&core_host_mem, info.mem[i].base, info.mem[i].size)) {
			console_printf("rvkvm: memory range %u ignored\n", i);
		}
	}
	for (unsigned i = 0; i < info.nreserved; i++) {
		reserve(info.reserved[i].base, info.reserved[i].size);
	}
	/* Everything below our image belongs to the firmware; then our image, the DT and the bundle. */
	reserve(0, (uint64_t)(uintptr_t)__image_end);
	reserve((uint64_t)(uintptr_t)fdt, fdt_totalsize(fdt));
	if (info.initrd_end > info.initrd_start) {
		reserve(info.initrd_start, info.initrd_end - info.initrd_start);
	}
}

/* The host devices rvkvm drives itself (platform/drivers/), each said on the console. */
static void probe_host_devices(void)
{
	if (info.has_plic) {
		host_plic_init(&info.plic, info.hartids, info.nharts);
	}
	for (unsigned i = 0; i < info.nvirtio; i++) {
		const struct discover_virtio *v = &info.virtio[i];

		switch (virtio_host_identify(v->base)) {
		case VIRTIO_ID_BLOCK:
			host_blk_probe(v->base, v->irq);
			break;
		case VIRTIO_ID_RNG:
			host_rng_probe(v->base, v->irq);
			break;
		default:
			break;
		}
	}
}

static void start_secondaries(unsigned long boot_hartid)
{
	unsigned next = 1;

	for (unsigned i = 0; i < info.nharts && next < HART_MAX; i++) {
		unsigned long id = info.hartids[i];
		struct hart *h;

		if (id == boot_hartid) {
			continue;
		}
		/* Remote fences name harts in one 64-bit mask based at 0 (core/sbi/rfence.c). */
		if (id >= HART_ID_LIMIT) {
			console_printf("rvkvm: hart %lu not used: hart ids must be below %u\n", id,
				       HART_ID_LIMIT);
			continue;
		}
		h = &harts[next];
		h->index = next;
		h->hartid = id;
		hart_count = ++next;
		__atomic_store_n(&boot_hart_stack[id],
				 (unsigned long)(uintptr_t)(hart_stacks[h->index] + HART_STACK_SIZE),
				 __ATOMIC_RELEASE);
		if (firmware_hart_start(id, (unsigned long)(uintptr_t)secondary_start,
					boot_hart_stack[id]) != 0) {
			console_printf("rvkvm: hart %lu did not start\n", id);
		}
	}
	/* Wait for them: a hart that is up has run core_arch_hart_init. */
	for (unsigned i = 1; i < hart_count; i++) {
		hart_work_wait(&harts[i].online, 1);
	}
	console_printf("rvkvm: %u hart(s) online\n", hart_count);
}

void secondary_main(unsigned long hartid)
{
	struct hart *h = NULL;

	for (unsigned i = 1; i < HART_MAX; i++) {
		if (harts[i].hartid == hartid && harts[i].index == i) {
			h = &harts[i];
		}
	}
	if (!h) {
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	set_tp(h);
	core_arch_hart_init();
	__atomic_store_n(&h->online, 1, __ATOMIC_RELEASE);
	hart_work_wake_boot();
	hart_work_idle();
}

void boot_main(unsigned long hartid, void *fdt)
{
	const char *err;
	int status;

	harts[0].index = 0;
	harts[0].hartid = hartid;
	if (hartid >= HART_ID_LIMIT) {
		fatal("the boot hart's id is 64 or more; rvkvm needs hart ids below 64");
	}
	hart_count = 1;
	set_tp(&harts[0]);
	err = platform_discover(fdt, &info);
	if (err) {
		fatal(err);
	}
	if (info.has_uart) {
		console_use_uart(info.uart_base, info.uart_shift);
	}
	if (info.has_finisher) {
		poweroff_set_finisher(info.finisher_base);
	}
	/* The seed lives on only as the generator's key: nothing reading the DT later finds it. */
	entropy_seed(info.rng_seed, info.rng_seed_len);
	if (info.rng_seed_len) {
		lib_memset(info.rng_seed, 0, info.rng_seed_len);
	}
	lib_memcpy(host_caps.isa, info.isa, sizeof(host_caps.isa));
	lib_memcpy(host_caps.mmu_type, info.mmu_type, sizeof(host_caps.mmu_type) - 1);
	host_caps.has_h = platform_isa_has(info.isa, "h");
	host_caps.has_sstc = platform_isa_has(info.isa, "sstc");
	host_caps.has_svadu = platform_isa_has(info.isa, "svadu");
	host_caps.has_smstateen = platform_isa_has(info.isa, "smstateen");
	host_caps.has_v = platform_isa_has(info.isa, "v");
	host_caps.timebase_freq = info.timebase_freq;
	host_caps.cbom_block_size = info.cbom_block_size;
	host_caps.cboz_block_size = info.cboz_block_size;
	host_caps.mvendorid = firmware_base(SBI_BASE_GET_MVENDORID);
	host_caps.marchid = firmware_base(SBI_BASE_GET_MARCHID);
	host_caps.mimpid = firmware_base(SBI_BASE_GET_MIMPID);
	if (!host_caps.has_h) {
		fatal("the hart has no H extension (riscv,isa lacks 'h')");
	}
	core_arch_probe();
	setup_memory(fdt);
	print_banner();
	probe_host_devices();
	/* Self-test of the HS trap path: a hypervisor bug must be reported, never hang. */
	if (lib_strstr(info.bootargs, "rvkvm.selftest=hs-trap")) {
		console_printf("rvkvm: self-test: ebreak in HS-mode\n");
		__asm__ volatile("ebreak");
	}
	core_arch_init();
	core_arch_hart_init();
	harts[0].online = 1;
	start_secondaries(hartid);
	if (info.initrd_end <= info.initrd_start) {
		fatal("no VM bundle: start QEMU with -initrd BUNDLE (see ./rvkvm run)");
	}
	status = vmm_main((const uint8_t *)(uintptr_t)info.initrd_start,
			  (size_t)(info.initrd_end - info.initrd_start));
	console_printf("rvkvm: all VMs ended, exit status %d\n", status);
	poweroff(status);
}
