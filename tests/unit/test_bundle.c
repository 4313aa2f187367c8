/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the newc cpio bundle reader (vmm/bundle.c), including hostile archives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/bundle.h"

#define MODE_REG 0100644u
#define MODE_DIR 0040755u
#define MODE_LNK 0120777u
#define MODE_CHR 0020644u
#define MODE_FIFO 0010644u

#define HDR_SIZE 110
#define FIELD_OFF(i) (6 + (i)*8)
#define F_FILESIZE 6

/*
 * Made once with:
 *   mkdir -p vm0; printf 'cpus=2\nmem=64M\n' >vm0/config; printf KERNEL >vm0/kernel
 *   ln -s kernel vm0/link; find . | sort | cpio -o -H newc --owner=0:0
 * It holds ".", "vm0" (directories), vm0/config, vm0/kernel, vm0/link (a
 * symlink) and the trailer, padded by cpio to two 512-byte blocks.
 */
static const uint8_t real_archive[] = {
	0x30, 0x37, 0x30, 0x37, 0x30, 0x31, 0x30, 0x30, 0x41, 0x37, 0x32, 0x33, 0x45, 0x44, 0x30,
	0x30, 0x30, 0x30, 0x34, 0x31, 0x45, 0x44, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x33, 0x36, 0x35, 0x39, 0x32, 0x30, 0x30, 0x38, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x46, 0x45, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x32, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x2e, 0x00, 0x30, 0x37, 0x30, 0x37, 0x30, 0x31, 0x30, 0x30,
	0x41, 0x37, 0x32, 0x33, 0x45, 0x45, 0x30, 0x30, 0x30, 0x30, 0x34, 0x31, 0x45, 0x44, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x32, 0x36, 0x35, 0x39, 0x32, 0x30, 0x30, 0x38,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x46, 0x45, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x76, 0x6d, 0x30,
	0x00, 0x00, 0x00, 0x30, 0x37, 0x30, 0x37, 0x30, 0x31, 0x30, 0x30, 0x41, 0x37, 0x32, 0x33,
	0x45, 0x46, 0x30, 0x30, 0x30, 0x30, 0x38, 0x31, 0x41, 0x34, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x31, 0x36, 0x35, 0x39, 0x32, 0x30, 0x30, 0x38, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x46, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x46, 0x45, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x42,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x76, 0x6d, 0x30, 0x2f, 0x63, 0x6f, 0x6e,
	0x66, 0x69, 0x67, 0x00, 0x00, 0x00, 0x00, 0x63, 0x70, 0x75, 0x73, 0x3d, 0x32, 0x0a, 0x6d,
	0x65, 0x6d, 0x3d, 0x36, 0x34, 0x4d, 0x0a, 0x00, 0x30, 0x37, 0x30, 0x37, 0x30, 0x31, 0x30,
	0x30, 0x41, 0x37, 0x32, 0x33, 0x46, 0x30, 0x30, 0x30, 0x30, 0x30, 0x38, 0x31, 0x41, 0x34,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x31, 0x36, 0x35, 0x39, 0x32, 0x30, 0x30,
	0x38, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x36, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x46, 0x45, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x42, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x76, 0x6d,
	0x30, 0x2f, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x4b, 0x45, 0x52,
	0x4e, 0x45, 0x4c, 0x00, 0x00, 0x30, 0x37, 0x30, 0x37, 0x30, 0x31, 0x30, 0x30, 0x41, 0x37,
	0x32, 0x33, 0x46, 0x31, 0x30, 0x30, 0x30, 0x30, 0x41, 0x31, 0x46, 0x46, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x31, 0x36, 0x42, 0x30, 0x31, 0x38, 0x39, 0x32, 0x43, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x36, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x46, 0x45,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x39, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x76, 0x6d, 0x30, 0x2f, 0x6c,
	0x69, 0x6e, 0x6b, 0x00, 0x00, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c, 0x00, 0x00, 0x30, 0x37,
	0x30, 0x37, 0x30, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x31, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x42, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x54, 0x52, 0x41, 0x49, 0x4c, 0x45, 0x52, 0x21, 0x21, 0x21, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};
#define REAL_TRAILER_NAME_END (0x2e2 + 11)

/* A tiny newc writer so each test can build exactly the archive it needs. */
struct writer {
	uint8_t buf[16384];
	size_t len;
};

static void w_bytes(struct writer *w, const void *data, size_t n)
{
	assert_true(w->len + n <= sizeof(w->buf));
	memcpy(w->buf + w->len, data, n);
	w->len += n;
}

static void w_pad(struct writer *w)
{
	static const uint8_t zeros[4];

	w_bytes(w, zeros, (4 - (w->len & 3)) & 3);
}

/* Header with explicit (possibly lying) filesize and namesize fields. */
static void w_header(struct writer *w, const char *magic, uint32_t mode, uint32_t filesize,
		     uint32_t namesize)
{
	char hdr[HDR_SIZE + 1];
	int n;

	n = snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		     magic, 0x1234u, mode, 0u, 0u, 1u, 0x65920080u, filesize, 0u, 0u, 0u, 0u,
		     namesize, 0u);
	assert_int_equal(n, HDR_SIZE);
	w_bytes(w, hdr, HDR_SIZE);
}

static void w_entry_magic(struct writer *w, const char *magic, const char *name, uint32_t mode,
			  const void *data, size_t size)
{
	w_header(w, magic, mode, (uint32_t)size, (uint32_t)strlen(name) + 1);
	w_bytes(w, name, strlen(name) + 1);
	w_pad(w);
	w_bytes(w, data, size);
	w_pad(w);
}

static void w_entry(struct writer *w, const char *name, uint32_t mode, const char *data)
{
	w_entry_magic(w, "070701", name, mode, data, strlen(data));
}

/* Returns the offset just past the trailer's name: a prefix at least this long is complete. */
static size_t w_trailer(struct writer *w)
{
	size_t end;

	w_header(w, "070701", 0, 0, 11);
	w_bytes(w, "TRAILER!!!", 11);
	end = w->len;
	w_pad(w);
	return end;
}

static void assert_file(const struct bundle_file *f, const char *name, const char *data)
{
	assert_int_equal(f->name_len, strlen(name));
	assert_memory_equal(f->name, name, f->name_len);
	assert_int_equal(f->name[f->name_len], '\0');
	assert_int_equal(f->size, strlen(data));
	if (f->size > 0) {
		assert_memory_equal(f->data, data, f->size);
	}
}

/* A typical bundle: directories, files whose name lengths hit every padding amount. */
static size_t build_typical(struct writer *w)
{
	w->len = 0;
	w_entry(w, ".", MODE_DIR, "");
	w_entry(w, "vm0", MODE_DIR, "");
	w_entry(w, "vm0/config", MODE_REG, "cpus=2\nmem=64M\n");
	w_entry(w, "vm0/kernel", MODE_REG, "KERNEL");
	w_entry(w, "vm0/initrd", MODE_REG, "");
	w_entry(w, "vm1/x", MODE_REG, "a");
	w_entry(w, "vm1/xy", MODE_REG, "ab");
	w_entry(w, "vm1/xyz", MODE_REG, "abc");
	return w_trailer(w);
}

static void test_iterate_multi_file(void **state)
{
	static const char *const names[] = { "vm0/config", "vm0/kernel", "vm0/initrd",
					     "vm1/x",      "vm1/xy",     "vm1/xyz" };
	static const char *const datas[] = { "cpus=2\nmem=64M\n", "KERNEL", "", "a", "ab", "abc" };
	struct writer w;
	struct bundle_file f;
	size_t pos = 0;

	(void)state;
	build_typical(&w);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
		assert_file(&f, names[i], datas[i]);
		/* newc data starts 4-byte aligned from the start of the archive. */
		assert_int_equal((size_t)(f.data - w.buf) % 4, 0);
		assert_true(pos <= w.len);
	}
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 0);
	/* The end is sticky. */
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 0);
}

static void test_find(void **state)
{
	struct writer w;
	struct bundle_file f;

	(void)state;
	build_typical(&w);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), 0);
	assert_file(&f, "vm0/kernel", "KERNEL");
	assert_int_equal(bundle_find(w.buf, w.len, "./vm0/config", &f), 0);
	assert_file(&f, "vm0/config", "cpus=2\nmem=64M\n");
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/initrd", &f), 0);
	assert_int_equal(f.size, 0);
	/* Only exact names match, never prefixes or extensions of them. */
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kerne", &f), BUNDLE_ENOENT);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel2", &f), BUNDLE_ENOENT);
	assert_int_equal(bundle_find(w.buf, w.len, "vm1/xy", &f), 0);
	assert_file(&f, "vm1/xy", "ab");
	/* Directories are not files. */
	assert_int_equal(bundle_find(w.buf, w.len, "vm0", &f), BUNDLE_ENOENT);
	assert_int_equal(bundle_find(w.buf, w.len, "", &f), BUNDLE_EINVAL);
	assert_int_equal(bundle_find(w.buf, w.len, "./", &f), BUNDLE_EINVAL);
}

static void test_dot_slash_prefix(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;
	size_t pos = 0;

	(void)state;
	w_entry(&w, ".", MODE_DIR, "");
	w_entry(&w, "./vm0", MODE_DIR, "");
	w_entry(&w, "./vm0/config", MODE_REG, "cpus=1");
	w_entry(&w, "vm0/kernel", MODE_REG, "K");
	w_trailer(&w);

	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
	assert_file(&f, "vm0/config", "cpus=1");
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
	assert_file(&f, "vm0/kernel", "K");
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 0);

	assert_int_equal(bundle_find(w.buf, w.len, "vm0/config", &f), 0);
	assert_file(&f, "vm0/config", "cpus=1");
	assert_int_equal(bundle_find(w.buf, w.len, "./vm0/kernel", &f), 0);
	assert_file(&f, "vm0/kernel", "K");
}

static void test_skips_non_regular(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;
	size_t pos = 0;

	(void)state;
	w_entry(&w, "vm0", MODE_DIR, "");
	w_entry(&w, "vm0/kernel", MODE_LNK, "../elsewhere");
	w_entry(&w, "vm0/dev", MODE_CHR, "");
	w_entry(&w, "vm0/fifo", MODE_FIFO, "");
	w_entry(&w, "vm0/config", MODE_REG, "x=1");
	w_entry(&w, "vm0/dir2", MODE_DIR, "");
	w_trailer(&w);

	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
	assert_file(&f, "vm0/config", "x=1");
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 0);
	/* A symlink is not the kernel, even with the kernel's name. */
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), BUNDLE_ENOENT);
}

static void test_crc_magic_accepted(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;

	(void)state;
	w_entry_magic(&w, "070702", "vm0/kernel", MODE_REG, "KERNEL", 6);
	w_trailer(&w);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), 0);
	assert_file(&f, "vm0/kernel", "KERNEL");
}

static void test_lowercase_hex_accepted(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;

	(void)state;
	/* 0x81a4 regular file, 0xb bytes of data, namesize 2: spell hex in lower case. */
	w_bytes(&w,
		"070701"
		"00000001"
		"000081a4"
		"00000000"
		"00000000"
		"00000001"
		"00000000"
		"0000000b"
		"00000000"
		"00000000"
		"00000000"
		"00000000"
		"00000002"
		"00000000",
		HDR_SIZE);
	w_bytes(&w, "k", 2);
	w_pad(&w);
	w_bytes(&w, "hello world", 11);
	w_pad(&w);
	w_trailer(&w);
	assert_int_equal(bundle_find(w.buf, w.len, "k", &f), 0);
	assert_file(&f, "k", "hello world");
}

static void test_real_cpio_archive(void **state)
{
	struct bundle_file f;
	size_t pos = 0;

	(void)state;
	assert_int_equal(bundle_next(real_archive, sizeof(real_archive), &pos, &f), 1);
	assert_file(&f, "vm0/config", "cpus=2\nmem=64M\n");
	assert_int_equal(bundle_next(real_archive, sizeof(real_archive), &pos, &f), 1);
	assert_file(&f, "vm0/kernel", "KERNEL");
	/* vm0/link is a symlink and "." and "vm0" are directories: none come back. */
	assert_int_equal(bundle_next(real_archive, sizeof(real_archive), &pos, &f), 0);

	assert_int_equal(bundle_find(real_archive, sizeof(real_archive), "vm0/kernel", &f), 0);
	assert_file(&f, "vm0/kernel", "KERNEL");
	assert_int_equal(bundle_find(real_archive, sizeof(real_archive), "vm0/link", &f),
			 BUNDLE_ENOENT);
	assert_int_equal(bundle_find(real_archive, sizeof(real_archive), "vm0/initrd", &f),
			 BUNDLE_ENOENT);
}

/*
 * Walk every prefix of a valid archive from an exactly-sized heap copy, so
 * ASan flags any read past the end. A prefix holding the whole trailer name
 * ends cleanly; a shorter one must fail, after yielding only files that are
 * complete and identical to those of the full archive.
 */
static void check_every_prefix(const uint8_t *archive, size_t len, size_t trailer_name_end)
{
	struct bundle_file full[16], f;
	size_t nfull = 0, pos = 0;
	int r;

	while ((r = bundle_next(archive, len, &pos, &f)) == 1) {
		assert_true(nfull < 16);
		full[nfull++] = f;
	}
	assert_int_equal(r, 0);

	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *copy = malloc(cut > 0 ? cut : 1);
		size_t n = 0;

		assert_non_null(copy);
		memcpy(copy, archive, cut);
		pos = 0;
		while ((r = bundle_next(copy, cut, &pos, &f)) == 1) {
			assert_true(n < nfull);
			assert_int_equal(f.name_len, full[n].name_len);
			assert_memory_equal(f.name, full[n].name, f.name_len);
			assert_int_equal(f.size, full[n].size);
			assert_memory_equal(f.data, full[n].data, f.size);
			assert_true(pos <= cut);
			n++;
		}
		if (cut >= trailer_name_end) {
			assert_int_equal(r, 0);
			assert_int_equal(n, nfull);
		} else {
			assert_true(r < 0);
			assert_true(bundle_find(copy, cut, "vm0/kernel", &f) < 0);
		}
		free(copy);
	}
}

static void test_every_truncation_written(void **state)
{
	struct writer w;
	size_t end;

	(void)state;
	end = build_typical(&w);
	check_every_prefix(w.buf, w.len, end);
}

static void test_every_truncation_real(void **state)
{
	(void)state;
	check_every_prefix(real_archive, sizeof(real_archive), REAL_TRAILER_NAME_END);
}

static void test_truncation_errors_are_specific(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;
	size_t pos;

	(void)state;
	w_entry(&w, "vm0/kernel", MODE_REG, "KERNEL");
	w_trailer(&w);
	/* header is 0..110, name 110..121, pad to 124, data 124..130, pad to 132 */
	pos = 0;
	assert_int_equal(bundle_next(w.buf, 0, &pos, &f), BUNDLE_ENOTRAILER);
	assert_int_equal(bundle_next(w.buf, 109, &pos, &f), BUNDLE_ETRUNC_HEADER);
	assert_int_equal(bundle_next(w.buf, 120, &pos, &f), BUNDLE_ETRUNC_NAME);
	assert_int_equal(bundle_next(w.buf, 123, &pos, &f), BUNDLE_ETRUNC_NAME);
	assert_int_equal(bundle_next(w.buf, 129, &pos, &f), BUNDLE_ETRUNC_DATA);
	assert_int_equal(bundle_next(w.buf, 131, &pos, &f), BUNDLE_ETRUNC_DATA);
	assert_int_equal(pos, 0);
	/* A complete entry with nothing after it: the trailer is missing. */
	assert_int_equal(bundle_next(w.buf, 132, &pos, &f), 1);
	assert_int_equal(pos, 132);
	assert_int_equal(bundle_next(w.buf, 132, &pos, &f), BUNDLE_ENOTRAILER);
	assert_int_equal(bundle_find(w.buf, 132, "vm0/kernel", &f), BUNDLE_ENOTRAILER);
	assert_int_equal(bundle_next(NULL, 0, &pos, &f), BUNDLE_EINVAL);
	pos = 0;
	assert_int_equal(bundle_next(NULL, 0, &pos, &f), BUNDLE_ENOTRAILER);
}

static void test_bad_magic(void **state)
{
	static const char *const bad[] = { "070707", "070700", "070703",
					   "07070 ", "170701", "\0\0\0\0\0\0" };
	struct writer w;
	struct bundle_file f;
	size_t pos;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build_typical(&w);
		memcpy(w.buf, bad[i], 6);
		pos = 0;
		assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_EMAGIC);
		assert_int_equal(bundle_find(w.buf, w.len, "vm0/config", &f), BUNDLE_EMAGIC);
	}

	/* Damage after the file searched for still fails the search. */
	w.len = 0;
	w_entry(&w, "vm0/kernel", MODE_REG, "KERNEL");
	w_entry(&w, "vm0/initrd", MODE_REG, "I");
	w_trailer(&w);
	w.buf[132] = 'X';
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_EMAGIC);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), BUNDLE_EMAGIC);
}

static void test_bad_hex_in_every_field(void **state)
{
	static const char bad_chars[] = { 'g', 'G', ' ', '-', '+', 'x', '\0', (char)0xff };
	struct writer w;
	struct bundle_file f;

	(void)state;
	for (int field = 0; field < 13; field++) {
		for (size_t c = 0; c < sizeof(bad_chars); c++) {
			size_t pos = 0;

			w.len = 0;
			w_entry(&w, "vm0/kernel", MODE_REG, "KERNEL");
			assert_int_equal(w.len, 132);
			w_entry(&w, "vm0/config", MODE_REG, "cpus=1");
			w_trailer(&w);
			/* Damage the second entry, one digit position per field. */
			w.buf[132 + FIELD_OFF(field) + (field % 8)] = (uint8_t)bad_chars[c];
			assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
			assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_EHEX);
			assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), BUNDLE_EHEX);
		}
	}
}

static void test_bad_names(void **state)
{
	struct writer w;
	struct bundle_file f;
	size_t pos;

	(void)state;
	/* namesize 0 */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0, 0);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENAME);

	/* namesize 1: an empty name */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0, 1);
	w_bytes(&w, "", 1);
	w_pad(&w);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENAME);

	/* namesize shorter than the name: no NUL at namesize - 1 */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0, 4);
	w_bytes(&w, "abcdef", 7);
	w_pad(&w);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENAME);

	/* a NUL inside the name would make two names compare differently */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0, 6);
	w_bytes(&w, "ab\0cd", 6);
	w_pad(&w);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENAME);

	/* a trailer name without its NUL is not a trailer */
	w.len = 0;
	w_header(&w, "070701", 0, 0, 11);
	w_bytes(&w, "TRAILER!!!!", 11);
	w_pad(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENAME);
}

static void test_huge_sizes(void **state)
{
	struct writer w;
	struct bundle_file f;
	size_t pos;

	(void)state;
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0xffffffffu, 2);
	w_bytes(&w, "k", 2);
	w_pad(&w);
	w_bytes(&w, "data", 4);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ETRUNC_DATA);

	w.len = 0;
	w_header(&w, "070701", MODE_REG, 0, 0xffffffffu);
	w_bytes(&w, "k", 2);
	w_pad(&w);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ETRUNC_NAME);

	/* Huge sizes on skipped entries are checked too. */
	w.len = 0;
	w_header(&w, "070701", MODE_DIR, 0x7fffffffu, 2);
	w_bytes(&w, "d", 2);
	w_pad(&w);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ETRUNC_DATA);

	/*
	 * A size that swallows the trailer exactly leaves an archive without
	 * one; a single byte more runs past the end.
	 */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 4 + 124, 2);
	w_bytes(&w, "k", 2);
	w_pad(&w);
	w_bytes(&w, "data", 4);
	w_trailer(&w);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), 1);
	assert_int_equal(f.size, 128);
	assert_int_equal(pos, w.len);
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ENOTRAILER);
	memcpy(w.buf + FIELD_OFF(F_FILESIZE), "00000081", 8);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ETRUNC_DATA);

	/* Data running exactly to the end with the padding missing. */
	w.len = 0;
	w_header(&w, "070701", MODE_REG, 5, 2);
	w_bytes(&w, "k", 2);
	w_pad(&w);
	w_bytes(&w, "abcde", 5);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_ETRUNC_DATA);
}

static void test_duplicates(void **state)
{
	struct writer w = { .len = 0 };
	struct bundle_file f;

	(void)state;
	w_entry(&w, "vm0/kernel", MODE_REG, "one");
	w_entry(&w, "./vm0/kernel", MODE_REG, "two");
	w_trailer(&w);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", &f), BUNDLE_EDUP);
}

static void test_bad_arguments(void **state)
{
	struct writer w;
	struct bundle_file f;
	size_t pos;

	(void)state;
	build_typical(&w);
	assert_int_equal(bundle_next(w.buf, w.len, NULL, &f), BUNDLE_EINVAL);
	pos = 0;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, NULL), BUNDLE_EINVAL);
	pos = w.len + 1;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_EINVAL);
	pos = SIZE_MAX;
	assert_int_equal(bundle_next(w.buf, w.len, &pos, &f), BUNDLE_EINVAL);
	assert_int_equal(bundle_find(w.buf, w.len, NULL, &f), BUNDLE_EINVAL);
	assert_int_equal(bundle_find(w.buf, w.len, "vm0/kernel", NULL), BUNDLE_EINVAL);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = BUNDLE_EINVAL; e <= BUNDLE_ENOENT; e++) {
		const char *msg = bundle_strerror(e);

		assert_non_null(msg);
		assert_null(strstr(msg, "unknown"));
		for (int other = BUNDLE_EINVAL; other < e; other++) {
			assert_string_not_equal(msg, bundle_strerror(other));
		}
	}
	assert_non_null(strstr(bundle_strerror(BUNDLE_EMAGIC), "magic"));
	assert_non_null(strstr(bundle_strerror(BUNDLE_ENOENT), "not found"));
	assert_non_null(strstr(bundle_strerror(0), "unknown"));
	assert_non_null(strstr(bundle_strerror(-1000), "unknown"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iterate_multi_file),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_dot_slash_prefix),
		cmocka_unit_test(test_skips_non_regular),
		cmocka_unit_test(test_crc_magic_accepted),
		cmocka_unit_test(test_lowercase_hex_accepted),
		cmocka_unit_test(test_real_cpio_archive),
		cmocka_unit_test(test_every_truncation_written),
		cmocka_unit_test(test_every_truncation_real),
		cmocka_unit_test(test_truncation_errors_are_specific),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_hex_in_every_field),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_huge_sizes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
