/* SPDX-License-Identifier: Apache-2.0 */
/* Where the kernel, the initrd and the device tree go in guest RAM, as QEMU's virt loader places them. */
#ifndef VMM_LOADER_H
#define VMM_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/image.h"

#define LOADER_FDT_MAX (64 * 1024)

struct load_plan {
	uint64_t kernel_gpa, kernel_end; /* kernel_end covers the Image's whole footprint */
	uint64_t initrd_gpa, initrd_end; /* both 0 without an initrd */
	uint64_t fdt_gpa;
};

/* Returns NULL, or a message saying what does not fit. */
const char *loader_plan(uint64_t ram_base, uint64_t ram_size, const struct image_info *img,
			size_t initrd_size, struct load_plan *out);

#endif
