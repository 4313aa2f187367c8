/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the guest device-tree builder: a machine description made from the input (its
 * devices too), any buffer size; the blob must stay inside the buffer, check with libfdt and say
 * what was asked.
 */
#include "tests/fuzz/fuzz.h"

#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "vmm/fdt_build.h"

#define GUARD 256
#define GUARD_BYTE 0xa7
#define BIG_BUF (256u * 1024) /* enough for any machine the builder accepts (~100 KiB at most) */
#define MAX_STR 64
#define MAX_BOOTARGS 2048
#define MAX_DEVICES (FDT_BUILD_MAX_DEVICES + 2)

/* Strings made from the input; all freed at the end of the run. */
struct strings {
	char *s[FDT_BUILD_MAX_ISA_EXT + 8 + MAX_DEVICES];
	unsigned n;
};

static char *take_string(struct fz *f, struct strings *st, size_t max)
{
	size_t len = fz_below(f, (unsigned)max + 1);
	size_t got;
	const uint8_t *p = fz_bytes(f, len, &got);
	char *s = malloc(got + 1);

	memcpy(s, p, got);
	s[got] = '\0';
	st->s[st->n++] = s;
	return s;
}

static uint64_t pick_addr(struct fz *f)
{
	static const uint64_t interesting[] = { 0,
						0x1000,
						0x0c000000,
						0x10000000,
						0x80000000,
						0x100000000ull,
						0xfffffffffffff000ull,
						UINT64_MAX,
						UINT64_MAX - 1,
						1ull << 63 };

	if (fz_bool(f)) {
		return interesting[fz_below(f, sizeof(interesting) / sizeof(interesting[0]))];
	}
	return fz_u64(f);
}

static uint64_t pick_size(struct fz *f)
{
	switch (fz_u8(f) % 4) {
	case 0:
		return (uint64_t)fz_u16(f) << 12;
	case 1:
		return (uint64_t)fz_u8(f) << 20;
	case 2:
		return pick_addr(f);
	default:
		return fz_u64(f);
	}
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + (size - 1) >= base;
}

/* The header's list of machines that cannot exist, restated independently of the builder. */
static bool machine_valid(const struct fdt_machine *m)
{
	if (m->num_cpus < 1 || m->num_cpus > FDT_BUILD_MAX_CPUS || !m->isa || !m->isa[0] ||
	    m->num_isa_ext > FDT_BUILD_MAX_ISA_EXT || m->timebase_freq == 0 ||
	    !range_ok(m->ram_base, m->ram_size)) {
		return false;
	}
	for (unsigned i = 0; i < m->num_isa_ext; i++) {
		if (!m->isa_ext || !m->isa_ext[i] || !m->isa_ext[i][0]) {
			return false;
		}
	}
	if ((m->initrd_start || m->initrd_end) &&
	    (m->initrd_start > m->initrd_end || m->initrd_start < m->ram_base ||
	     m->initrd_end - m->ram_base > m->ram_size)) {
		return false;
	}
	if (m->num_devices > FDT_BUILD_MAX_DEVICES || (m->num_devices && !m->devices) ||
	    m->stdout_device < -1 || m->stdout_device >= (int)m->num_devices) {
		return false;
	}
	for (unsigned i = 0; i < m->num_devices; i++) {
		const struct fdt_device *d = &m->devices[i];

		if (!d->name || !d->name[0] || strlen(d->name) > FDT_BUILD_NAME_MAX ||
		    !d->compatible || !d->compatible[0] || !range_ok(d->base, d->size)) {
			return false;
		}
	}
	return true;
}

/* Property values are only 4-byte aligned: read them byte by byte. */
static uint64_t be64(const void *p)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++) {
		v = v << 8 | b[i];
	}
	return v;
}

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int node(const void *fdt, const char *fmt, uint64_t addr)
{
	char path[96];
	int off;

	snprintf(path, sizeof(path), fmt, addr);
	off = fdt_path_offset(fdt, path);
	FZ_CHECK(off >= 0, "no node %s: %s", path, fdt_strerror(off));
	return off;
}

static void check_string(const void *fdt, int off, const char *prop, const char *want)
{
	int len;
	const char *got = fdt_getprop(fdt, off, prop, &len);

	FZ_CHECK(got && (size_t)len == strlen(want) + 1 && memcmp(got, want, (size_t)len) == 0,
		 "%s is not '%s'", prop, want);
}

/* Reads the blob back with libfdt and compares it with the machine it describes. */
static void check_tree(const void *fdt, const struct fdt_machine *m)
{
	int cpus, off, len, count = 0;
	const void *p;

	cpus = node(fdt, "/cpus", 0);
	fdt_for_each_subnode(off, fdt, cpus)
	{
		const char *name = fdt_get_name(fdt, off, NULL);

		if (strncmp(name, "cpu@", 4) != 0) {
			continue;
		}
		count++;
		check_string(fdt, off, "riscv,isa", m->isa);
		p = fdt_getprop(fdt, off, "riscv,isa-extensions", &len);
		if (m->num_isa_ext == 0) {
			FZ_CHECK(p == NULL, "isa-extensions without extensions");
		} else {
			FZ_CHECK(fdt_stringlist_count(fdt, off, "riscv,isa-extensions") ==
					 (int)m->num_isa_ext,
				 "isa-extensions count");
			for (unsigned i = 0; i < m->num_isa_ext; i++) {
				const char *s = fdt_stringlist_get(fdt, off, "riscv,isa-extensions",
								   (int)i, NULL);

				FZ_CHECK(s && strcmp(s, m->isa_ext[i]) == 0, "extension %u", i);
			}
		}
		if (m->mmu_type) {
			check_string(fdt, off, "mmu-type", m->mmu_type);
		}
	}
	FZ_CHECK(count == (int)m->num_cpus, "%d cpu nodes for %u vCPUs", count, m->num_cpus);
	p = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	FZ_CHECK(p && len == 4 && be32(p) == m->timebase_freq, "timebase-frequency");

	off = node(fdt, "/memory@%" PRIx64, m->ram_base);
	p = fdt_getprop(fdt, off, "reg", &len);
	FZ_CHECK(p && len == 16 && be64(p) == m->ram_base &&
			 be64((const uint8_t *)p + 8) == m->ram_size,
		 "memory reg");

	off = node(fdt, "/chosen", 0);
	if (m->bootargs) {
		check_string(fdt, off, "bootargs", m->bootargs);
	} else {
		FZ_CHECK(fdt_getprop(fdt, off, "bootargs", NULL) == NULL, "bootargs without any");
	}
	p = fdt_getprop(fdt, off, "stdout-path", &len);
	if (m->stdout_device >= 0) {
		FZ_CHECK(p && fdt_path_offset(fdt, p) >= 0, "stdout-path does not resolve");
	} else {
		FZ_CHECK(p == NULL, "stdout-path without a stdout device");
	}
	p = fdt_getprop(fdt, off, "linux,initrd-start", &len);
	if (m->initrd_start || m->initrd_end) {
		FZ_CHECK(p && len == 8 && be64(p) == m->initrd_start, "initrd-start");
	} else {
		FZ_CHECK(p == NULL, "initrd without one");
	}

	/* Each device's node, in order (two devices may share a name: the first is found). */
	count = 0;
	fdt_for_each_subnode(off, fdt, node(fdt, "/soc", 0))
	{
		const struct fdt_device *d = &m->devices[count];

		FZ_CHECK(count < (int)m->num_devices, "more /soc nodes than devices");
		p = fdt_stringlist_get(fdt, off, "compatible", 0, NULL);
		FZ_CHECK(p && strcmp(p, d->compatible[0]) == 0, "device %d compatible", count);
		p = fdt_getprop(fdt, off, "reg", &len);
		FZ_CHECK(p && len == 16 && be64(p) == d->base &&
				 be64((const uint8_t *)p + 8) == d->size,
			 "device %d reg", count);
		p = fdt_getprop(fdt, off, "interrupts", &len);
		if (d->irq) {
			FZ_CHECK(p && len == 4 && be32(p) == d->irq, "device %d interrupts", count);
		} else {
			FZ_CHECK(p == NULL, "device %d interrupts without one", count);
		}
		p = fdt_getprop(fdt, off, "interrupts-extended", &len);
		if (d->props) {
			FZ_CHECK(p && len == (int)(8 * m->num_cpus),
				 "interrupts-extended of %d bytes", len);
		}
		count++;
	}
	FZ_CHECK(count == (int)m->num_devices, "%d device nodes, want %u", count, m->num_devices);
}

/* The blob's total size; through a void pointer, as libfdt's macro casts to its 4-aligned header. */
static uint32_t totalsize(const void *fdt)
{
	return fdt_totalsize(fdt);
}

/* Builds into a bufsize-byte buffer followed by a guard that must stay untouched. */
static int build(const struct fdt_machine *m, size_t bufsize, uint8_t **out)
{
	uint8_t *buf = malloc(bufsize + GUARD);
	int rc;

	memset(buf + bufsize, GUARD_BYTE, GUARD);
	rc = fdt_build(m, buf, bufsize);
	for (size_t i = 0; i < GUARD; i++) {
		FZ_CHECK(buf[bufsize + i] == GUARD_BYTE,
			 "fdt_build wrote byte %zu past a %zu-byte buffer (rc %d)", i, bufsize, rc);
	}
	*out = buf;
	return rc;
}

/* A device's own properties: what an interrupt controller writes. */
static void irqchip_props(struct fdt_writer *w, const struct fdt_device *d)
{
	(void)d;
	fdt_build_prop_empty(w, "interrupt-controller");
	fdt_build_prop_u32(w, "phandle", FDT_BUILD_PHANDLE_IRQCHIP);
	fdt_build_prop_cpu_irqs(w, "interrupts-extended", 9);
}

static void take_devices(struct fz *f, struct strings *st, struct fdt_machine *m,
			 struct fdt_device *dev)
{
	static const char *const names[] = { "plic", "serial", "virtio_mmio" };
	static const char *const compat[] = { "virtio,mmio", "ns16550a", NULL };
	unsigned n = fz_below(f, MAX_DEVICES + 1);

	for (unsigned i = 0; i < n; i++) {
		struct fdt_device *d = &dev[i];

		d->name = fz_u8(f) < 8 ? take_string(f, st, 30) : names[fz_below(f, 3)];
		if (fz_u8(f) == 0xff) {
			d->name = NULL;
		}
		d->compatible = fz_u8(f) < 4 ? NULL : &compat[fz_below(f, 3)];
		d->base = fz_bool(f) ? 0x10001000ull + 0x1000ull * i : pick_addr(f);
		d->size = fz_bool(f) ? 0x1000 : pick_size(f);
		d->irq = fz_bool(f) ? 1 + i : fz_u32(f);
		d->props = fz_u8(f) < 32 ? irqchip_props : NULL;
	}
	m->devices = fz_u8(f) == 0xff ? NULL : dev;
	m->num_devices = n;
	m->stdout_device = (int)fz_below(f, n + 2) - 1;
	if (fz_u8(f) == 0xff) {
		m->stdout_device = -2;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt_device devices[MAX_DEVICES];
	static const char *const mmu[] = { "riscv,sv39", "riscv,sv48", "riscv,sv57" };
	const char *ext[FDT_BUILD_MAX_ISA_EXT + 4];
	struct strings st = { .n = 0 };
	struct fdt_machine m;
	struct fz f = fz_init(data, size);
	size_t bufsize;
	uint8_t *buf, *buf2;
	bool valid;
	int rc;

	memset(&m, 0, sizeof(m));
	m.num_cpus = fz_below(&f, FDT_BUILD_MAX_CPUS + 3);
	m.isa = fz_u8(&f) == 0xff ? NULL : take_string(&f, &st, MAX_STR);
	m.num_isa_ext = fz_below(&f, FDT_BUILD_MAX_ISA_EXT + 3);
	for (unsigned i = 0; i < m.num_isa_ext && i < sizeof(ext) / sizeof(ext[0]); i++) {
		ext[i] = fz_u8(&f) == 0xff ? NULL : take_string(&f, &st, 12);
	}
	m.isa_ext = fz_u8(&f) == 0xff ? NULL : ext;
	switch (fz_u8(&f) % 3) {
	case 0:
		m.mmu_type = NULL;
		break;
	case 1:
		m.mmu_type = mmu[fz_below(&f, 3)];
		break;
	default:
		m.mmu_type = take_string(&f, &st, MAX_STR);
		break;
	}
	m.timebase_freq = fz_bool(&f) ? 10000000 : fz_u32(&f);
	m.ram_base = fz_bool(&f) ? 0x80000000 : pick_addr(&f);
	m.ram_size = pick_size(&f);
	if (fz_bool(&f)) {
		m.bootargs = take_string(&f, &st, fz_bool(&f) ? MAX_BOOTARGS : MAX_STR);
	}
	switch (fz_u8(&f) % 3) {
	case 0:
		break;
	case 1: /* somewhere in RAM, maybe past its end */
		m.initrd_start = m.ram_base + ((uint64_t)fz_u16(&f) << 12);
		m.initrd_end = m.initrd_start + ((uint64_t)fz_u16(&f) << 12);
		break;
	default:
		m.initrd_start = pick_addr(&f);
		m.initrd_end = pick_addr(&f);
		break;
	}
	take_devices(&f, &st, &m, devices);
	switch (fz_u8(&f) % 4) {
	case 0:
		bufsize = 64 * 1024; /* what the VMM gives it */
		break;
	case 1:
		bufsize = BIG_BUF;
		break;
	default:
		bufsize = fz_u16(&f) % 20000;
		break;
	}

	valid = machine_valid(&m);
	rc = build(&m, bufsize, &buf);
	if (!valid) {
		FZ_CHECK(rc == -FDT_ERR_BADVALUE, "an impossible machine gave %d", rc);
		goto out;
	}
	FZ_CHECK(rc == 0 || rc == -FDT_ERR_NOSPACE, "a valid machine gave %d (%s)", rc,
		 fdt_strerror(rc));
	if (rc == -FDT_ERR_NOSPACE) {
		/* Too small a buffer is the only excuse: a big one must do. */
		free(buf);
		bufsize = BIG_BUF;
		rc = build(&m, bufsize, &buf);
		FZ_CHECK(rc == 0, "no tree even in %zu bytes: %d", bufsize, rc);
	}
	FZ_CHECK(fdt_check_full(buf, bufsize) == 0, "fdt_check_full: %s",
		 fdt_strerror(fdt_check_full(buf, bufsize)));
	FZ_CHECK(totalsize(buf) <= bufsize, "totalsize %u > %zu", totalsize(buf), bufsize);
	check_tree(buf, &m);

	/* The same machine gives the same blob. */
	FZ_CHECK(build(&m, bufsize, &buf2) == 0, "second build failed");
	FZ_CHECK(memcmp(buf, buf2, totalsize(buf)) == 0, "not deterministic");
	free(buf2);
out:
	free(buf);
	for (unsigned i = 0; i < st.n; i++) {
		free(st.s[i]);
	}
	return 0;
}
