/* SPDX-License-Identifier: Apache-2.0 */
/* The guests' device-tree reader (see fdt_read.h): the flattened format of the devicetree spec. */
#include "fdt_read.h"

#include <stdbool.h>
#include <stddef.h>

#include "lib/string.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_MAX_SIZE (1U << 20) /* refuse anything larger than a sane guest device tree */
#define FDT_HEADER_SIZE 40
#define FDT_MAX_DEPTH 16

uint32_t fdt_read_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

uint64_t fdt_read_be64(const void *p)
{
	const uint8_t *b = p;

	return ((uint64_t)fdt_read_be32(b) << 32) | fdt_read_be32(b + 4);
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3U;
}

static bool name_is(const uint8_t *strings, uint32_t strings_size, uint32_t off, const char *want)
{
	size_t n = lib_strlen(want);

	return off < strings_size &&
	       lib_strnlen((const char *)strings + off, strings_size - off) == n &&
	       lib_memcmp(strings + off, want, n) == 0;
}

const void *fdt_read_prop(const void *blob, const char *node, const char *prop, uint32_t *len)
{
	const uint8_t *fdt = blob;
	const char *names[FDT_MAX_DEPTH];
	size_t node_len = lib_strlen(node);
	uint32_t size, off, strings, strings_size, depth = 0;

	if (!fdt || fdt_read_be32(fdt) != FDT_MAGIC ||
	    (size = fdt_read_be32(fdt + 4)) > FDT_MAX_SIZE || size < FDT_HEADER_SIZE) {
		return NULL;
	}
	off = fdt_read_be32(fdt + 8);
	strings = fdt_read_be32(fdt + 12);
	strings_size = fdt_read_be32(fdt + 32);
	if (strings > size || strings_size > size - strings) {
		return NULL;
	}
	/* Invariant: off is a token boundary inside the blob, depth the current nesting. */
	while (off <= size - 4) {
		uint32_t token = fdt_read_be32(fdt + off);

		off += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)fdt + off;
			size_t n = lib_strnlen(name, size - off);

			if (depth < FDT_MAX_DEPTH) {
				names[depth] = name;
			}
			depth++;
			off = align4(off + (uint32_t)n + 1);
		} else if (token == FDT_END_NODE) {
			if (depth-- == 0) {
				return NULL;
			}
		} else if (token == FDT_PROP) {
			uint32_t plen, nameoff;
			const char *cur;

			if (off > size - 8) {
				return NULL;
			}
			plen = fdt_read_be32(fdt + off);
			nameoff = fdt_read_be32(fdt + off + 4);
			off += 8;
			if (plen > size - off) {
				return NULL;
			}
			cur = depth > 0 && depth <= FDT_MAX_DEPTH ? names[depth - 1] : "";
			if (lib_strncmp(cur, node, node_len) == 0 &&
			    name_is(fdt + strings, strings_size, nameoff, prop)) {
				*len = plen;
				return fdt + off;
			}
			off = align4(off + plen);
		} else if (token != FDT_NOP) {
			return NULL; /* FDT_END or garbage */
		}
	}
	return NULL;
}
