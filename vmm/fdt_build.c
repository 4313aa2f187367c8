/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Builds the guest's device tree with libfdt's sequential-write API from a struct fdt_machine: the
 * CPUs, memory and /chosen itself, and under /soc each device's node, its own properties written
 * by the device's hook.
 */
#include "vmm/fdt_build.h"

#include <stdbool.h>
#include <stdint.h>

#include <libfdt.h>

#include "lib/string.h"

/*
 * Phandles are fixed per role (not handed out in creation order) so that the blob depends only on
 * the machine and a CPU's phandles do not move when the CPU count changes.
 */
#define PHANDLE_IRQCHIP FDT_BUILD_PHANDLE_IRQCHIP
#define PHANDLE_CPU(i) (2u + (uint32_t)(i))
#define PHANDLE_INTC(i) (2u + FDT_BUILD_MAX_CPUS + (uint32_t)(i))

/* Long enough for a device's name, "@", 16 hex digits and the NUL, with room to spare. */
#define NAME_MAX_LEN 48
_Static_assert(FDT_BUILD_NAME_MAX + 1 + 16 + 1 <= NAME_MAX_LEN, "a unit name fits its buffer");

/* libfdt takes the buffer size as an int; sizes beyond that are clamped, not truncated. */
_Static_assert(sizeof(int) == 4, "libfdt sizes are int, assumed 32-bit");
#define FDT_INT_MAX ((size_t)INT32_MAX)

/*
 * The sequential-write calls share one sticky error, so building the tree reads as a plain list of
 * nodes and properties: after the first failure every call is a no-op and the error survives.
 */
struct fdt_writer {
	void *fdt;
	int err;
	unsigned num_cpus; /* for fdt_build_prop_cpu_irqs */
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Returns a pointer to a @len-byte property value to fill in, or NULL after an error. */
static uint8_t *prop_space(struct fdt_writer *w, const char *name, size_t len)
{
	void *val = NULL;

	if (w->err) {
		return NULL;
	}
	if (len > FDT_INT_MAX) {
		w->err = -FDT_ERR_NOSPACE;
		return NULL;
	}
	w->err = fdt_property_placeholder(w->fdt, name, (int)len, &val);
	return w->err ? NULL : val;
}

static void begin_node(struct fdt_writer *w, const char *name)
{
	if (!w->err) {
		w->err = fdt_begin_node(w->fdt, name);
	}
}

static void end_node(struct fdt_writer *w)
{
	if (!w->err) {
		w->err = fdt_end_node(w->fdt);
	}
}

static void prop_empty(struct fdt_writer *w, const char *name)
{
	prop_space(w, name, 0);
}

static void prop_u32(struct fdt_writer *w, const char *name, uint32_t v)
{
	uint8_t *p = prop_space(w, name, 4);

	if (p) {
		put_be32(p, v);
	}
}

static void prop_u64(struct fdt_writer *w, const char *name, uint64_t v)
{
	uint8_t *p = prop_space(w, name, 8);

	if (p) {
		put_be32(p, (uint32_t)(v >> 32));
		put_be32(p + 4, (uint32_t)v);
	}
}

/* One (address, size) pair in the 2-cell address and 2-cell size format of / and /soc. */
static void prop_reg(struct fdt_writer *w, uint64_t base, uint64_t size)
{
	uint8_t *p = prop_space(w, "reg", 16);

	if (p) {
		put_be32(p, (uint32_t)(base >> 32));
		put_be32(p + 4, (uint32_t)base);
		put_be32(p + 8, (uint32_t)(size >> 32));
		put_be32(p + 12, (uint32_t)size);
	}
}

static void prop_strings(struct fdt_writer *w, const char *name, const char *const *strs,
			 unsigned n)
{
	size_t len = 0;
	uint8_t *p;

	for (unsigned i = 0; i < n; i++) {
		len += lib_strlen(strs[i]) + 1;
	}
	p = prop_space(w, name, len);
	if (!p) {
		return;
	}
	/* Invariant: p points just past the NUL of the last string copied. */
	for (unsigned i = 0; i < n; i++) {
		size_t one = lib_strlen(strs[i]) + 1;

		lib_memcpy(p, strs[i], one);
		p += one;
	}
}

static void prop_string(struct fdt_writer *w, const char *name, const char *s)
{
	prop_strings(w, name, &s, 1);
}

/* Appends @v to @dst as lowercase hex without leading zeros, the devicetree unit-address form. */
static char *put_hex(char *dst, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	while (shift > 0 && ((v >> shift) & 0xf) == 0) {
		shift -= 4;
	}
	for (; shift >= 0; shift -= 4) {
		*dst++ = digits[(v >> shift) & 0xf];
	}
	*dst = '\0';
	return dst;
}

static char *put_dec(char *dst, unsigned v)
{
	char tmp[10];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		*dst++ = tmp[--n];
	}
	*dst = '\0';
	return dst;
}

static char *put_str(char *dst, const char *s)
{
	size_t len = lib_strlen(s);

	lib_memcpy(dst, s, len + 1);
	return dst + len;
}

/* "<prefix>@<hex addr>"; every prefix used here fits NAME_MAX_LEN with a 64-bit address. */
static void unit_name(char name[NAME_MAX_LEN], const char *prefix, uint64_t addr)
{
	char *p = put_str(name, prefix);

	*p++ = '@';
	put_hex(p, addr);
}

/* True when [base, base + size) is non-empty and does not wrap past the top of the space. */
static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && size - 1 <= UINT64_MAX - base;
}

static bool device_ok(const struct fdt_device *d)
{
	size_t len;

	if (!d->name || !d->compatible || !d->compatible[0]) {
		return false;
	}
	len = lib_strnlen(d->name, FDT_BUILD_NAME_MAX + 1);
	return len != 0 && len <= FDT_BUILD_NAME_MAX && range_ok(d->base, d->size);
}

static bool machine_ok(const struct fdt_machine *m)
{
	if (m->num_cpus == 0 || m->num_cpus > FDT_BUILD_MAX_CPUS) {
		return false;
	}
	if (!m->isa || m->isa[0] == '\0' || m->num_isa_ext > FDT_BUILD_MAX_ISA_EXT) {
		return false;
	}
	if (m->num_isa_ext != 0 && !m->isa_ext) {
		return false;
	}
	for (unsigned i = 0; i < m->num_isa_ext; i++) {
		/* An empty entry would read back as a bogus extension name. */
		if (!m->isa_ext[i] || m->isa_ext[i][0] == '\0') {
			return false;
		}
	}
	/* Linux divides by the timebase when it sets up its clocksource. */
	if (m->timebase_freq == 0 || !range_ok(m->ram_base, m->ram_size)) {
		return false;
	}
	if (m->initrd_start != 0 || m->initrd_end != 0) {
		if (m->initrd_end < m->initrd_start || m->initrd_start < m->ram_base ||
		    m->initrd_end - m->ram_base > m->ram_size) {
			return false;
		}
	}
	if (m->rng_seed_len > FDT_BUILD_RNG_SEED_MAX || (m->rng_seed_len && !m->rng_seed)) {
		return false;
	}
	if (m->num_devices > FDT_BUILD_MAX_DEVICES || (m->num_devices != 0 && !m->devices)) {
		return false;
	}
	for (unsigned i = 0; i < m->num_devices; i++) {
		if (!device_ok(&m->devices[i])) {
			return false;
		}
	}
	return m->stdout_device >= -1 && m->stdout_device < (int)m->num_devices;
}

static void add_chosen(struct fdt_writer *w, const struct fdt_machine *m)
{
	char path[NAME_MAX_LEN + 8];

	begin_node(w, "chosen");
	if (m->bootargs) {
		prop_string(w, "bootargs", m->bootargs);
	}
	if (m->stdout_device >= 0) {
		const struct fdt_device *out = &m->devices[m->stdout_device];

		unit_name(put_str(path, "/soc/"), out->name, out->base);
		prop_string(w, "stdout-path", path);
	}
	if (m->initrd_start != 0 || m->initrd_end != 0) {
		prop_u64(w, "linux,initrd-start", m->initrd_start);
		prop_u64(w, "linux,initrd-end", m->initrd_end);
	}
	if (m->rng_seed_len) {
		uint8_t *p = prop_space(w, "rng-seed", m->rng_seed_len);

		if (p) {
			lib_memcpy(p, m->rng_seed, m->rng_seed_len);
		}
	}
	end_node(w);
}

static void add_memory(struct fdt_writer *w, const struct fdt_machine *m)
{
	char name[NAME_MAX_LEN];

	unit_name(name, "memory", m->ram_base);
	begin_node(w, name);
	prop_string(w, "device_type", "memory");
	prop_reg(w, m->ram_base, m->ram_size);
	end_node(w);
}

static void add_cpu(struct fdt_writer *w, const struct fdt_machine *m, unsigned i)
{
	char name[NAME_MAX_LEN];

	/* The unit address is reg (the hart id) in hex, as the devicetree spec requires. */
	unit_name(name, "cpu", i);
	begin_node(w, name);
	prop_string(w, "device_type", "cpu");
	prop_u32(w, "reg", i);
	prop_string(w, "status", "okay");
	prop_string(w, "compatible", "riscv");
	prop_string(w, "riscv,isa", m->isa);
	/* Without an extension list the guest falls back to parsing riscv,isa. */
	if (m->num_isa_ext != 0) {
		/* The base follows riscv,isa's width (the host's: an rv32 host runs RV32 guests). */
		prop_string(w, "riscv,isa-base",
			    lib_strncmp(m->isa, "rv32", 4) == 0 ? "rv32i" : "rv64i");
		prop_strings(w, "riscv,isa-extensions", m->isa_ext, m->num_isa_ext);
	}
	if (m->mmu_type) {
		prop_string(w, "mmu-type", m->mmu_type);
	}
	prop_u32(w, "phandle", PHANDLE_CPU(i));

	begin_node(w, "interrupt-controller");
	prop_string(w, "compatible", "riscv,cpu-intc");
	prop_u32(w, "#interrupt-cells", 1);
	/* An interrupt provider needs #address-cells for interrupt-map users; dtc warns without. */
	prop_u32(w, "#address-cells", 0);
	prop_empty(w, "interrupt-controller");
	prop_u32(w, "phandle", PHANDLE_INTC(i));
	end_node(w);

	end_node(w);
}

/* A single cluster: the guest gets no topology it could wrongly optimise for. */
static void add_cpu_map(struct fdt_writer *w, const struct fdt_machine *m)
{
	char name[NAME_MAX_LEN];

	begin_node(w, "cpu-map");
	begin_node(w, "cluster0");
	for (unsigned i = 0; i < m->num_cpus; i++) {
		put_dec(put_str(name, "core"), i);
		begin_node(w, name);
		prop_u32(w, "cpu", PHANDLE_CPU(i));
		end_node(w);
	}
	end_node(w);
	end_node(w);
}

static void add_cpus(struct fdt_writer *w, const struct fdt_machine *m)
{
	begin_node(w, "cpus");
	prop_u32(w, "#address-cells", 1);
	prop_u32(w, "#size-cells", 0);
	prop_u32(w, "timebase-frequency", m->timebase_freq);
	for (unsigned i = 0; i < m->num_cpus; i++) {
		add_cpu(w, m, i);
	}
	add_cpu_map(w, m);
	end_node(w);
}

void fdt_build_prop_empty(struct fdt_writer *w, const char *name)
{
	prop_empty(w, name);
}

void fdt_build_prop_u32(struct fdt_writer *w, const char *name, uint32_t v)
{
	prop_u32(w, name, v);
}

void fdt_build_prop_string(struct fdt_writer *w, const char *name, const char *s)
{
	prop_string(w, name, s);
}

void fdt_build_prop_cpu_irqs(struct fdt_writer *w, const char *name, uint32_t irq)
{
	uint8_t *p = prop_space(w, name, (size_t)w->num_cpus * 8);

	for (unsigned i = 0; p && i < w->num_cpus; i++) {
		put_be32(p + i * 8, PHANDLE_INTC(i));
		put_be32(p + i * 8 + 4, irq);
	}
}

static void add_device(struct fdt_writer *w, const struct fdt_device *d)
{
	char name[NAME_MAX_LEN];
	unsigned ncompat = 0;

	while (d->compatible[ncompat]) {
		ncompat++;
	}
	unit_name(name, d->name, d->base);
	begin_node(w, name);
	prop_strings(w, "compatible", d->compatible, ncompat);
	prop_reg(w, d->base, d->size);
	if (d->props) {
		d->props(w, d);
	}
	if (d->irq != 0) {
		prop_u32(w, "interrupts", d->irq);
		prop_u32(w, "interrupt-parent", PHANDLE_IRQCHIP);
	}
	end_node(w);
}

static void add_soc(struct fdt_writer *w, const struct fdt_machine *m)
{
	begin_node(w, "soc");
	prop_u32(w, "#address-cells", 2);
	prop_u32(w, "#size-cells", 2);
	prop_string(w, "compatible", "simple-bus");
	/* Empty ranges: soc addresses are guest-physical addresses, untranslated. */
	prop_empty(w, "ranges");
	for (unsigned i = 0; i < m->num_devices; i++) {
		add_device(w, &m->devices[i]);
	}
	end_node(w);
}

int fdt_build(const struct fdt_machine *m, void *buf, size_t bufsize)
{
	struct fdt_writer w = { .fdt = buf, .err = 0 };

	if (!m || !buf || !machine_ok(m)) {
		return -FDT_ERR_BADVALUE;
	}
	w.num_cpus = m->num_cpus;
	w.err = fdt_create(buf, (int)(bufsize > FDT_INT_MAX ? FDT_INT_MAX : bufsize));
	if (!w.err) {
		w.err = fdt_finish_reservemap(buf);
	}

	begin_node(&w, "");
	prop_u32(&w, "#address-cells", 2);
	prop_u32(&w, "#size-cells", 2);
	prop_string(&w, "compatible", "riscv-virtio");
	prop_string(&w, "model", "rvkvm,virt");
	add_chosen(&w, m);
	add_memory(&w, m);
	add_cpus(&w, m);
	add_soc(&w, m);
	end_node(&w);

	if (!w.err) {
		w.err = fdt_finish(buf);
	}
	return w.err;
}
