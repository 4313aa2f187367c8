/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device-tree discovery with libfdt: harts, memory, reserved ranges, UART, timebase, ISA, boot
 * bundle, and the host devices rvkvm drives itself (PLIC, virtio-mmio).
 */
#include "platform/discover.h"

#include <libfdt.h>

#include "lib/string.h"

/* A riscv,cpu-intc's interrupt 9: the hart's supervisor external interrupt. */
#define CPU_INTC_S_EXT 9
#define PLIC_MAX_SOURCES 1023

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++) {
		v = (v << 32) | fdt32_to_cpu(p[i]);
	}
	return v;
}

/* Reads entry `index` of a node's reg with its parent's cell sizes; false when absent. */
static bool node_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    len < (index + 1) * (ac + sc) * (int)sizeof(fdt32_t)) {
		return false;
	}
	reg += index * (ac + sc);
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return true;
}

static bool node_okay(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || lib_strcmp(status, "okay") == 0 || lib_strcmp(status, "ok") == 0;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = lib_strnlen(src, size - 1);

	lib_memcpy(dst, src, n);
	dst[n] = '\0';
}

_Static_assert(DISCOVER_ISA_MAX == 1024, "discover_cpus' message names the limit");

static uint32_t prop_u32(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == (int)sizeof(*p) ? fdt32_to_cpu(*p) : 0;
}

static const char *discover_cpus(const void *fdt, struct platform_info *info)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;
	const fdt32_t *tb;

	if (cpus < 0) {
		return "no /cpus node";
	}
	tb = fdt_getprop(fdt, cpus, "timebase-frequency", NULL);
	if (tb) {
		info->timebase_freq = fdt32_to_cpu(*tb);
	}
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const char *isa = fdt_getprop(fdt, node, "riscv,isa", NULL);
		const char *mmu = fdt_getprop(fdt, node, "mmu-type", NULL);
		uint64_t hartid, unused;

		if (!type || lib_strcmp(type, "cpu") != 0 || !node_okay(fdt, node) ||
		    !node_reg(fdt, node, 0, &hartid, &unused)) {
			continue;
		}
		if (info->nharts == DISCOVER_MAX_HARTS) {
			break;
		}
		info->hartids[info->nharts++] = (unsigned long)hartid; /* an XLEN-bit mhartid */
		if (isa && !info->isa[0]) {
			/* Cut short, it would silently lose the extensions at its end (Sstc...). */
			if (lib_strnlen(isa, sizeof(info->isa)) == sizeof(info->isa)) {
				return "riscv,isa is longer than rvkvm's 1023 bytes";
			}
			copy_str(info->isa, sizeof(info->isa), isa);
		}
		if (mmu && !info->mmu_type[0]) {
			copy_str(info->mmu_type, sizeof(info->mmu_type), mmu);
		}
		if (info->nharts == 1) {
			info->cbom_block_size = prop_u32(fdt, node, "riscv,cbom-block-size");
			info->cboz_block_size = prop_u32(fdt, node, "riscv,cboz-block-size");
		}
		if (!tb && (tb = fdt_getprop(fdt, node, "timebase-frequency", NULL))) {
			info->timebase_freq = fdt32_to_cpu(*tb);
		}
	}
	if (info->nharts == 0) {
		return "no usable cpu node under /cpus";
	}
	if (!info->isa[0]) {
		return "cpu nodes have no riscv,isa";
	}
	if (info->timebase_freq == 0) {
		return "no timebase-frequency";
	}
	return NULL;
}

static void add_range(struct discover_range *r, unsigned *n, uint64_t base, uint64_t size)
{
	if (*n < DISCOVER_MAX_RANGES && size) {
		r[*n].base = base;
		r[*n].size = size;
		(*n)++;
	}
}

static void discover_memory(const void *fdt, struct platform_info *info)
{
	int node;
	int resv = fdt_path_offset(fdt, "/reserved-memory");
	uint64_t base, size;

	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || lib_strcmp(type, "memory") != 0) {
			continue;
		}
		for (int i = 0; node_reg(fdt, node, i, &base, &size); i++) {
			add_range(info->mem, &info->nmem, base, size);
		}
	}
	if (resv >= 0) {
		fdt_for_each_subnode(node, fdt, resv)
		{
			for (int i = 0; node_reg(fdt, node, i, &base, &size); i++) {
				add_range(info->reserved, &info->nreserved, base, size);
			}
		}
	}
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0) {
			add_range(info->reserved, &info->nreserved, base, size);
		}
	}
}

static uint64_t prop_u32_or_u64(const void *fdt, int node, const char *name, bool *found)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	*found = p && (len == 4 || len == 8);
	if (!*found) {
		return 0;
	}
	return read_cells(p, len / 4);
}

static void discover_chosen(void *fdt, struct platform_info *info)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path;
	int uart, seed_len;
	bool s, e;

	if (chosen < 0) {
		return;
	}
	info->rng_seed = fdt_getprop_w(fdt, chosen, "rng-seed", &seed_len);
	info->rng_seed_len = info->rng_seed && seed_len > 0 ? (unsigned)seed_len : 0;
	info->initrd_start = prop_u32_or_u64(fdt, chosen, "linux,initrd-start", &s);
	info->initrd_end = prop_u32_or_u64(fdt, chosen, "linux,initrd-end", &e);
	if (!s || !e || info->initrd_end < info->initrd_start) {
		info->initrd_start = info->initrd_end = 0;
	}
	path = fdt_getprop(fdt, chosen, "bootargs", NULL);
	if (path) {
		copy_str(info->bootargs, sizeof(info->bootargs), path);
	}
	path = fdt_getprop(fdt, chosen, "stdout-path", NULL);
	if (!path) {
		return;
	}
	/* stdout-path may carry ":options" after the node path. */
	const char *colon = lib_strchr(path, ':');
	uart = fdt_path_offset_namelen(fdt, path,
				       colon ? (int)(colon - path) : (int)lib_strlen(path));
	if (uart >= 0 && fdt_node_check_compatible(fdt, uart, "ns16550a") == 0) {
		uint64_t size;
		const fdt32_t *shift = fdt_getprop(fdt, uart, "reg-shift", NULL);

		const fdt32_t *irq = fdt_getprop(fdt, uart, "interrupts", NULL);

		info->has_uart = node_reg(fdt, uart, 0, &info->uart_base, &size);
		info->uart_shift = shift ? fdt32_to_cpu(*shift) : 0;
		info->uart_irq = irq ? fdt32_to_cpu(*irq) : 0;
	}
}

static void discover_finisher(const void *fdt, struct platform_info *info)
{
	static const char *const compat[] = { "sifive,test1", "sifive,test0" };

	for (unsigned i = 0; i < 2 && !info->has_finisher; i++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);
		uint64_t size;

		if (node >= 0) {
			info->has_finisher = node_reg(fdt, node, 0, &info->finisher_base, &size);
		}
	}
}

static int hart_index(const struct platform_info *info, uint64_t hartid)
{
	for (unsigned i = 0; i < info->nharts; i++) {
		if (info->hartids[i] == hartid) {
			return (int)i;
		}
	}
	return -1;
}

/*
 * The S-mode context of each hart: interrupts-extended names the PLIC's contexts in order, each
 * as (a cpu-intc's phandle, its interrupt); the one with interrupt 9 is that hart's S-mode
 * context. (OpenSBI turns the M-mode entries into -1; they keep their place.)
 */
static void plic_contexts(const void *fdt, int node, struct platform_info *info)
{
	int len;
	const fdt32_t *cells = fdt_getprop(fdt, node, "interrupts-extended", &len);
	int n = cells ? len / (int)sizeof(*cells) : 0;

	for (unsigned h = 0; h < DISCOVER_MAX_HARTS; h++) {
		info->plic.s_context[h] = -1;
	}
	/* i: the first cell of context ctx's entry. */
	for (int i = 0, ctx = 0; i < n; ctx++) {
		int intc = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(cells[i]));
		int icells = intc >= 0 ? (int)prop_u32(fdt, intc, "#interrupt-cells") : 0;
		uint64_t hartid, unused;

		if (icells < 1 || i + 1 + icells > n) {
			return;
		}
		if (icells == 1 && fdt32_to_cpu(cells[i + 1]) == CPU_INTC_S_EXT &&
		    fdt_node_check_compatible(fdt, intc, "riscv,cpu-intc") == 0 &&
		    node_reg(fdt, fdt_parent_offset(fdt, intc), 0, &hartid, &unused)) {
			int h = hart_index(info, hartid);

			if (h >= 0) {
				info->plic.s_context[h] = ctx;
			}
		}
		i += 1 + icells;
	}
}

/* Returns the PLIC's phandle, 0 when there is no usable PLIC. */
static uint32_t discover_plic(const void *fdt, struct platform_info *info)
{
	static const char *const compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	int node = -1;

	for (unsigned i = 0; i < 2 && node < 0; i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);
	}
	if (node < 0 || !node_okay(fdt, node) ||
	    !node_reg(fdt, node, 0, &info->plic.base, &info->plic.size)) {
		return 0;
	}
	info->plic.ndev = prop_u32(fdt, node, "riscv,ndev");
	if (info->plic.ndev == 0 || info->plic.ndev > PLIC_MAX_SOURCES) {
		return 0;
	}
	plic_contexts(fdt, node, info);
	info->has_plic = true;
	return fdt_get_phandle(fdt, node);
}

/* The node's interrupt parent: the interrupt-parent of the node or of its nearest ancestor. */
static uint32_t interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		uint32_t phandle = prop_u32(fdt, node, "interrupt-parent");

		if (phandle) {
			return phandle;
		}
	}
	return 0;
}

static void discover_virtio(const void *fdt, struct platform_info *info, uint32_t plic)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) >= 0 &&
	       info->nvirtio < DISCOVER_MAX_VIRTIO) {
		struct discover_virtio *v = &info->virtio[info->nvirtio];
		int len;
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

		if (!node_okay(fdt, node) || !node_reg(fdt, node, 0, &v->base, &v->size)) {
			continue;
		}
		v->irq = 0;
		if (plic && irq && len == (int)sizeof(*irq) &&
		    interrupt_parent(fdt, node) == plic && fdt32_to_cpu(*irq) <= info->plic.ndev) {
			v->irq = fdt32_to_cpu(*irq);
		}
		info->nvirtio++;
	}
}

const char *platform_discover(void *fdt, struct platform_info *info)
{
	const char *err;

	lib_memset(info, 0, sizeof(*info));
	if (fdt_check_header(fdt) != 0) {
		return "the device tree blob has a bad header";
	}
	err = discover_cpus(fdt, info);
	if (err) {
		return err;
	}
	discover_memory(fdt, info);
	if (info->nmem == 0) {
		return "no memory node";
	}
	discover_chosen(fdt, info);
	discover_finisher(fdt, info);
	discover_virtio(fdt, info, discover_plic(fdt, info));
	return NULL;
}

bool platform_isa_has(const char *isa, const char *ext)
{
	size_t elen = lib_strlen(ext);
	const char *p = isa;

	if (lib_strncmp(p, "rv64", 4) != 0 && lib_strncmp(p, "rv32", 4) != 0) {
		return false;
	}
	p += 4;
	if (elen == 1) {
		/* Single-letter extensions come before the first underscore. */
		for (; *p && *p != '_'; p++) {
			if (*p == ext[0]) {
				return true;
			}
		}
		return false;
	}
	while ((p = lib_strchr(p, '_')) != NULL) {
		p++;
		if (lib_strncmp(p, ext, elen) == 0 && (p[elen] == '\0' || p[elen] == '_')) {
			return true;
		}
	}
	return false;
}
