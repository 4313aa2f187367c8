/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the guest's device tree with libfdt's sequential-write API from a struct fdt_machine. */
#include "vmm/fdt_build.h"

#include <stdbool.h>
#include <stdint.h>

#include <libfdt.h>

#include "lib/string.h"

/*
 * Phandles are fixed per role (not handed out in creation order) so that the blob depends only on
 * the machine and a CPU's phandles do not move when the CPU count changes.
 */
#define PHANDLE_PLIC 1u
#define PHANDLE_CPU(i) (2u + (uint32_t)(i))
#define PHANDLE_INTC(i) (2u + FDT_BUILD_MAX_CPUS + (uint32_t)(i))

/* Local interrupt number of the supervisor external interrupt (mip.SEIP), used by the PLIC. */
#define IRQ_S_EXT 9u

/* Long enough for "virtio_mmio@" plus 16 hex digits and the NUL, with room to spare. */
#define NAME_MAX_LEN 48

/* libfdt takes the buffer size as an int; sizes beyond that are clamped, not truncated. */
_Static_assert(sizeof(int) == 4, "libfdt sizes are int, assumed 32-bit");
#define FDT_INT_MAX ((size_t)INT32_MAX)

/*
 * The sequential-write calls share one sticky error, so building the tree reads as a plain list of
 * nodes and properties: after the first failure every call is a no-op and the error survives.
 */
struct writer {
	void *fdt;
	int err;
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Returns a pointer to a @len-byte property value to fill in, or NULL after an error. */
static uint8_t *prop_space(struct writer *w, const char *name, size_t len)
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

static void begin_node(struct writer *w, const char *name)
{
	if (!w->err) {
		w->err = fdt_begin_node(w->fdt, name);
	}
}

static void end_node(struct writer *w)
{
	if (!w->err) {
		w->err = fdt_end_node(w->fdt);
	}
}

static void prop_empty(struct writer *w, const char *name)
{
	prop_space(w, name, 0);
}

static void prop_u32(struct writer *w, const char *name, uint32_t v)
{
	uint8_t *p = prop_space(w, name, 4);

	if (p) {
		put_be32(p, v);
	}
}

static void prop_u64(struct writer *w, const char *name, uint64_t v)
{
	uint8_t *p = prop_space(w, name, 8);

	if (p) {
		put_be32(p, (uint32_t)(v >> 32));
		put_be32(p + 4, (uint32_t)v);
	}
}

/* One (address, size) pair in the 2-cell address and 2-cell size format of / and /soc. */
static void prop_reg(struct writer *w, uint64_t base, uint64_t size)
{
	uint8_t *p = prop_space(w, "reg", 16);

	if (p) {
		put_be32(p, (uint32_t)(base >> 32));
		put_be32(p + 4, (uint32_t)base);
		put_be32(p + 8, (uint32_t)(size >> 32));
		put_be32(p + 12, (uint32_t)size);
	}
}

static void prop_strings(struct writer *w, const char *name, const char *const *strs, unsigned n)
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

static void prop_string(struct writer *w, const char *name, const char *s)
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

/* True when PLIC sources first .. first + count - 1 all exist (source 0 is not an interrupt). */
static bool irqs_ok(const struct fdt_machine *m, uint64_t first, uint64_t count)
{
	return first >= 1 && first + count - 1 <= m->plic_num_sources;
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
	if (m->plic_num_sources == 0 || m->plic_num_sources > FDT_BUILD_PLIC_MAX_SOURCES ||
	    !range_ok(m->plic_base, m->plic_size)) {
		return false;
	}
	if (!range_ok(m->uart_base, m->uart_size) || !irqs_ok(m, m->uart_irq, 1)) {
		return false;
	}
	if (m->virtio_count != 0) {
		if (m->virtio_stride == 0 || m->virtio_stride > UINT64_MAX / m->virtio_count ||
		    !range_ok(m->virtio_base, m->virtio_stride * m->virtio_count) ||
		    !irqs_ok(m, m->virtio_irq_base, m->virtio_count)) {
			return false;
		}
	}
	return true;
}

static void add_chosen(struct writer *w, const struct fdt_machine *m)
{
	char path[NAME_MAX_LEN + 8];

	begin_node(w, "chosen");
	if (m->bootargs) {
		prop_string(w, "bootargs", m->bootargs);
	}
	unit_name(put_str(path, "/soc/"), "serial", m->uart_base);
	prop_string(w, "stdout-path", path);
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

static void add_memory(struct writer *w, const struct fdt_machine *m)
{
	char name[NAME_MAX_LEN];

	unit_name(name, "memory", m->ram_base);
	begin_node(w, name);
	prop_string(w, "device_type", "memory");
	prop_reg(w, m->ram_base, m->ram_size);
	end_node(w);
}

static void add_cpu(struct writer *w, const struct fdt_machine *m, unsigned i)
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
		prop_string(w, "riscv,isa-base", "rv64i");
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
static void add_cpu_map(struct writer *w, const struct fdt_machine *m)
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

static void add_cpus(struct writer *w, const struct fdt_machine *m)
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

static void add_plic(struct writer *w, const struct fdt_machine *m)
{
	static const char *const compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	char name[NAME_MAX_LEN];
	uint8_t *p;

	unit_name(name, "plic", m->plic_base);
	begin_node(w, name);
	prop_strings(w, "compatible", compat, 2);
	prop_reg(w, m->plic_base, m->plic_size);
	prop_empty(w, "interrupt-controller");
	prop_u32(w, "#interrupt-cells", 1);
	prop_u32(w, "#address-cells", 0);
	prop_u32(w, "riscv,ndev", m->plic_num_sources);
	prop_u32(w, "phandle", PHANDLE_PLIC);
	/* Context i is vCPU i's supervisor context: it signals that hart's S-mode external line. */
	p = prop_space(w, "interrupts-extended", (size_t)m->num_cpus * 8);
	for (unsigned i = 0; p && i < m->num_cpus; i++) {
		put_be32(p + i * 8, PHANDLE_INTC(i));
		put_be32(p + i * 8 + 4, IRQ_S_EXT);
	}
	end_node(w);
}

static void add_uart(struct writer *w, const struct fdt_machine *m)
{
	char name[NAME_MAX_LEN];

	unit_name(name, "serial", m->uart_base);
	begin_node(w, name);
	prop_string(w, "compatible", "ns16550a");
	prop_reg(w, m->uart_base, m->uart_size);
	prop_u32(w, "clock-frequency", m->uart_clock);
	prop_u32(w, "interrupts", m->uart_irq);
	prop_u32(w, "interrupt-parent", PHANDLE_PLIC);
	end_node(w);
}

static void add_virtio(struct writer *w, const struct fdt_machine *m)
{
	char name[NAME_MAX_LEN];

	for (unsigned i = 0; i < m->virtio_count; i++) {
		uint64_t base = m->virtio_base + (uint64_t)i * m->virtio_stride;

		unit_name(name, "virtio_mmio", base);
		begin_node(w, name);
		prop_string(w, "compatible", "virtio,mmio");
		prop_reg(w, base, m->virtio_stride);
		prop_u32(w, "interrupts", m->virtio_irq_base + i);
		prop_u32(w, "interrupt-parent", PHANDLE_PLIC);
		end_node(w);
	}
}

static void add_soc(struct writer *w, const struct fdt_machine *m)
{
	begin_node(w, "soc");
	prop_u32(w, "#address-cells", 2);
	prop_u32(w, "#size-cells", 2);
	prop_string(w, "compatible", "simple-bus");
	/* Empty ranges: soc addresses are guest-physical addresses, untranslated. */
	prop_empty(w, "ranges");
	add_plic(w, m);
	add_uart(w, m);
	add_virtio(w, m);
	end_node(w);
}

int fdt_build(const struct fdt_machine *m, void *buf, size_t bufsize)
{
	struct writer w = { .fdt = buf, .err = 0 };

	if (!m || !buf || !machine_ok(m)) {
		return -FDT_ERR_BADVALUE;
	}
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
