/* SPDX-License-Identifier: Apache-2.0 */
/* Placement of the kernel, initrd and device tree in guest RAM (see vmm/loader.h). */
#include "vmm/loader.h"

#define ALIGN_4K(x) ((x) & ~0xfffULL)

const char *loader_plan(uint64_t ram_base, uint64_t ram_size, const struct image_info *img,
			size_t initrd_size, struct load_plan *out)
{
	uint64_t ram_end = ram_base + ram_size;

	if (ram_size < LOADER_FDT_MAX || ram_end < ram_base) {
		return "guest RAM is too small";
	}
	/* The kernel sits at RAM base + text_offset, like QEMU and kvmtool load an Image. */
	out->kernel_gpa = ram_base + img->text_offset;
	if (img->text_offset >= ram_size || img->image_size > ram_size - img->text_offset) {
		return "the kernel does not fit in guest RAM";
	}
	out->kernel_end = out->kernel_gpa + img->image_size;
	/* The device tree takes the top of RAM, the initrd goes right below it. */
	out->fdt_gpa = ram_end - LOADER_FDT_MAX;
	if (out->fdt_gpa < out->kernel_end) {
		return "no room for the device tree above the kernel";
	}
	out->initrd_gpa = out->initrd_end = 0;
	if (initrd_size) {
		if (initrd_size > out->fdt_gpa - out->kernel_end) {
			return "the initrd does not fit in guest RAM above the kernel";
		}
		out->initrd_gpa = ALIGN_4K(out->fdt_gpa - initrd_size);
		if (out->initrd_gpa < out->kernel_end) {
			return "the initrd does not fit in guest RAM above the kernel";
		}
		out->initrd_end = out->initrd_gpa + initrd_size;
	}
	return NULL;
}
