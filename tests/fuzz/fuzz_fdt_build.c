/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the guest device-tree builder: a machine description made from the input, any
 * buffer size; the blob must stay inside the buffer, check with libfdt and say what was asked.
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

/* Strings made from the input; all freed at the end of the run. */
struct strings {
	char *s[FDT_BUILD_MAX_ISA_EXT + 8];
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
	if (m->plic_num_sources < 1 || m->plic_num_sources > FDT_BUILD_PLIC_MAX_SOURCES ||
	    !range_ok(m->plic_base, m->plic_size) || !range_ok(m->uart_base, m->uart_size) ||
	    m->uart_irq < 1 || m->uart_irq > m->plic_num_sources) {
		return false;
	}
	if (m->virtio_count) {
		unsigned __int128 span = (unsigned __int128)m->virtio_stride * m->virtio_count;

		if (m->virtio_stride == 0 || span > UINT64_MAX ||
		    !range_ok(m->virtio_base, (uint64_t)span) || m->virtio_irq_base < 1 ||
		    (uint64_t)m->virtio_irq_base + m->virtio_count - 1 > m->plic_num_sources) {
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
	FZ_CHECK(p && fdt_path_offset(fdt, p) >= 0, "stdout-path does not resolve");
	p = fdt_getprop(fdt, off, "linux,initrd-start", &len);
	if (m->initrd_start || m->initrd_end) {
		FZ_CHECK(p && len == 8 && be64(p) == m->initrd_start, "initrd-start");
	} else {
		FZ_CHECK(p == NULL, "initrd without one");
	}

	off = node(fdt, "/soc/plic@%" PRIx64, m->plic_base);
	p = fdt_getprop(fdt, off, "interrupts-extended", &len);
	FZ_CHECK(p && len == (int)(8 * m->num_cpus), "interrupts-extended of %d bytes", len);
	p = fdt_getprop(fdt, off, "riscv,ndev", &len);
	FZ_CHECK(p && len == 4 && be32(p) == m->plic_num_sources, "riscv,ndev");
	off = node(fdt, "/soc/serial@%" PRIx64, m->uart_base);
	p = fdt_getprop(fdt, off, "interrupts", &len);
	FZ_CHECK(p && len == 4 && be32(p) == m->uart_irq, "uart interrupts");

	count = 0;
	fdt_for_each_subnode(off, fdt, node(fdt, "/soc", 0))
	{
		if (strncmp(fdt_get_name(fdt, off, NULL), "virtio_mmio@", 12) == 0) {
			count++;
		}
	}
	FZ_CHECK(count == (int)m->virtio_count, "%d virtio nodes, want %u", count, m->virtio_count);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	m.plic_base = fz_bool(&f) ? 0x0c000000 : pick_addr(&f);
	m.plic_size = fz_bool(&f) ? 0x04000000 : pick_size(&f);
	m.plic_num_sources = fz_bool(&f) ? 95 : fz_below(&f, 1100);
	m.uart_base = fz_bool(&f) ? 0x10000000 : pick_addr(&f);
	m.uart_size = fz_bool(&f) ? 0x100 : pick_size(&f);
	m.uart_irq = fz_bool(&f) ? 10 : fz_u32(&f) % 1100;
	m.uart_clock = fz_u32(&f);
	m.virtio_count = fz_below(&f, 40);
	m.virtio_base = fz_bool(&f) ? 0x10001000 : pick_addr(&f);
	m.virtio_stride = fz_bool(&f) ? 0x1000 : pick_size(&f);
	m.virtio_irq_base = fz_bool(&f) ? 1 : fz_u32(&f) % 1100;
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
