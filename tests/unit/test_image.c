/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the RISC-V Linux Image header parser (vmm/image.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/image.h"

#define MIB (1ull << 20)

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

struct hdr_spec {
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	uint32_t version;
	bool magic;  /* old "RISCV\0\0\0" at 48 */
	bool magic2; /* "RSC\x05" at 56 */
};

/* What a current Linux rv64 build writes. */
static const struct hdr_spec linux_rv64 = {
	.text_offset = 0x200000,
	.image_size = 16 * MIB,
	.flags = 0,
	.version = 0x00000002,
	.magic = true,
	.magic2 = true,
};

/* Write a header at the start of buf (which is at least 64 bytes). */
static void make_header(uint8_t *buf, const struct hdr_spec *s)
{
	memset(buf, 0, IMAGE_HEADER_SIZE);
	put_le32(buf + 0, 0x0000106f); /* code0: some jump; the parser ignores it */
	put_le64(buf + 8, s->text_offset);
	put_le64(buf + 16, s->image_size);
	put_le64(buf + 24, s->flags);
	put_le32(buf + 32, s->version);
	if (s->magic) {
		memcpy(buf + 48, "RISCV\0\0\0", 8);
	}
	if (s->magic2) {
		memcpy(buf + 56, "RSC\x05", 4);
	}
}

/* Parse a file of file_size bytes, the header first, from an exactly-sized heap buffer. */
static int parse_spec(const struct hdr_spec *s, size_t file_size, struct image_info *info)
{
	uint8_t *buf = calloc(1, file_size < IMAGE_HEADER_SIZE ? IMAGE_HEADER_SIZE : file_size);
	int r;

	assert_non_null(buf);
	make_header(buf, s);
	r = image_parse(buf, file_size, info);
	free(buf);
	return r;
}

static void test_valid_linux_header(void **state)
{
	struct image_info info;

	(void)state;
	assert_int_equal(parse_spec(&linux_rv64, 8192, &info), 0);
	assert_int_equal(info.text_offset, 0x200000);
	assert_int_equal(info.image_size, 16 * MIB);
	assert_int_equal(info.file_size, 8192);
	assert_int_equal(info.version, 2);
	assert_false(info.big_endian_flag);

	/* A file that is only the header is still a valid Image. */
	assert_int_equal(parse_spec(&linux_rv64, IMAGE_HEADER_SIZE, &info), 0);
	assert_int_equal(info.file_size, IMAGE_HEADER_SIZE);
}

static void test_fields_are_little_endian_64bit(void **state)
{
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	/* High halves must be read too, and in little-endian order. */
	s.text_offset = 0x0000000100200000ull;
	s.image_size = 0x0000000200000000ull;
	s.version = 0x00010003;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	assert_int_equal(info.text_offset, 0x0000000100200000ull);
	assert_int_equal(info.image_size, 0x0000000200000000ull);
	assert_int_equal(info.version, 0x00010003);
}

static void test_image_size_vs_file_size(void **state)
{
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	/* Header smaller than the file: reserve the whole file. */
	s.image_size = 100;
	assert_int_equal(parse_spec(&s, 8192, &info), 0);
	assert_int_equal(info.image_size, 8192);
	/* 0 means unknown. */
	s.image_size = 0;
	assert_int_equal(parse_spec(&s, 12345, &info), 0);
	assert_int_equal(info.image_size, 12345);
	assert_int_equal(info.file_size, 12345);
	/* Equal sizes. */
	s.image_size = 4096;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	assert_int_equal(info.image_size, 4096);
}

static void test_either_magic_is_enough(void **state)
{
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	/* Header 0.1 kernels have only the old magic. */
	s.magic2 = false;
	s.version = 0x00000001;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	assert_int_equal(info.text_offset, 0x200000);
	assert_int_equal(info.version, 1);
	/* Later kernels may drop the deprecated one. */
	s.magic = false;
	s.magic2 = true;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	s.magic2 = false;
	assert_int_equal(parse_spec(&s, 4096, &info), IMAGE_EMAGIC);
}

static void test_wrong_magic(void **state)
{
	struct image_info info;
	uint8_t *buf = malloc(4096);

	(void)state;
	assert_non_null(buf);
	/* Near misses of each magic, with the other one absent. */
	make_header(buf, &linux_rv64);
	memcpy(buf + 48, "RISCV\0\0\1", 8);
	memcpy(buf + 56, "RSC\x06", 4);
	assert_int_equal(image_parse(buf, 4096, &info), IMAGE_EMAGIC);
	memcpy(buf + 48, "riscv\0\0\0", 8);
	memcpy(buf + 56, "rsc\x05", 4);
	assert_int_equal(image_parse(buf, 4096, &info), IMAGE_EMAGIC);
	/* An arm64 Image has "ARM\x64" where magic2 is. */
	memset(buf + 48, 0, 8);
	memcpy(buf + 56, "ARM\x64", 4);
	assert_int_equal(image_parse(buf, 4096, &info), IMAGE_EMAGIC);
	/* The magic strings at the wrong offsets do not count. */
	memset(buf, 0, 4096);
	memcpy(buf + 52, "RSC\x05", 4);
	memcpy(buf + 40, "RISCV\0\0\0", 8);
	assert_int_equal(image_parse(buf, 4096, &info), IMAGE_EMAGIC);
	/* An ELF file is not an Image. */
	memset(buf, 0, 4096);
	memcpy(buf,
	       "\x7f"
	       "ELF",
	       4);
	assert_int_equal(image_parse(buf, 4096, &info), IMAGE_EMAGIC);
	free(buf);
}

static void test_every_truncation(void **state)
{
	uint8_t full[IMAGE_HEADER_SIZE];
	struct image_info info;

	(void)state;
	make_header(full, &linux_rv64);
	for (size_t n = 0; n < IMAGE_HEADER_SIZE; n++) {
		uint8_t *buf = malloc(n > 0 ? n : 1);

		assert_non_null(buf);
		memcpy(buf, full, n);
		assert_int_equal(image_parse(buf, n, &info), IMAGE_ETOOSMALL);
		assert_int_equal(info.file_size, n);
		free(buf);
	}
	assert_int_equal(image_parse(NULL, 0, &info), IMAGE_ETOOSMALL);
}

static void test_big_endian_rejected(void **state)
{
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	s.flags = 1;
	assert_int_equal(parse_spec(&s, 4096, &info), IMAGE_EBIGENDIAN);
	assert_true(info.big_endian_flag);
	/* Other flag bits are not the endianness bit. */
	s.flags = 0xfffffffffffffffeull;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	assert_false(info.big_endian_flag);
}

static void test_text_offset_alignment(void **state)
{
	static const uint64_t bad[] = { 1,     0x200001,   0x200800,
					0xfff, 0x1000 + 4, 0x8000000000000000ull + 0x10 };
	static const uint64_t good[] = { 0, 0x1000, 0x200000, 0x400000 };
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.text_offset = bad[i];
		assert_int_equal(parse_spec(&s, 4096, &info), IMAGE_EALIGN);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		s.text_offset = good[i];
		assert_int_equal(parse_spec(&s, 4096, &info), 0);
		assert_int_equal(info.text_offset, good[i]);
	}
}

static void test_end_overflow(void **state)
{
	struct hdr_spec s = linux_rv64;
	struct image_info info;

	(void)state;
	/* The end (text_offset + size, exclusive) must itself be a 64-bit value. */
	s.text_offset = 0xffffffffffffe000ull;
	s.image_size = 0x1fff;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	s.image_size = 0x2000;
	assert_int_equal(parse_spec(&s, 4096, &info), IMAGE_EOVERFLOW);
	/* The file size counts too, when the header claims less. */
	s.image_size = 0;
	assert_int_equal(parse_spec(&s, 8192, &info), IMAGE_EOVERFLOW);
	s.text_offset = 0;
	s.image_size = UINT64_MAX;
	assert_int_equal(parse_spec(&s, 4096, &info), 0);
	s.text_offset = 0x1000;
	assert_int_equal(parse_spec(&s, 4096, &info), IMAGE_EOVERFLOW);
}

static void test_unaligned_buffer(void **state)
{
	uint8_t *buf = malloc(IMAGE_HEADER_SIZE + 1);
	struct image_info info;

	(void)state;
	assert_non_null(buf);
	/* Files inside the cpio bundle are only 4-byte aligned: no wide loads allowed. */
	make_header(buf + 1, &linux_rv64);
	assert_int_equal(image_parse(buf + 1, IMAGE_HEADER_SIZE, &info), 0);
	assert_int_equal(info.text_offset, 0x200000);
	free(buf);
}

static void test_bad_arguments(void **state)
{
	uint8_t buf[IMAGE_HEADER_SIZE];
	struct image_info info;

	(void)state;
	make_header(buf, &linux_rv64);
	assert_int_equal(image_parse(buf, sizeof(buf), NULL), IMAGE_EINVAL);
	assert_int_equal(image_parse(NULL, sizeof(buf), &info), IMAGE_EINVAL);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(image_strerror(IMAGE_ETOOSMALL),
			    "file is smaller than the 64-byte Image header");
	assert_string_equal(image_strerror(IMAGE_EMAGIC), "not a RISC-V Image: bad magic");
	assert_string_equal(image_strerror(IMAGE_EBIGENDIAN), "Image is big-endian");
	assert_string_equal(image_strerror(IMAGE_EALIGN), "text_offset is not 4 KiB aligned");
	for (int e = IMAGE_EINVAL; e <= IMAGE_ETOOSMALL; e++) {
		assert_null(strstr(image_strerror(e), "unknown"));
		for (int other = IMAGE_EINVAL; other < e; other++) {
			assert_string_not_equal(image_strerror(e), image_strerror(other));
		}
	}
	assert_non_null(strstr(image_strerror(0), "unknown"));
	assert_non_null(strstr(image_strerror(-99), "unknown"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_linux_header),
		cmocka_unit_test(test_fields_are_little_endian_64bit),
		cmocka_unit_test(test_image_size_vs_file_size),
		cmocka_unit_test(test_either_magic_is_enough),
		cmocka_unit_test(test_wrong_magic),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_big_endian_rejected),
		cmocka_unit_test(test_text_offset_alignment),
		cmocka_unit_test(test_end_overflow),
		cmocka_unit_test(test_unaligned_buffer),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
