/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the kernel Image header parser and the guest-RAM placement built on it. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vmm/image.h"
#include "vmm/loader.h"
#include "vmm/machine.h"

/* Little-endian header fields, read here independently of vmm/image.c (boot-image-header.rst). */
static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

static int expected_rc(const uint8_t *d, size_t n)
{
	uint64_t text, footprint;

	if (n < 64) {
		return IMAGE_ETOOSMALL;
	}
	if (memcmp(d + 56, "RSC\x05", 4) != 0 && memcmp(d + 48, "RISCV\0\0\0", 8) != 0) {
		return IMAGE_EMAGIC;
	}
	if (le(d + 24, 8) & 1) {
		return IMAGE_EBIGENDIAN;
	}
	text = le(d + 8, 8);
	if (text % 4096 != 0) {
		return IMAGE_EALIGN;
	}
	footprint = le(d + 16, 8) > n ? le(d + 16, 8) : n;
	if (footprint > UINT64_MAX - text) {
		return IMAGE_EOVERFLOW;
	}
	return 0;
}

/* A plan must keep the kernel, the initrd and the device tree inside RAM and apart. */
static void check_plan(uint64_t ram_size, const struct image_info *img, size_t initrd,
		       const struct load_plan *p)
{
	const uint64_t base = MACHINE_RAM_BASE;
	const uint64_t end = base + ram_size;

	FZ_CHECK(p->kernel_gpa == base + img->text_offset, "kernel at 0x%llx",
		 (unsigned long long)p->kernel_gpa);
	FZ_CHECK(p->kernel_end - p->kernel_gpa == img->image_size, "kernel footprint");
	FZ_CHECK(p->kernel_gpa >= base && p->kernel_end <= end && p->kernel_gpa <= p->kernel_end,
		 "kernel [0x%llx, 0x%llx) outside RAM of %llu bytes",
		 (unsigned long long)p->kernel_gpa, (unsigned long long)p->kernel_end,
		 (unsigned long long)ram_size);
	FZ_CHECK(p->fdt_gpa >= p->kernel_end && p->fdt_gpa + LOADER_FDT_MAX <= end &&
			 p->fdt_gpa >= base,
		 "device tree at 0x%llx", (unsigned long long)p->fdt_gpa);
	if (initrd == 0) {
		FZ_CHECK(p->initrd_gpa == 0 && p->initrd_end == 0, "initrd without one");
		return;
	}
	FZ_CHECK(p->initrd_end - p->initrd_gpa == initrd, "initrd size");
	FZ_CHECK(p->initrd_gpa >= p->kernel_end && p->initrd_end <= p->fdt_gpa &&
			 p->initrd_gpa <= p->initrd_end,
		 "initrd [0x%llx, 0x%llx) overlaps the kernel or the device tree",
		 (unsigned long long)p->initrd_gpa, (unsigned long long)p->initrd_end);
	FZ_CHECK(p->initrd_gpa % 4096 == 0, "initrd not page aligned");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	struct load_plan plan;
	struct fz f;
	uint64_t ram_size;
	size_t initrd;
	int rc;

	memset(&info, 0xa5, sizeof(info));
	rc = image_parse(data, size, &info);
	FZ_CHECK(rc == expected_rc(data, size), "image_parse returned %d, want %d", rc,
		 expected_rc(data, size));
	FZ_CHECK(info.file_size == size, "file_size %zu, size %zu", info.file_size, size);
	FZ_CHECK(image_strerror(rc) != NULL, "no message for %d", rc);
	if (rc != 0) {
		return 0;
	}
	FZ_CHECK(info.text_offset == le(data + 8, 8), "text_offset");
	FZ_CHECK(info.version == le(data + 32, 4), "version");
	FZ_CHECK(info.image_size >= size && info.image_size >= le(data + 16, 8), "image_size");
	FZ_CHECK(!info.big_endian_flag, "big-endian accepted");

	/* The bytes after the header choose a RAM size and an initrd size for the loader. */
	f = fz_init(data + IMAGE_HEADER_SIZE, size - IMAGE_HEADER_SIZE);
	switch (fz_u8(&f) % 4) {
	case 0:
		ram_size = (uint64_t)fz_u16(&f) << 20; /* MiB: what --mem gives */
		break;
	case 1:
		ram_size = fz_u64(&f);
		break;
	case 2:
		/* Just around the edge. */
		ram_size = info.text_offset + info.image_size + fz_u32(&f);
		break;
	default:
		ram_size = UINT64_MAX - MACHINE_RAM_BASE - fz_u16(&f); /* the top of the space */
		break;
	}
	initrd = fz_bool(&f) ? (size_t)fz_u64(&f) : (size_t)fz_u32(&f);
	memset(&plan, 0x5a, sizeof(plan));
	if (loader_plan(MACHINE_RAM_BASE, ram_size, &info, initrd, &plan) == NULL) {
		check_plan(ram_size, &info, initrd, &plan);
	}
	return 0;
}
