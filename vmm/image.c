/* SPDX-License-Identifier: Apache-2.0 */
/* Parser for the 64-byte header of a RISC-V Linux kernel Image (boot-image-header.rst). */
#include "vmm/image.h"

#include "lib/string.h"

/* Header field offsets; every field is little endian whatever the host is. */
#define IMG_OFF_TEXT_OFFSET 8
#define IMG_OFF_IMAGE_SIZE 16
#define IMG_OFF_FLAGS 24
#define IMG_OFF_VERSION 32
#define IMG_OFF_MAGIC 48
#define IMG_OFF_MAGIC2 56
#define IMG_OFF_RES3 60
_Static_assert(IMG_OFF_RES3 + 4 == IMAGE_HEADER_SIZE, "Image header is 64 bytes");

#define IMG_MAGIC "RISCV\0\0\0" /* deprecated since header version 0.2, still accepted */
#define IMG_MAGIC_LEN 8
#define IMG_MAGIC2 "RSC\x05"
#define IMG_MAGIC2_LEN 4

#define IMG_FLAG_BE_SHIFT 0
#define IMG_FLAG_BE_MASK 0x1ull

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

int image_parse(const uint8_t *data, size_t size, struct image_info *out)
{
	uint64_t header_size, flags;

	if (out == NULL || (data == NULL && size != 0)) {
		return IMAGE_EINVAL;
	}
	lib_memset(out, 0, sizeof(*out));
	out->file_size = size;
	if (size < IMAGE_HEADER_SIZE) {
		return IMAGE_ETOOSMALL;
	}
	if (lib_memcmp(data + IMG_OFF_MAGIC2, IMG_MAGIC2, IMG_MAGIC2_LEN) != 0 &&
	    lib_memcmp(data + IMG_OFF_MAGIC, IMG_MAGIC, IMG_MAGIC_LEN) != 0) {
		return IMAGE_EMAGIC;
	}

	flags = get_le64(data + IMG_OFF_FLAGS);
	header_size = get_le64(data + IMG_OFF_IMAGE_SIZE);
	out->text_offset = get_le64(data + IMG_OFF_TEXT_OFFSET);
	out->version = get_le32(data + IMG_OFF_VERSION);
	out->big_endian_flag = ((flags >> IMG_FLAG_BE_SHIFT) & IMG_FLAG_BE_MASK) != 0;
	/* image_size covers bss too (0 = unknown); the file alone can still be the larger. */
	out->image_size = header_size > (uint64_t)size ? header_size : (uint64_t)size;

	if (out->big_endian_flag) {
		return IMAGE_EBIGENDIAN;
	}
	if (out->text_offset % IMAGE_TEXT_ALIGN != 0) {
		return IMAGE_EALIGN;
	}
	if (out->image_size > UINT64_MAX - out->text_offset) {
		return IMAGE_EOVERFLOW;
	}
	return 0;
}

const char *image_strerror(int err)
{
	switch (err) {
	case IMAGE_ETOOSMALL:
		return "file is smaller than the 64-byte Image header";
	case IMAGE_EMAGIC:
		return "not a RISC-V Image: bad magic";
	case IMAGE_EBIGENDIAN:
		return "Image is big-endian";
	case IMAGE_EALIGN:
		return "text_offset is not 4 KiB aligned";
	case IMAGE_EOVERFLOW:
		return "text_offset plus image_size overflows 64 bits";
	case IMAGE_EINVAL:
		return "invalid argument to the Image parser";
	default:
		return "unknown Image error";
	}
}
