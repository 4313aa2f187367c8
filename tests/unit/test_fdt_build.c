/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the guest device-tree builder: build a blob, parse it back with libfdt. The
 * devices here are stand-ins with hooks of their own; the board's real models' nodes are
 * test_board's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "vmm/fdt_build.h"

#define BUF_SIZE (256 * 1024)
#define UART_PATH "/soc/serial@10000000"

static uint8_t blob[BUF_SIZE];

static const char *const isa_ext[] = { "i", "m", "a", "f", "d", "c", "zicsr", "zifencei" };
#define NUM_ISA_EXT (sizeof(isa_ext) / sizeof(isa_ext[0]))

/* The rng-seed the VMM hands every machine here: FDT_BUILD_RNG_SEED_LEN bytes of a pattern. */
static uint8_t rng_seed[FDT_BUILD_RNG_SEED_LEN];

/* Stand-ins for an interrupt controller, a UART and 8 virtio slots, QEMU virt's layout. */
#define DEV_PLIC 0
#define DEV_UART 1
#define DEV_VIRTIO 2
#define NUM_DEVICES 10
static struct fdt_device devices[NUM_DEVICES + 1];
static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0", NULL };
static const char *const uart_compat[] = { "ns16550a", NULL };
static const char *const virtio_compat[] = { "virtio,mmio", NULL };

static void plic_props(struct fdt_writer *w, const struct fdt_device *d)
{
	(void)d;
	fdt_build_prop_empty(w, "interrupt-controller");
	fdt_build_prop_u32(w, "#interrupt-cells", 1);
	fdt_build_prop_u32(w, "#address-cells", 0);
	fdt_build_prop_u32(w, "riscv,ndev", 95);
	fdt_build_prop_u32(w, "phandle", FDT_BUILD_PHANDLE_IRQCHIP);
	fdt_build_prop_cpu_irqs(w, "interrupts-extended", 9);
}

static void uart_props(struct fdt_writer *w, const struct fdt_device *d)
{
	fdt_build_prop_u32(w, "clock-frequency", 3686400);
	/* The hook sees its own node's placement. */
	fdt_build_prop_string(w, "test,base-seen", d->base == 0x10000000ull ? "yes" : "no");
}

static struct fdt_machine virt_machine(unsigned num_cpus)
{
	devices[DEV_PLIC] =
		(struct fdt_device){ "plic", plic_compat, 0x0c000000ull, 0x600000, 0, plic_props };
	devices[DEV_UART] =
		(struct fdt_device){ "serial", uart_compat, 0x10000000ull, 0x100, 10, uart_props };
	for (unsigned i = 0; i < 8; i++) {
		devices[DEV_VIRTIO + i] = (struct fdt_device){
			"virtio_mmio", virtio_compat, 0x10001000ull + 0x1000ull * i,
			0x1000,        1 + i,         NULL
		};
	}
	struct fdt_machine m = {
		.num_cpus = num_cpus,
		.isa = "rv64imafdc_zicsr_zifencei",
		.isa_ext = isa_ext,
		.num_isa_ext = NUM_ISA_EXT,
		.mmu_type = "riscv,sv48",
		.timebase_freq = 10000000,
		.ram_base = 0x80000000ull,
		.ram_size = 0x100000000ull, /* 4 GiB: the high size cell is non-zero */
		.bootargs = "console=ttyS0 earlycon",
		.initrd_start = 0x88000000ull,
		.initrd_end = 0x88400123ull,
		.rng_seed = rng_seed,
		.rng_seed_len = sizeof(rng_seed),
		.devices = devices,
		.num_devices = NUM_DEVICES,
		.stdout_device = DEV_UART,
	};
	return m;
}

static void build_ok(const struct fdt_machine *m)
{
	memset(blob, 0xa5, sizeof(blob));
	assert_int_equal(fdt_build(m, blob, sizeof(blob)), 0);
	assert_int_equal(fdt_check_header(blob), 0);
	assert_true(fdt_totalsize(blob) <= sizeof(blob));
}

static int node(const char *path)
{
	int off = fdt_path_offset(blob, path);

	if (off < 0) {
		fail_msg("node %s missing: %s", path, fdt_strerror(off));
	}
	return off;
}

static void assert_no_prop(int off, const char *name)
{
	int len;

	assert_null(fdt_getprop(blob, off, name, &len));
	assert_int_equal(len, -FDT_ERR_NOTFOUND);
}

static const uint8_t *prop(int off, const char *name, int want_len)
{
	int len;
	const uint8_t *p = fdt_getprop(blob, off, name, &len);

	if (!p) {
		fail_msg("property %s missing: %s", name, fdt_strerror(len));
	}
	assert_int_equal(len, want_len);
	return p;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static uint32_t prop_u32(int off, const char *name)
{
	return be32(prop(off, name, 4));
}

static void assert_prop_u32(int off, const char *name, uint32_t want)
{
	assert_int_equal(prop_u32(off, name), want);
}

static void assert_prop_u64(int off, const char *name, uint64_t want)
{
	assert_int_equal(be64(prop(off, name, 8)), want);
}

/* Checks the whole value, including that there is exactly one NUL, at the end. */
static void assert_prop_str(int off, const char *name, const char *want)
{
	const uint8_t *p = prop(off, name, (int)strlen(want) + 1);

	assert_memory_equal(p, want, strlen(want) + 1);
}

static void assert_prop_empty(int off, const char *name)
{
	prop(off, name, 0);
}

static void assert_reg(int off, uint64_t base, uint64_t size)
{
	const uint8_t *p = prop(off, "reg", 16);

	assert_int_equal(be64(p), base);
	assert_int_equal(be64(p + 8), size);
}

static void assert_strlist(int off, const char *name, const char *const *want, unsigned n)
{
	assert_int_equal(fdt_stringlist_count(blob, off, name), n);
	for (unsigned i = 0; i < n; i++) {
		int len;
		const char *s = fdt_stringlist_get(blob, off, name, (int)i, &len);

		assert_non_null(s);
		assert_string_equal(s, want[i]);
	}
}

static int count_nodes(void)
{
	int n = 0;
	int depth = 0;

	/* fdt_next_node() steps past the root's end with a positive offset and depth -1. */
	for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(blob, off, &depth)) {
		n++;
	}
	return n;
}

static void test_root(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int root;

	(void)state;
	build_ok(&m);
	root = node("/");
	assert_prop_u32(root, "#address-cells", 2);
	assert_prop_u32(root, "#size-cells", 2);
	assert_prop_str(root, "compatible", "riscv-virtio");
	assert_prop_str(root, "model", "rvkvm,virt");
	/* No memory reservations: the whole of RAM is the guest's. */
	assert_int_equal(fdt_num_mem_rsv(blob), 0);
}

static void test_chosen(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int chosen;
	int len;
	const char *stdout_path;
	const uint8_t *seed;

	(void)state;
	for (unsigned i = 0; i < sizeof(rng_seed); i++) {
		rng_seed[i] = (uint8_t)(i * 13 + 7);
	}
	build_ok(&m);
	chosen = node("/chosen");
	assert_prop_str(chosen, "bootargs", "console=ttyS0 earlycon");
	assert_prop_u64(chosen, "linux,initrd-start", 0x88000000ull);
	assert_prop_u64(chosen, "linux,initrd-end", 0x88400123ull);
	assert_prop_str(chosen, "stdout-path", UART_PATH);
	seed = fdt_getprop(blob, chosen, "rng-seed", &len);
	assert_non_null(seed);
	assert_int_equal(len, 64);
	assert_memory_equal(seed, rng_seed, 64);
	stdout_path = fdt_getprop(blob, chosen, "stdout-path", &len);
	assert_int_equal(fdt_path_offset(blob, stdout_path), node(UART_PATH));
	assert_prop_str(node(UART_PATH), "compatible", "ns16550a");
}

static void test_chosen_omits_absent(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int chosen;

	(void)state;
	m.bootargs = NULL;
	m.initrd_start = 0;
	m.initrd_end = 0;
	m.rng_seed = NULL;
	m.rng_seed_len = 0;
	build_ok(&m);
	chosen = node("/chosen");
	assert_no_prop(chosen, "bootargs");
	assert_no_prop(chosen, "rng-seed");
	assert_no_prop(chosen, "linux,initrd-start");
	assert_no_prop(chosen, "linux,initrd-end");
	assert_prop_str(chosen, "stdout-path", UART_PATH);
}

static void test_stdout_follows_uart(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int len;
	const char *path;

	(void)state;
	devices[DEV_UART].base = 0x3f8000;
	build_ok(&m);
	assert_prop_str(node("/chosen"), "stdout-path", "/soc/serial@3f8000");
	path = fdt_getprop(blob, node("/chosen"), "stdout-path", &len);
	assert_int_equal(fdt_path_offset(blob, path), node("/soc/serial@3f8000"));
	assert_int_equal(fdt_path_offset(blob, UART_PATH), -FDT_ERR_NOTFOUND);
}

static void test_memory(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int mem;

	(void)state;
	build_ok(&m);
	mem = node("/memory@80000000");
	assert_prop_str(mem, "device_type", "memory");
	assert_reg(mem, 0x80000000ull, 0x100000000ull);

	m.ram_base = 0x1234500000ull;
	m.ram_size = 0x4000000;
	m.initrd_start = 0;
	m.initrd_end = 0;
	build_ok(&m);
	assert_reg(node("/memory@1234500000"), 0x1234500000ull, 0x4000000);
}

/* Every property of every cpu, its intc, and the cpu-map entry that points at it. */
static void check_cpus(unsigned n)
{
	struct fdt_machine m = virt_machine(n);
	int cpus;
	char path[96];
	uint32_t seen[2 * FDT_BUILD_MAX_CPUS];

	build_ok(&m);
	cpus = node("/cpus");
	assert_prop_u32(cpus, "#address-cells", 1);
	assert_prop_u32(cpus, "#size-cells", 0);
	assert_prop_u32(cpus, "timebase-frequency", 10000000);

	for (unsigned i = 0; i < n; i++) {
		int cpu, intc, core;
		uint32_t cpu_ph, intc_ph;

		snprintf(path, sizeof(path), "/cpus/cpu@%x", i);
		cpu = node(path);
		assert_prop_str(cpu, "device_type", "cpu");
		assert_prop_u32(cpu, "reg", i);
		assert_prop_str(cpu, "status", "okay");
		assert_prop_str(cpu, "compatible", "riscv");
		assert_prop_str(cpu, "riscv,isa", "rv64imafdc_zicsr_zifencei");
		assert_prop_str(cpu, "riscv,isa-base", "rv64i");
		assert_strlist(cpu, "riscv,isa-extensions", isa_ext, NUM_ISA_EXT);
		assert_prop_str(cpu, "mmu-type", "riscv,sv48");

		snprintf(path, sizeof(path), "/cpus/cpu@%x/interrupt-controller", i);
		intc = node(path);
		assert_prop_str(intc, "compatible", "riscv,cpu-intc");
		assert_prop_u32(intc, "#interrupt-cells", 1);
		assert_prop_u32(intc, "#address-cells", 0);
		assert_prop_empty(intc, "interrupt-controller");

		cpu_ph = fdt_get_phandle(blob, cpu);
		intc_ph = fdt_get_phandle(blob, intc);
		assert_int_not_equal(cpu_ph, 0);
		assert_int_not_equal(intc_ph, 0);
		assert_int_equal(fdt_node_offset_by_phandle(blob, cpu_ph), cpu);
		assert_int_equal(fdt_node_offset_by_phandle(blob, intc_ph), intc);
		seen[2 * i] = cpu_ph;
		seen[2 * i + 1] = intc_ph;

		snprintf(path, sizeof(path), "/cpus/cpu-map/cluster0/core%u", i);
		core = node(path);
		assert_int_equal(fdt_node_offset_by_phandle(blob, prop_u32(core, "cpu")), cpu);
	}
	for (unsigned a = 0; a < 2 * n; a++) {
		for (unsigned b = a + 1; b < 2 * n; b++) {
			assert_int_not_equal(seen[a], seen[b]);
		}
		assert_int_not_equal(seen[a], fdt_get_phandle(blob, node("/soc/plic@c000000")));
	}
	/* Nothing beyond the requested harts, in /cpus or in the cpu-map. */
	snprintf(path, sizeof(path), "/cpus/cpu@%x", n);
	assert_int_equal(fdt_path_offset(blob, path), -FDT_ERR_NOTFOUND);
	snprintf(path, sizeof(path), "/cpus/cpu-map/cluster0/core%u", n);
	assert_int_equal(fdt_path_offset(blob, path), -FDT_ERR_NOTFOUND);
}

/* Context i is hart i's S-mode external interrupt (9), in hart order. */
static void check_plic(unsigned n)
{
	struct fdt_machine m = virt_machine(n);
	static const char *const compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	char path[96];
	const uint8_t *ext;
	int plic;

	build_ok(&m);
	plic = node("/soc/plic@c000000");
	assert_strlist(plic, "compatible", compat, 2);
	assert_reg(plic, 0x0c000000ull, 0x600000);
	assert_prop_empty(plic, "interrupt-controller");
	assert_prop_u32(plic, "#interrupt-cells", 1);
	assert_prop_u32(plic, "#address-cells", 0);
	assert_prop_u32(plic, "riscv,ndev", 95);
	assert_int_not_equal(fdt_get_phandle(blob, plic), 0);
	assert_int_equal(fdt_node_offset_by_phandle(blob, fdt_get_phandle(blob, plic)), plic);

	ext = prop(plic, "interrupts-extended", (int)(8 * n));
	for (unsigned i = 0; i < n; i++) {
		int target = fdt_node_offset_by_phandle(blob, be32(ext + 8 * i));

		snprintf(path, sizeof(path), "/cpus/cpu@%x/interrupt-controller", i);
		assert_int_equal(target, node(path));
		assert_int_equal(be32(ext + 8 * i + 4), 9);
	}
}

static void test_cpus_1(void **state)
{
	(void)state;
	check_cpus(1);
	check_plic(1);
}

static void test_cpus_2(void **state)
{
	(void)state;
	check_cpus(2);
	check_plic(2);
}

static void test_cpus_4(void **state)
{
	(void)state;
	check_cpus(4);
	check_plic(4);
}

static void test_cpus_64(void **state)
{
	(void)state;
	check_cpus(FDT_BUILD_MAX_CPUS);
	check_plic(FDT_BUILD_MAX_CPUS);
	/* Unit addresses are hex: hart 10 is cpu@a, hart 63 is cpu@3f. */
	assert_prop_u32(node("/cpus/cpu@a"), "reg", 10);
	assert_prop_u32(node("/cpus/cpu@3f"), "reg", 63);
}

static void test_cpu_optional_props(void **state)
{
	struct fdt_machine m = virt_machine(2);
	int cpu;

	(void)state;
	m.mmu_type = NULL;
	m.num_isa_ext = 0;
	m.isa_ext = NULL;
	build_ok(&m);
	cpu = node("/cpus/cpu@1");
	assert_no_prop(cpu, "mmu-type");
	assert_no_prop(cpu, "riscv,isa-base");
	assert_no_prop(cpu, "riscv,isa-extensions");
	assert_prop_str(cpu, "riscv,isa", "rv64imafdc_zicsr_zifencei");

	m = virt_machine(1);
	m.mmu_type = "riscv,sv39";
	m.num_isa_ext = 1;
	build_ok(&m);
	assert_prop_str(node("/cpus/cpu@0"), "mmu-type", "riscv,sv39");
	assert_strlist(node("/cpus/cpu@0"), "riscv,isa-extensions", isa_ext, 1);
}

static void test_uart(void **state)
{
	struct fdt_machine m = virt_machine(2);
	int uart;

	(void)state;
	build_ok(&m);
	uart = node(UART_PATH);
	assert_prop_str(uart, "compatible", "ns16550a");
	assert_reg(uart, 0x10000000ull, 0x100);
	assert_prop_u32(uart, "clock-frequency", 3686400);
	assert_prop_u32(uart, "interrupts", 10);
	assert_int_equal(fdt_node_offset_by_phandle(blob, prop_u32(uart, "interrupt-parent")),
			 node("/soc/plic@c000000"));
	assert_prop_str(uart, "test,base-seen", "yes");
}

/* compatible, reg, the hook's properties, then the interrupt: the order a node is written in. */
static void test_device_property_order(void **state)
{
	static const char *const uart_order[] = {
		"compatible",     "reg",        "clock-frequency",
		"test,base-seen", "interrupts", "interrupt-parent"
	};
	static const char *const plain_order[] = { "compatible", "reg" };
	struct fdt_machine m = virt_machine(1);
	unsigned i = 0;
	int off;

	(void)state;
	devices[DEV_VIRTIO].irq = 0; /* no interrupt: neither property */
	build_ok(&m);
	fdt_for_each_property_offset(off, blob, node(UART_PATH))
	{
		const char *name;

		fdt_getprop_by_offset(blob, off, &name, NULL);
		assert_true(i < 6);
		assert_string_equal(name, uart_order[i++]);
	}
	assert_int_equal(i, 6);
	i = 0;
	fdt_for_each_property_offset(off, blob, node("/soc/virtio_mmio@10001000"))
	{
		const char *name;

		fdt_getprop_by_offset(blob, off, &name, NULL);
		assert_true(i < 2);
		assert_string_equal(name, plain_order[i++]);
	}
	assert_int_equal(i, 2);
}

/* Without a stdout device, /chosen has no stdout-path; with another, it names that one. */
static void test_stdout_device(void **state)
{
	struct fdt_machine m = virt_machine(1);

	(void)state;
	m.stdout_device = -1;
	build_ok(&m);
	assert_no_prop(node("/chosen"), "stdout-path");
	m.stdout_device = DEV_VIRTIO + 2;
	build_ok(&m);
	assert_prop_str(node("/chosen"), "stdout-path", "/soc/virtio_mmio@10003000");
}

static void test_soc(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int soc;

	(void)state;
	build_ok(&m);
	soc = node("/soc");
	assert_prop_u32(soc, "#address-cells", 2);
	assert_prop_u32(soc, "#size-cells", 2);
	assert_prop_str(soc, "compatible", "simple-bus");
	assert_prop_empty(soc, "ranges");
}

static void test_virtio(void **state)
{
	struct fdt_machine m = virt_machine(1);
	int plic;
	char path[96];

	(void)state;
	build_ok(&m);
	plic = node("/soc/plic@c000000");
	for (unsigned i = 0; i < 8; i++) {
		uint64_t base = 0x10001000ull + 0x1000ull * i;
		int v;

		snprintf(path, sizeof(path), "/soc/virtio_mmio@%llx", (unsigned long long)base);
		v = node(path);
		assert_prop_str(v, "compatible", "virtio,mmio");
		assert_reg(v, base, 0x1000);
		assert_prop_u32(v, "interrupts", 1 + i);
		assert_int_equal(fdt_node_offset_by_phandle(blob, prop_u32(v, "interrupt-parent")),
				 plic);
	}
	assert_int_equal(fdt_path_offset(blob, "/soc/virtio_mmio@10009000"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_offset_by_compatible(blob, -1, "virtio,mmio") >= 0, 1);
}

static void test_virtio_none(void **state)
{
	struct fdt_machine m = virt_machine(1);

	(void)state;
	m.num_devices = DEV_VIRTIO;
	build_ok(&m);
	assert_int_equal(fdt_node_offset_by_compatible(blob, -1, "virtio,mmio"), -FDT_ERR_NOTFOUND);
}

/*
 * The exact node set: / chosen memory cpus (n cpus + n intcs) cpu-map cluster0 (n cores) soc
 * plic serial and the virtio slots. Catches stray or duplicated nodes the path checks miss.
 */
static void test_node_count(void **state)
{
	static const unsigned counts[] = { 1, 2, 4, 64 };

	(void)state;
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct fdt_machine m = virt_machine(counts[i]);

		build_ok(&m);
		assert_int_equal(count_nodes(), 9 + 3 * (int)counts[i] + 8);
	}
}

static void test_deterministic(void **state)
{
	struct fdt_machine m = virt_machine(4);
	static uint8_t first[BUF_SIZE];
	uint32_t size;

	(void)state;
	build_ok(&m);
	size = fdt_totalsize(blob);
	memcpy(first, blob, size);
	/* A buffer full of different junk must not change the result. */
	memset(blob, 0x5a, sizeof(blob));
	assert_int_equal(fdt_build(&m, blob, sizeof(blob)), 0);
	assert_int_equal(fdt_totalsize(blob), size);
	assert_memory_equal(first, blob, size);
}

/* Every size short of the blob fails cleanly; ASan catches any write past the heap buffer. */
static void check_nospace(unsigned ncpus)
{
	struct fdt_machine m = virt_machine(ncpus);
	uint32_t need;

	build_ok(&m);
	need = fdt_totalsize(blob);
	for (uint32_t size = 0; size <= need; size += (size < 256 || size + 64 > need) ? 1 : 61) {
		uint8_t *buf = malloc(size ? size : 1);

		assert_non_null(buf);
		if (size < need) {
			assert_int_equal(fdt_build(&m, buf, size), -FDT_ERR_NOSPACE);
		} else {
			assert_int_equal(fdt_build(&m, buf, size), 0);
			assert_int_equal(fdt_check_header(buf), 0);
			assert_memory_equal(buf, blob, need);
		}
		free(buf);
	}
}

static void test_nospace(void **state)
{
	(void)state;
	check_nospace(1);
	check_nospace(FDT_BUILD_MAX_CPUS);
}

static void expect_bad(const struct fdt_machine *m)
{
	memset(blob, 0xa5, 64);
	assert_int_equal(fdt_build(m, blob, sizeof(blob)), -FDT_ERR_BADVALUE);
	/* Rejected before anything is written. */
	for (unsigned i = 0; i < 64; i++) {
		assert_int_equal(blob[i], 0xa5);
	}
}

static void test_invalid(void **state)
{
	static const char *const bad_ext_null[] = { "i", NULL };
	static const char *const bad_ext_empty[] = { "i", "" };
	struct fdt_machine m;

	(void)state;
	m = virt_machine(0);
	expect_bad(&m);
	m = virt_machine(FDT_BUILD_MAX_CPUS + 1);
	expect_bad(&m);
	m = virt_machine(UINT32_MAX);
	expect_bad(&m);

	m = virt_machine(1);
	m.isa = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	m.rng_seed_len = FDT_BUILD_RNG_SEED_MAX + 1;
	expect_bad(&m);
	m = virt_machine(1);
	m.rng_seed = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	m.isa = "";
	expect_bad(&m);
	m = virt_machine(1);
	m.num_isa_ext = FDT_BUILD_MAX_ISA_EXT + 1;
	expect_bad(&m);
	m = virt_machine(1);
	m.isa_ext = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	m.isa_ext = bad_ext_null;
	m.num_isa_ext = 2;
	expect_bad(&m);
	m = virt_machine(1);
	m.isa_ext = bad_ext_empty;
	m.num_isa_ext = 2;
	expect_bad(&m);
	m = virt_machine(1);
	m.timebase_freq = 0;
	expect_bad(&m);

	/* No initrd in these two, so only the RAM range itself can be the reason. */
	m = virt_machine(1);
	m.initrd_start = m.initrd_end = 0;
	m.ram_size = 0;
	expect_bad(&m);
	m = virt_machine(1);
	m.initrd_start = m.initrd_end = 0;
	m.ram_base = UINT64_MAX - 0xfff;
	m.ram_size = 0x2000;
	expect_bad(&m);

	m = virt_machine(1);
	m.initrd_end = m.initrd_start - 1;
	expect_bad(&m);
	m = virt_machine(1);
	m.initrd_start = 0;
	expect_bad(&m); /* starts below RAM */
	m = virt_machine(1);
	m.initrd_end = m.ram_base + m.ram_size + 1;
	expect_bad(&m);

	m = virt_machine(1);
	devices[DEV_UART].name = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_UART].name = "";
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_UART].name = "a-name-of-25-characters-x"; /* FDT_BUILD_NAME_MAX + 1 */
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_PLIC].compatible = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_PLIC].compatible = &virtio_compat[1]; /* an empty list */
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_PLIC].size = 0;
	expect_bad(&m);
	m = virt_machine(1);
	devices[DEV_VIRTIO + 7].base = UINT64_MAX - 0xffe;
	expect_bad(&m); /* wraps past the top */

	m = virt_machine(1);
	m.devices = NULL;
	expect_bad(&m);
	m = virt_machine(1);
	m.num_devices = FDT_BUILD_MAX_DEVICES + 1;
	expect_bad(&m);
	m = virt_machine(1);
	m.stdout_device = NUM_DEVICES;
	expect_bad(&m);
	m = virt_machine(1);
	m.stdout_device = -2;
	expect_bad(&m);

	m = virt_machine(1);
	assert_int_equal(fdt_build(NULL, blob, sizeof(blob)), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_build(&m, NULL, sizeof(blob)), -FDT_ERR_BADVALUE);
}

/* The edges of what is accepted, so the checks above are not simply too strict. */
static void test_valid_edges(void **state)
{
	struct fdt_machine m = virt_machine(1);

	(void)state;
	devices[DEV_UART].name = "a-name-of-24-characters-"; /* FDT_BUILD_NAME_MAX */
	m.stdout_device = -1;
	devices[DEV_VIRTIO + 7].base = UINT64_MAX - 0xfff;
	m.initrd_start = m.ram_base;
	m.initrd_end = m.ram_base + m.ram_size;
	m.num_isa_ext = 0;
	m.isa_ext = NULL;
	build_ok(&m);
	assert_prop_u32(node("/soc/virtio_mmio@fffffffffffff000"), "interrupts", 8);
	assert_prop_str(node("/soc/a-name-of-24-characters-@10000000"), "compatible", "ns16550a");
	assert_prop_u64(node("/chosen"), "linux,initrd-end", 0x180000000ull);

	m = virt_machine(1);
	m.num_devices = 0;
	m.devices = NULL;
	m.stdout_device = -1;
	m.ram_base = UINT64_MAX - 0xfff;
	m.ram_size = 0x1000;
	m.initrd_start = 0;
	m.initrd_end = 0;
	build_ok(&m);
	assert_reg(node("/memory@fffffffffffff000"), UINT64_MAX - 0xfff, 0x1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_chosen),
		cmocka_unit_test(test_chosen_omits_absent),
		cmocka_unit_test(test_stdout_follows_uart),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpus_1),
		cmocka_unit_test(test_cpus_2),
		cmocka_unit_test(test_cpus_4),
		cmocka_unit_test(test_cpus_64),
		cmocka_unit_test(test_cpu_optional_props),
		cmocka_unit_test(test_uart),
		cmocka_unit_test(test_device_property_order),
		cmocka_unit_test(test_stdout_device),
		cmocka_unit_test(test_soc),
		cmocka_unit_test(test_virtio),
		cmocka_unit_test(test_virtio_none),
		cmocka_unit_test(test_node_count),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_valid_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
