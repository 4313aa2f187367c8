/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the device tree a test guest is given: one property of one node, every offset checked against the blob. */
#ifndef GUESTS_LIB_FDT_READ_H
#define GUESTS_LIB_FDT_READ_H

#include <stdint.h>

uint32_t fdt_read_be32(const void *p);
uint64_t fdt_read_be64(const void *p);

/*
 * The value of property prop of the first node whose name starts with node (at any depth; ""
 * matches every node), or NULL; *len gets its length. Only what the test guests need: no
 * phandles, no paths. A malformed blob gives NULL, never a read outside it.
 */
const void *fdt_read_prop(const void *fdt, const char *node, const char *prop, uint32_t *len);

#endif
