/* SPDX-License-Identifier: Apache-2.0 */
/* Parser for the 64-byte header of a RISC-V Linux kernel Image (boot-image-header.rst). */
#ifndef VMM_IMAGE_H
#define VMM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_HEADER_SIZE 64
#define IMAGE_TEXT_ALIGN 4096ull

/* Error codes (all negative). */
#define IMAGE_ETOOSMALL -1  /* fewer than IMAGE_HEADER_SIZE bytes */
#define IMAGE_EMAGIC -2     /* neither magic2 "RSC\x05" nor the old "RISCV\0\0\0" */
#define IMAGE_EBIGENDIAN -3 /* flags bit 0 says the kernel is big-endian */
#define IMAGE_EALIGN -4     /* text_offset is not 4 KiB aligned */
#define IMAGE_EOVERFLOW -5  /* text_offset + image footprint does not fit in 64 bits */
#define IMAGE_EINVAL -6     /* NULL pointer argument */

struct image_info {
	uint64_t text_offset; /* where the Image goes, from the start of RAM */
	uint64_t image_size;  /* footprint to reserve: max(header image_size, file size) */
	size_t file_size;
	uint32_t version; /* major in bits 31:16, minor in bits 15:0 */
	bool big_endian_flag;
};

/*
 * Check the header of a size-byte kernel Image and describe it in *out.
 * Returns 0, or a negative IMAGE_E* code; *out is filled with what was read
 * before the check that failed (all of it once the magic is accepted).
 */
int image_parse(const uint8_t *data, size_t size, struct image_info *out);

/* A one-line description of an IMAGE_E* code. */
const char *image_strerror(int err);

#endif
