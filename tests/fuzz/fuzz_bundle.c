/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the VM bundle: the newc cpio reader, then what the VMM does with the files it
 * finds (config, Image header, RAM placement, device tree), as vmm/vmm.c does at VM start.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include <libfdt.h>

#include "vmm/bundle.h"
#include "vmm/fdt_build.h"
#include "vmm/guest_fdt.h"
#include "vmm/image.h"
#include "vmm/loader.h"
#include "vmm/machine.h"
#include "vmm/vm_config.h"

/* More entries than this cannot fit: each takes at least a header and a 2-byte name. */
#define MIN_ENTRY 112

static bool inside(const uint8_t *a, size_t size, const void *p, size_t len)
{
	const uint8_t *q = p;

	return q >= a && q <= a + size && len <= (size_t)(a + size - q);
}

/* Walks the archive with bundle_next, checking every answer; returns what ended the walk. */
static int walk(const uint8_t *a, size_t size, const char *want, unsigned *matches,
		struct bundle_file *match)
{
	size_t pos = 0, want_len = strlen(want);
	unsigned files = 0;
	int rc;

	if (want_len >= 2 && want[0] == '.' && want[1] == '/') {
		want += 2;
		want_len -= 2;
	}
	*matches = 0;
	for (;;) {
		struct bundle_file file;
		size_t before = pos;

		rc = bundle_next(a, size, &pos, &file);
		if (rc != 1) {
			break;
		}
		files++;
		FZ_CHECK(files <= size / MIN_ENTRY + 1, "%u files in %zu bytes", files, size);
		FZ_CHECK(pos > before && pos <= size && pos % 4 == 0, "pos %zu after %zu", pos,
			 before);
		FZ_CHECK(inside(a, size, file.name, file.name_len + 1), "name outside the archive");
		FZ_CHECK(file.name[file.name_len] == '\0', "name not NUL-terminated");
		FZ_CHECK(memchr(file.name, '\0', file.name_len) == NULL, "NUL inside the name");
		FZ_CHECK(inside(a, size, file.data, file.size), "data outside the archive");
		FZ_CHECK(file.data >= (const uint8_t *)file.name + file.name_len + 1,
			 "data overlaps the name");
		FZ_CHECK(file.data + file.size <= a + pos, "data runs past the next entry");
		if (file.name_len == want_len && memcmp(file.name, want, want_len) == 0) {
			if (++*matches == 1) {
				*match = file;
			} else {
				/* bundle_find stops at the second match. */
				return BUNDLE_EDUP;
			}
		}
	}
	FZ_CHECK(rc <= 0 && rc >= BUNDLE_EINVAL, "bundle_next returned %d", rc);
	FZ_CHECK(bundle_strerror(rc) != NULL, "no message");
	if (rc == 0) {
		size_t again = pos;
		struct bundle_file file;

		/* The trailer is sticky. */
		FZ_CHECK(bundle_next(a, size, &again, &file) == 0 && again == pos, "trailer moved");
	}
	return rc;
}

/* bundle_find must agree with a walk by bundle_next. */
static int find(const uint8_t *a, size_t size, const char *name, struct bundle_file *out)
{
	struct bundle_file want_file = { 0 }, got = { 0 };
	unsigned matches;
	int want = walk(a, size, name, &matches, &want_file);
	int rc;

	if (want == 0) {
		want = matches == 0 ? BUNDLE_ENOENT : 0;
	}
	rc = bundle_find(a, size, name, &got);
	FZ_CHECK(rc == want, "bundle_find(%s) = %d, walk says %d", name, rc, want);
	if (rc == 0) {
		FZ_CHECK(got.name == want_file.name && got.data == want_file.data &&
				 got.size == want_file.size && got.name_len == want_file.name_len,
			 "bundle_find(%s) found another file", name);
		*out = got;
	}
	return rc;
}

/* The guest's device tree for this config, as the VMM builds it (a typical host's ISA). */
static void build_fdt(const struct vm_config *cfg, const struct load_plan *plan)
{
	static const char isa[] = "rv64imafdc_zicsr_zifencei_zihintpause_sstc";
	static struct guest_fdt_isa split;
	struct fdt_machine m;

	guest_fdt_split_isa(&split, isa);
	FZ_CHECK(split.n == 10, "the ISA string split into %u extensions, not 10", split.n);
	guest_fdt_machine(&m, cfg, plan, isa, &split, "riscv,sv57", 10000000);
	/* As many device nodes as the builder takes (the board's come from vmm/board_layout.c). */
	static const char *const compat[] = { "virtio,mmio", NULL };
	static struct fdt_device nodes[FDT_BUILD_MAX_DEVICES];
	for (unsigned i = 0; i < FDT_BUILD_MAX_DEVICES; i++) {
		nodes[i] =
			(struct fdt_device){ "virtio_mmio", compat, 0x10001000ull + 0x1000ull * i,
					     0x1000,        1 + i,  NULL };
	}
	m.devices = nodes;
	m.num_devices = FDT_BUILD_MAX_DEVICES;
	m.stdout_device = 0;
	uint8_t *buf = malloc(LOADER_FDT_MAX);
	int rc = fdt_build(&m, buf, LOADER_FDT_MAX);

	/* The longest command line on 64 vCPUs fits: a config that parsed always gets a tree. */
	FZ_CHECK(rc == 0, "fdt_build for a valid config failed: %d", rc);
	FZ_CHECK(fdt_check_full(buf, LOADER_FDT_MAX) == 0, "the tree does not check");
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_file conf, kernel, initrd = { 0 }, any;
	struct vm_config cfg;
	struct image_info img;
	struct load_plan plan;
	size_t pos = 0;
	char err[128];
	char name[64];

	/* Any name that is in the archive, so duplicates of odd names are looked up too. */
	if (bundle_next(data, size, &pos, &any) == 1 && any.name_len < sizeof(name)) {
		memcpy(name, any.name, any.name_len + 1);
		if (name[0] != '\0') {
			find(data, size, name, &any);
		}
	}
	if (find(data, size, "./vm0/config", &conf) != 0) {
		return 0;
	}
	if (vm_config_parse((const char *)conf.data, conf.size, &cfg, err, sizeof(err)) != 0) {
		return 0;
	}
	if (find(data, size, "vm0/kernel", &kernel) != 0) {
		return 0;
	}
	if (find(data, size, "vm0/initrd", &initrd) != 0) {
		initrd.size = 0;
	}
	if (image_parse(kernel.data, kernel.size, &img) != 0) {
		return 0;
	}
	if (loader_plan(MACHINE_RAM_BASE, cfg.mem_size, &img, initrd.size, &plan) != NULL) {
		return 0;
	}
	build_fdt(&cfg, &plan);
	return 0;
}
