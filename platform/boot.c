/* SPDX-License-Identifier: Apache-2.0 */
/* Boot of the hypervisor: discover the platform, set up the core on every hart, run the VMM, power off. */
#include <libfdt.h>

#include "core/core.h"
#include "lib/sbi_spec.h"
#include "lib/string.h"
#include "lib/virtio_spec.h"
#include "platform/boot.h"
#include "platform/console.h"
#include "platform/discover.h"
#include "platform/drivers/host_blk.h"
#include "platform/drivers/host_net.h"
#include "platform/drivers/host_plic.h"
#include "platform/drivers/host_rng.h"
#include "platform/drivers/virtio_host.h"
#include "platform/entropy.h"
#include "platform/firmware.h"
#include "platform/poweroff.h"
#include "platform/selftest.h"
#include "vmm/vmm.h"

/* The machine rvkvm was given cannot run it (no H extension, no bundle...): bad input, like ./rvkvm run's 2. */
#define EXIT_STATUS_PLATFORM 2

void boot_main(unsigned long hartid, void *fdt);
void secondary_main(unsigned long hartid);
void secondary_start(void);

extern char __image_start[], __image_end[];

/* Each hart's own stack, by the core's index of the hart: the boot hart's is the first. */
uint8_t hart_stacks[CORE_HART_MAX][BOOT_STACK_SIZE] __attribute__((aligned(16)));
/* Stack top of each started hart by hart id, for a hart the firmware sends to _start (entry.S). */
unsigned long boot_hart_stack[CORE_HARTID_LIMIT];
static struct platform_info info;
/* The RAM that is not the core's: the DT's reserved ranges, then the firmware, our image, the DT, the bundle. */
static struct core_range reserved[DISCOVER_MAX_RANGES + 3];
static struct core_range mem[DISCOVER_MAX_RANGES];

static void fatal(const char *what)
{
	console_printf("rvkvm: cannot start: %s\n", what);
	poweroff(EXIT_STATUS_PLATFORM);
}

/* What the platform found; the core says what it makes of it (core_init). */
static void print_banner(const struct core_machine *m)
{
	console_printf("rvkvm: %u hart(s), timebase %u Hz, isa %s\n", info.nharts,
		       (unsigned)info.timebase_freq, info.isa);
	for (unsigned i = 0; i < info.nmem; i++) {
		console_printf("rvkvm: memory 0x%llx-0x%llx\n",
			       (unsigned long long)info.mem[i].base,
			       (unsigned long long)(info.mem[i].base + info.mem[i].size - 1));
	}
	if (info.rng_seed_len) {
		console_printf("rvkvm: guests' rng-seed from the host DT's rng-seed (%u bytes)\n",
			       info.rng_seed_len);
	} else {
		console_printf("rvkvm: guests get no rng-seed: the host DT has none\n");
	}
	if (info.has_uart) {
		console_printf("rvkvm: console uart 0x%llx\n", (unsigned long long)info.uart_base);
	}
	console_printf("rvkvm: host ids mvendorid=0x%lx marchid=0x%lx mimpid=0x%lx\n", m->mvendorid,
		       m->marchid, m->mimpid);
}

static void add_reserved(struct core_machine *m, uint64_t base, uint64_t size)
{
	reserved[m->nreserved++] = (struct core_range){ base, size };
}

/* The one description of the machine the core gets. */
static void describe(struct core_machine *m, const void *fdt)
{
	*m = (struct core_machine){
		.isa = info.isa,
		.mmu_type = info.mmu_type,
		.has_h = platform_isa_has(info.isa, "h"),
		.has_sstc = platform_isa_has(info.isa, "sstc"),
		.has_svadu = platform_isa_has(info.isa, "svadu"),
		.has_smstateen = platform_isa_has(info.isa, "smstateen"),
		.has_v = platform_isa_has(info.isa, "v"),
		.timebase_freq = info.timebase_freq,
		.cbom_block_size = info.cbom_block_size,
		.cboz_block_size = info.cboz_block_size,
		.mvendorid = firmware_base(SBI_BASE_GET_MVENDORID),
		.marchid = firmware_base(SBI_BASE_GET_MARCHID),
		.mimpid = firmware_base(SBI_BASE_GET_MIMPID),
		.mem = mem,
		.nmem = info.nmem,
		.reserved = reserved,
	};
	for (unsigned i = 0; i < info.nmem; i++) {
		mem[i] = (struct core_range){ info.mem[i].base, info.mem[i].size };
	}
	for (unsigned i = 0; i < info.nreserved; i++) {
		add_reserved(m, info.reserved[i].base, info.reserved[i].size);
	}
	/* Everything below our image belongs to the firmware; then our image, the DT and the bundle. */
	add_reserved(m, 0, (uint64_t)(uintptr_t)__image_end);
	add_reserved(m, (uint64_t)(uintptr_t)fdt, fdt_totalsize(fdt));
	if (info.initrd_end > info.initrd_start) {
		add_reserved(m, info.initrd_start, info.initrd_end - info.initrd_start);
	}
}

/* The host devices rvkvm drives itself (platform/drivers/), each said on the console. */
static void probe_host_devices(void)
{
	if (info.has_plic) {
		host_plic_init(&info.plic, info.hartids, info.nharts);
		if (info.has_uart) {
			console_input_interrupts(info.uart_irq);
		}
	}
	for (unsigned i = 0; i < info.nvirtio; i++) {
		const struct discover_virtio *v = &info.virtio[i];

		switch (virtio_host_identify(v->base)) {
		case VIRTIO_ID_BLOCK:
			host_blk_probe(v->base, v->irq, info.timebase_freq);
			break;
		case VIRTIO_ID_RNG:
			host_rng_probe(v->base, v->irq);
			break;
		case VIRTIO_ID_NET:
			host_net_probe(v->base, v->irq);
			break;
		default:
			break;
		}
	}
}

static void start_secondaries(unsigned long boot_hartid)
{
	for (unsigned i = 0; i < info.nharts; i++) {
		unsigned long id = info.hartids[i];
		int index;

		if (id == boot_hartid) {
			continue;
		}
		if (id >= CORE_HARTID_LIMIT) {
			console_printf("rvkvm: hart %lu not used: hart ids must be below %u\n", id,
				       CORE_HARTID_LIMIT);
			continue;
		}
		index = core_hart_add(id);
		if (index < 0) {
			break;
		}
		__atomic_store_n(&boot_hart_stack[id],
				 (unsigned long)(uintptr_t)(hart_stacks[index] + BOOT_STACK_SIZE),
				 __ATOMIC_RELEASE);
		if (firmware_hart_start(id, (unsigned long)(uintptr_t)secondary_start,
					boot_hart_stack[id]) != 0) {
			console_printf("rvkvm: hart %lu did not start\n", id);
		}
	}
	console_printf("rvkvm: %u hart(s) online\n", core_harts_wait_online());
}

void secondary_main(unsigned long hartid)
{
	core_hart_main(hartid);
}

void boot_main(unsigned long hartid, void *fdt)
{
	struct core_machine machine;
	const char *err;
	int status;

	core_boot_hart(hartid);
	if (hartid >= CORE_HARTID_LIMIT) {
		fatal("the boot hart's id is 64 or more; rvkvm needs hart ids below 64");
	}
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
	describe(&machine, fdt);
	print_banner(&machine);
	err = core_init(&machine);
	if (err) {
		fatal(err);
	}
	probe_host_devices();
	selftest_run(info.bootargs, hartid, info.timebase_freq);
	start_secondaries(hartid);
	if (info.initrd_end <= info.initrd_start) {
		fatal("no VM bundle: start QEMU with -initrd BUNDLE (see ./rvkvm run)");
	}
	status = vmm_main((const uint8_t *)(uintptr_t)info.initrd_start,
			  (size_t)(info.initrd_end - info.initrd_start));
	console_printf("rvkvm: all VMs ended, exit status %d\n", status);
	poweroff(status);
}
