/* SPDX-License-Identifier: Apache-2.0 */
/* What the image's entry (platform/entry.S) and boot (platform/boot.c) share. */
#ifndef PLATFORM_BOOT_H
#define PLATFORM_BOOT_H

/* Each hart's own stack, where it runs its scheduler (the boot hart: boot_main and the VMM too). */
#define BOOT_STACK_SIZE (16 * 1024)

#endif
