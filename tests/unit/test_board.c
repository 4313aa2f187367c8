/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the board's table of device models: where board_layout places each model's
 * instances (and what it refuses), the device-tree node each model writes (parsed back with
 * libfdt), and that board_init and board_mmio send every guest access to the right model. Over
 * the fake core (tests/fakes/fake_core.h), with the test image's table (the test device too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "tests/fakes/fake_console.h"
#include "tests/fakes/fake_core.h"
#include "tests/fakes/fake_guest_mem.h"
#include "vmm/board_layout.h"
#include "vmm/devices/plic.h"
#include "vmm/devices/testdev.h"
#include "vmm/devices/uart16550.h"
#include "vmm/devices/virtio_mmio.h"
#include "vmm/machine.h"
#include "vmm/virtio_board.h"
#include "vmm/vmm.h"

#define NCPUS 2
#define SLOT(i) (MACHINE_VIRTIO_BASE + (uint64_t)(i)*MACHINE_VIRTIO_STRIDE)
#define BLOB_SIZE (64 * 1024)

static struct board_layout layout;
static char err[128];
static uint8_t blob[BLOB_SIZE];
static struct vmm_vm vm;

static struct vm_config config(unsigned disks, bool rng, bool hvc)
{
	struct vm_config cfg;

	vm_config_defaults(&cfg);
	cfg.cpus = NCPUS;
	cfg.disks = disks;
	cfg.rng = rng;
	cfg.hvc = hvc;
	return cfg;
}

static void layout_ok(const struct vm_config *cfg)
{
	if (board_layout(cfg, board_models, board_num_models, &layout, err, sizeof(err)) != 0) {
		fail_msg("board_layout: %s", err);
	}
}

/* The placed device of model `name`, instance index, or NULL. */
static const struct board_place *placed(const char *name, unsigned index)
{
	for (unsigned i = 0; i < layout.count; i++) {
		if (strcmp(layout.dev[i].model->name, name) == 0 && layout.dev[i].index == index) {
			return &layout.dev[i];
		}
	}
	return NULL;
}

static void assert_placed(const char *name, unsigned index, uint64_t base, uint64_t size,
			  unsigned irq)
{
	const struct board_place *d = placed(name, index);

	if (!d) {
		fail_msg("%s %u not placed", name, index);
	}
	assert_int_equal(d->base, base);
	assert_int_equal(d->size, size);
	assert_int_equal(d->irq, irq);
}

/* --- placement ------------------------------------------------------------------------------ */

/* The machine map of vmm/machine.h, whatever the config: the fixed devices where QEMU virt has them. */
static void test_layout_fixed_devices(void **state)
{
	struct vm_config cfg = config(0, false, false);

	(void)state;
	layout_ok(&cfg);
	assert_int_equal(layout.count, 3);
	assert_int_equal(layout.virtio_slots, 0);
	assert_placed("plic", 0, MACHINE_PLIC_BASE, MACHINE_PLIC_SIZE, 0);
	assert_placed("uart16550", 0, MACHINE_UART_BASE, MACHINE_UART_SIZE, MACHINE_UART_IRQ);
	assert_placed("testdev", 0, MACHINE_TESTDEV_BASE, TESTDEV_WINDOW_SIZE, 0);
	/* The interrupt controller comes first: every line goes through it. */
	assert_non_null(layout.dev[0].model->set_line);
}

/* Virtio slots in table order: the disks in order, the entropy device, the console. */
static void test_layout_virtio_slots(void **state)
{
	struct vm_config cfg = config(VM_CONFIG_MAX_DISKS, true, true);

	(void)state;
	layout_ok(&cfg);
	assert_int_equal(layout.virtio_slots, MACHINE_VIRTIO_SLOTS);
	for (unsigned i = 0; i < VM_CONFIG_MAX_DISKS; i++) {
		assert_placed("virtio-blk", i, SLOT(i), MACHINE_VIRTIO_STRIDE,
			      MACHINE_VIRTIO_IRQ_BASE + i);
	}
	assert_placed("virtio-rng", 0, SLOT(6), MACHINE_VIRTIO_STRIDE, MACHINE_VIRTIO_IRQ_BASE + 6);
	assert_placed("virtio-console", 0, SLOT(7), MACHINE_VIRTIO_STRIDE,
		      MACHINE_VIRTIO_IRQ_BASE + 7);

	/* Without disks the next device takes slot 0. */
	cfg = config(0, false, true);
	layout_ok(&cfg);
	assert_placed("virtio-console", 0, SLOT(0), MACHINE_VIRTIO_STRIDE, MACHINE_VIRTIO_IRQ_BASE);
	assert_null(placed("virtio-rng", 0));
	assert_null(placed("virtio-blk", 0));
}

/* Every config the parser accepts: no two windows overlap, no two devices share a line. */
static void test_layout_never_overlaps(void **state)
{
	(void)state;
	for (unsigned disks = 0; disks <= VM_CONFIG_MAX_DISKS; disks++) {
		for (unsigned extra = 0; extra < 4; extra++) {
			struct vm_config cfg = config(disks, extra & 1, extra & 2);

			layout_ok(&cfg);
			assert_int_equal(layout.count, 3 + disks + (extra & 1) + (extra >> 1));
			for (unsigned a = 0; a < layout.count; a++) {
				const struct board_place *x = &layout.dev[a];

				assert_true(x->irq < MACHINE_PLIC_SOURCES);
				for (unsigned b = a + 1; b < layout.count; b++) {
					const struct board_place *y = &layout.dev[b];

					assert_true(x->base + x->size <= y->base ||
						    y->base + y->size <= x->base);
					assert_true(x->irq == 0 || x->irq != y->irq);
				}
			}
		}
	}
}

/* Models of the test's own, for what board_layout refuses. */
static unsigned two(const struct vm_config *cfg)
{
	(void)cfg;
	return 2;
}

static unsigned nine(const struct vm_config *cfg)
{
	(void)cfg;
	return 9;
}

static const struct vmm_device_model fixed_a = {
	.name = "fixed-a",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = 0x1000,
	.size = 0x1000,
	.irq = 5,
};
static const struct vmm_device_model fixed_b_overlaps_a = {
	.name = "fixed-b",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = 0x1fff,
	.size = 0x10,
};
static const struct vmm_device_model fixed_c_irq5 = {
	.name = "fixed-c",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = 0x8000,
	.size = 0x10,
	.irq = 5,
};
static const struct vmm_device_model fixed_twice = {
	.name = "twice",
	.count = two,
	.max = 2,
	.place = VMM_PLACE_FIXED,
	.base = 0x9000,
	.size = 0x10,
};
static const struct vmm_device_model bad_irq = {
	.name = "bad-irq",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = 0x9000,
	.size = 0x10,
	.irq = MACHINE_PLIC_SOURCES,
};
static const struct vmm_device_model empty = {
	.name = "empty",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = 0x9000,
};
static const struct vmm_device_model wraps = {
	.name = "wraps",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = UINT64_MAX - 0xf,
	.size = 0x20,
};
static const struct vmm_device_model virtio_nine = {
	.name = "virtio-nine",
	.count = nine,
	.max = 9,
	.place = VMM_PLACE_VIRTIO,
	.size = MACHINE_VIRTIO_STRIDE,
};
static const struct vmm_device_model virtio_too_big = {
	.name = "virtio-big",
	.max = 1,
	.place = VMM_PLACE_VIRTIO,
	.size = MACHINE_VIRTIO_STRIDE + 1,
};
static const struct vmm_device_model virtio_at_uart = {
	.name = "virtio-at-uart",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = MACHINE_VIRTIO_BASE - 0x10,
	.size = 0x20,
};

static void expect_refused(const struct vmm_device_model *const *models, unsigned n,
			   const char *why)
{
	struct vm_config cfg = config(0, false, false);

	assert_int_equal(board_layout(&cfg, models, n, &layout, err, sizeof(err)), -1);
	if (!strstr(err, why)) {
		fail_msg("refused with '%s', not '%s'", err, why);
	}
}

static void test_layout_refuses(void **state)
{
	const struct vmm_device_model *overlap[] = { &fixed_a, &fixed_b_overlaps_a };
	const struct vmm_device_model *shared[] = { &fixed_a, &fixed_c_irq5 };
	const struct vmm_device_model *same_twice[] = { &fixed_twice };
	const struct vmm_device_model *irq[] = { &bad_irq };
	const struct vmm_device_model *none[] = { &empty };
	const struct vmm_device_model *wrap[] = { &wraps };
	const struct vmm_device_model *slots[] = { &virtio_nine };
	const struct vmm_device_model *big[] = { &virtio_too_big };
	const struct vmm_device_model *before_slots[] = { &fixed_a, &virtio_at_uart, &virtio_nine };
	struct vm_config cfg = config(VM_CONFIG_MAX_DISKS + 1, false, false);

	(void)state;
	expect_refused(overlap, 2, "fixed-a and fixed-b overlap at 0x1fff");
	expect_refused(shared, 2, "fixed-a and fixed-c share interrupt 5");
	expect_refused(same_twice, 1, "twice and twice overlap");
	expect_refused(irq, 1, "bad-irq: interrupt 96");
	expect_refused(none, 1, "empty: empty or wrapping window");
	expect_refused(wrap, 1, "wraps: empty or wrapping window");
	expect_refused(slots, 1, "more virtio devices than the machine's 8 slots");
	expect_refused(big, 1, "virtio-big: window larger than a virtio slot");
	/* A fixed window reaching into slot 0 collides with the first virtio device. */
	expect_refused(before_slots, 3, "virtio-at-uart and virtio-nine overlap at 0x10001000");
	assert_int_equal(
		board_layout(&cfg, board_models, board_num_models, &layout, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "7 virtio-blk devices, at most 6"));
}

/* More windows than the board (bus) has, none overlapping: refused all the same. */
static void test_layout_refuses_too_many(void **state)
{
	static struct vmm_device_model crowd[BOARD_MAX_DEVICES + 1];
	const struct vmm_device_model *models[BOARD_MAX_DEVICES + 1];
	struct vm_config cfg = config(0, false, false);

	(void)state;
	for (unsigned i = 0; i <= BOARD_MAX_DEVICES; i++) {
		crowd[i] = (struct vmm_device_model){ .name = "crowd",
						      .max = 1,
						      .place = VMM_PLACE_FIXED,
						      .base = 0x1000 * (i + 1),
						      .size = 0x1000 };
		models[i] = &crowd[i];
	}
	assert_int_equal(board_layout(&cfg, models, BOARD_MAX_DEVICES, &layout, err, sizeof(err)),
			 0);
	assert_int_equal(layout.count, BOARD_MAX_DEVICES);
	assert_int_equal(
		board_layout(&cfg, models, BOARD_MAX_DEVICES + 1, &layout, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 16 devices"));
}

/* --- device-tree nodes ---------------------------------------------------------------------- */

static int node(const char *path)
{
	int off = fdt_path_offset(blob, path);

	if (off < 0) {
		fail_msg("node %s missing: %s", path, fdt_strerror(off));
	}
	return off;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const uint8_t *prop(int off, const char *name, int want_len)
{
	int len;
	const uint8_t *p = fdt_getprop(blob, off, name, &len);

	if (!p) {
		fail_msg("property %s missing", name);
	}
	assert_int_equal(len, want_len);
	return p;
}

static uint32_t prop_u32(int off, const char *name)
{
	return be32(prop(off, name, 4));
}

static void assert_reg(int off, uint64_t base, uint64_t size)
{
	const uint8_t *p = prop(off, "reg", 16);

	assert_int_equal((uint64_t)be32(p) << 32 | be32(p + 4), base);
	assert_int_equal((uint64_t)be32(p + 8) << 32 | be32(p + 12), size);
}

/* The tree for cfg, as vm_build.c builds it: the machine, then the board's nodes. */
static void build_tree(const struct vm_config *cfg)
{
	static const char *const ext[] = { "i", "m", "a" };
	struct fdt_device nodes[BOARD_MAX_DEVICES];
	struct fdt_machine m = {
		.num_cpus = cfg->cpus,
		.isa = "rv64ima",
		.isa_ext = ext,
		.num_isa_ext = 3,
		.timebase_freq = 10000000,
		.ram_base = MACHINE_RAM_BASE,
		.ram_size = cfg->mem_size,
	};

	layout_ok(cfg);
	m.devices = nodes;
	m.num_devices = board_layout_fdt(&layout, nodes, &m.stdout_device);
	assert_int_equal(fdt_build(&m, blob, sizeof(blob)), 0);
}

static void test_fdt_nodes_per_model(void **state)
{
	static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	struct vm_config cfg = config(2, true, true);
	const uint8_t *ext;
	int plic, uart, off, len;
	char path[64];

	(void)state;
	build_tree(&cfg);

	plic = node("/soc/plic@c000000");
	assert_int_equal(fdt_stringlist_count(blob, plic, "compatible"), 2);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(fdt_stringlist_get(blob, plic, "compatible", i, NULL),
				    plic_compat[i]);
	}
	assert_reg(plic, MACHINE_PLIC_BASE, MACHINE_PLIC_SIZE);
	assert_non_null(fdt_getprop(blob, plic, "interrupt-controller", &len));
	assert_int_equal(prop_u32(plic, "riscv,ndev"), MACHINE_PLIC_SOURCES - 1);
	assert_int_equal(fdt_get_phandle(blob, plic), FDT_BUILD_PHANDLE_IRQCHIP);
	assert_null(fdt_getprop(blob, plic, "interrupts", &len));
	ext = prop(plic, "interrupts-extended", 8 * NCPUS);
	for (unsigned i = 0; i < NCPUS; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%x/interrupt-controller", i);
		assert_int_equal(fdt_node_offset_by_phandle(blob, be32(ext + 8 * i)), node(path));
		assert_int_equal(be32(ext + 8 * i + 4), 9);
	}

	uart = node("/soc/serial@10000000");
	assert_string_equal(fdt_getprop(blob, uart, "compatible", &len), "ns16550a");
	assert_reg(uart, MACHINE_UART_BASE, MACHINE_UART_SIZE);
	assert_int_equal(prop_u32(uart, "clock-frequency"), MACHINE_UART_CLOCK);
	assert_int_equal(prop_u32(uart, "interrupts"), MACHINE_UART_IRQ);
	assert_int_equal(fdt_node_offset_by_phandle(blob, prop_u32(uart, "interrupt-parent")),
			 plic);
	assert_string_equal(fdt_getprop(blob, node("/chosen"), "stdout-path", &len),
			    "/soc/serial@10000000");

	/* Two disks, the entropy device, the console: slots 0..3, and nothing in slot 4. */
	for (unsigned i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "/soc/virtio_mmio@%llx", (unsigned long long)SLOT(i));
		off = node(path);
		assert_string_equal(fdt_getprop(blob, off, "compatible", &len), "virtio,mmio");
		assert_reg(off, SLOT(i), MACHINE_VIRTIO_STRIDE);
		assert_int_equal(prop_u32(off, "interrupts"), MACHINE_VIRTIO_IRQ_BASE + i);
		assert_int_equal(
			fdt_node_offset_by_phandle(blob, prop_u32(off, "interrupt-parent")), plic);
	}
	assert_int_equal(fdt_path_offset(blob, "/soc/virtio_mmio@10005000"), -FDT_ERR_NOTFOUND);

	/* The test device has no node: /soc holds plic, serial and the 4 slots, nothing else. */
	len = 0;
	fdt_for_each_subnode(off, blob, node("/soc"))
	{
		len++;
	}
	assert_int_equal(len, 2 + 4);
	assert_int_equal(fdt_node_offset_by_compatible(blob, -1, TESTDEV_COMPATIBLE),
			 -FDT_ERR_NOTFOUND);
}

/* --- the board built, and its dispatch -------------------------------------------------------- */

static int setup_vm(void **state)
{
	(void)state;
	fake_core_reset();
	fake_console_reset();
	fake_guest_mem_reset();
	fake_core.host_devices = true;
	memset(&vm, 0, sizeof(vm));
	vm.name = "boardvm";
	vm.index = 1;
	vm.ncpus = NCPUS;
	assert_int_equal(rvkvm_create_vm(NULL, &vm.vm), 0);
	for (unsigned i = 0; i < NCPUS; i++) {
		vm.vcpus[i] = fake_core_vcpu(i);
	}
	vm.cfg = config(2, true, true);
	vm.cfg.mem_size = FAKE_RAM_SIZE;
	vm.ram_host = (uint64_t)(uintptr_t)fake_ram;
	/* As vm_build sets it, without the core's present hook: the fake RAM is all there. */
	vm.guest_mem = (struct guest_mem){ .base = FAKE_RAM_BASE,
					   .size = FAKE_RAM_SIZE,
					   .host = (uint8_t *)fake_ram };
	vm.status = VMM_STATUS_RUNNING;
	assert_int_equal(board_init(&vm), 0);
	return 0;
}

static int teardown_vm(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NCPUS; i++) {
		free(vm.vcpus[i]);
	}
	free(vm.vm);
	return 0;
}

static struct rvkvm_exit access(uint64_t gpa, unsigned len, bool write, uint64_t data)
{
	struct rvkvm_exit e;

	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_MMIO;
	e.mmio.phys_addr = gpa;
	e.mmio.len = len;
	e.mmio.is_write = write;
	rvkvm_mmio_set_data(&e, data);
	return e;
}

static uint64_t read_ok(uint64_t gpa, unsigned len)
{
	struct rvkvm_exit e = access(gpa, len, false, 0xdeadbeefdeadbeefull);

	assert_true(board_mmio(&vm, &e));
	return rvkvm_mmio_data(&e);
}

static bool nobody(uint64_t gpa, unsigned len)
{
	struct rvkvm_exit e = access(gpa, len, false, 0);

	return !board_mmio(&vm, &e);
}

/* The devices board_init built, in table order, each on the bus at its place. */
static void test_board_builds_table(void **state)
{
	static const char *const order[] = { "plic",          "uart16550",  "testdev",
					     "virtio-blk",    "virtio-blk", "virtio-rng",
					     "virtio-console" };

	(void)state;
	assert_int_equal(vm.ndevices, 7);
	for (unsigned i = 0; i < vm.ndevices; i++) {
		const struct vmm_device *d = &vm.devices[i];

		assert_string_equal(d->model->name, order[i]);
		assert_non_null(d->bus);
		assert_int_equal(d->bus->base, d->base);
		assert_int_equal(d->bus->size, d->size);
		/* Models without a lock of their own run under the board's. */
		assert_ptr_equal(d->bus->lock, d->model->own_lock ? NULL : &vm.board_lock);
	}
	assert_ptr_equal(vm.irqchip, &vm.devices[0]);
	assert_int_equal(vm.io_threads, 4);
	assert_int_equal(vm.devices[4].index, 1);
	/* The test device's doorbell, then each virtio slot's QueueNotify. */
	assert_int_equal(vm.vm->nioevents, 5);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(vm.vm->ioevent[1 + i].addr, SLOT(i) + VIRTIO_MMIO_QUEUE_NOTIFY);
	}
	/* One I/O thread per virtio device (the fake starts none, so none counts as started). */
	assert_int_equal(board_start(&vm, NCPUS), 0);
	assert_int_equal(fake_core.threads_started, 4);
}

/* Each window's accesses reach its own model, counted against it alone. */
static void test_board_mmio_dispatch(void **state)
{
	static const uint32_t ids[] = { VIRTIO_ID_BLOCK, VIRTIO_ID_BLOCK, VIRTIO_ID_ENTROPY,
					VIRTIO_ID_CONSOLE };
	struct rvkvm_exit e;

	(void)state;
	/* UART: LSR says the transmitter is empty. */
	assert_int_equal(read_ok(MACHINE_UART_BASE + UART16550_LSR, 1), 0x60);
	/* PLIC: a priority written reads back. */
	e = access(MACHINE_PLIC_BASE + PLIC_PRIORITY_BASE + 4 * 3, 4, true, 5);
	assert_true(board_mmio(&vm, &e));
	assert_int_equal(read_ok(MACHINE_PLIC_BASE + PLIC_PRIORITY_BASE + 4 * 3, 4), 5);
	/* The test device's scratch register. */
	e = access(MACHINE_TESTDEV_BASE, 8, true, 0x1122334455667788ull);
	assert_true(board_mmio(&vm, &e));
	assert_int_equal(read_ok(MACHINE_TESTDEV_BASE + 4, 4), 0x11223344);
	/* Each virtio slot answers with its own device's id. */
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(read_ok(SLOT(i) + VIRTIO_MMIO_MAGIC, 4), VIRTIO_MMIO_MAGIC_VALUE);
		assert_int_equal(read_ok(SLOT(i) + VIRTIO_MMIO_DEVICE_ID, 4), ids[i]);
	}
	assert_int_equal(vm.devices[0].bus->accesses, 2); /* plic */
	assert_int_equal(vm.devices[1].bus->accesses, 1); /* uart */
	assert_int_equal(vm.devices[2].bus->accesses, 2); /* testdev */
	for (unsigned i = 3; i < 7; i++) {
		assert_int_equal(vm.devices[i].bus->accesses, 2);
	}
}

/* Between windows, past the last slot in use, or across two windows: no device. */
static void test_board_mmio_nobody(void **state)
{
	(void)state;
	assert_true(nobody(MACHINE_UART_BASE + MACHINE_UART_SIZE, 1));
	assert_true(nobody(SLOT(4), 4));
	assert_true(nobody(SLOT(1) - 2, 4));
	assert_true(nobody(MACHINE_PLIC_BASE - 4, 4));
	assert_true(nobody(0x40000000, 8));
	/* A width a device refuses is still its access: 0, and the VM goes on. */
	assert_int_equal(read_ok(SLOT(0) + VIRTIO_MMIO_MAGIC, 2), 0);
}

/* A virtio device's line (its own lock) and the UART's (under the board's) reach the PLIC. */
static void test_board_irq_through_irqchip(void **state)
{
	struct vmm_device *rng = &vm.devices[5];
	struct rvkvm_exit e;
	unsigned src = rng->irq;

	(void)state;
	assert_int_equal(src, MACHINE_VIRTIO_IRQ_BASE + 2);
	e = access(MACHINE_PLIC_BASE + PLIC_PRIORITY_BASE + 4 * src, 4, true, 1);
	assert_true(board_mmio(&vm, &e));
	e = access(MACHINE_PLIC_BASE + PLIC_ENABLE_BASE, 4, true, 1u << src);
	assert_true(board_mmio(&vm, &e));
	board_set_irq(rng, true);
	assert_int_equal(vm.vcpus[0]->irq_level, 1);
	assert_int_equal(read_ok(MACHINE_PLIC_BASE + PLIC_CONTEXT_BASE + 4, 4), src);
	board_set_irq(rng, false);
	assert_int_equal(vm.vcpus[0]->irq_level, 0);
}

/* console=virtio gives hvc0 the input; console=uart the UART, and only it. */
static void test_board_console_input(void **state)
{
	(void)state;
	fake_console_queue_input("ab", 2);
	board_poll_input(&vm);
	/* hvc0's driver is not running: the bytes wait, and the UART got none. */
	assert_int_equal(fake_console_input_left(), 2);
	assert_int_equal(read_ok(MACHINE_UART_BASE + UART16550_LSR, 1) & 1, 0);
	vm.cfg.hvc = false;
	board_poll_input(&vm);
	/* Its FIFO off (as after reset), the UART holds one byte. */
	assert_int_equal(fake_console_input_left(), 1);
	assert_int_equal(read_ok(MACHINE_UART_BASE + UART16550_RBR, 1), 'a');
}

/* A host disk that is not there: the VM is refused, saying which. */
static void test_board_missing_disk(void **state)
{
	size_t len;

	(void)state;
	fake_core.host_devices = false;
	/* board_init builds the bus afresh: the first build's windows are gone. */
	assert_int_equal(board_init(&vm), VMM_STATUS_BAD_INPUT);
	assert_int_equal(vm.bus.count, 3);
	assert_non_null(
		strstr(fake_console_host_output(&len), "disk 0: no host disk 'rvkvm-v1-d0'"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_vm, teardown_vm)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_fixed_devices),
		cmocka_unit_test(test_layout_virtio_slots),
		cmocka_unit_test(test_layout_never_overlaps),
		cmocka_unit_test(test_layout_refuses),
		cmocka_unit_test(test_layout_refuses_too_many),
		cmocka_unit_test(test_fdt_nodes_per_model),
		T(test_board_builds_table),
		T(test_board_mmio_dispatch),
		T(test_board_mmio_nobody),
		T(test_board_irq_through_irqchip),
		T(test_board_console_input),
		T(test_board_missing_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
