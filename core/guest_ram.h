/* SPDX-License-Identifier: Apache-2.0 */
/* The core's own accesses to a VM's RAM on its guest's behalf (SBI calls that take a buffer). */
#ifndef CORE_GUEST_RAM_H
#define CORE_GUEST_RAM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/addr.h"

struct rvkvm_vm;

/*
 * The host address of [a, a+len) (len >= 1) of guest RAM, or NULL unless the range lies in one
 * region, and, for a write, a region the guest may write: the same rules as the guest's own
 * access. A write is marked in the region's dirty log, as the guest's own first write would
 * be. The range is made present first (core/ram_populate.h). Looked up under the VM's
 * mmu_lock, so a region change is either done or not begun.
 */
void *guest_ram_access(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write);

/*
 * Whether guest_ram_access would allow [a, a+len), without making anything present: for a
 * call that checks a range it touches only a part of.
 */
bool guest_ram_valid(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write);

#endif
