/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMM's test hooks, in one interface: the test device and its doorbell, the memory-test slot,
 * the ONE_REG and vendor SBI hooks, and the emulation demos of routed guest traps. They are
 * real in the test image (build/rvkvm-test.elf, built with RVKVM_TEST_HOOKS from
 * vmm/test_hooks.c) and empty here in the product image (build/rvkvm.elf), whose guests find
 * none of them: no device at the test device's address, no vendor SBI answers.
 */
#ifndef VMM_TEST_HOOKS_H
#define VMM_TEST_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rvkvm/rvkvm.h"
#include "vmm/vm_config.h"

struct vmm_vm;
struct vmm_device_model;

#ifdef RVKVM_TEST_HOOKS

#include "vmm/devices/testdev.h"
#include "vmm/memtest.h"
#include "vmm/placement.h"

/* What each VM carries for the hooks (struct vmm_vm's test). */
struct test_hooks_vm {
	struct testdev testdev;
	struct rvkvm_event *doorbell;                     /* the test device's */
	uint64_t testmem_gpa, testmem_size, testmem_host; /* the memory-test slot, if any */
	struct memtest_state memtest;
	unsigned long scratch_csr[PLACEMENT_MAX_VCPUS]; /* vmm/guest_traps.c's custom CSR */
	unsigned long breakpoints, emulated_insns;
};

/* The option of a config this image cannot serve (NULL: none; this image serves them all). */
static inline const char *test_hooks_missing(const struct vm_config *cfg)
{
	(void)cfg;
	return NULL;
}

/* After the VM's RAM: the memory-test slot the config asks for. 0 or VMM_STATUS_BAD_INPUT. */
int test_hooks_build(struct vmm_vm *vm);
/* The test device (vmm/models/testdev.c): a row of the board's table (vmm/board_table.c). */
extern const struct vmm_device_model testdev_model;
#define TEST_HOOKS_DEVICE_MODELS &testdev_model,
/* vCPU 0's periodic exits: the dirty-log harvests of a logging test slot. */
void test_hooks_poll(struct vmm_vm *vm);
/* Whether the VM needs those periodic exits: it has a test slot to harvest. */
static inline bool test_hooks_poll_wanted(const struct vm_config *cfg)
{
	return cfg->testmem_size != 0;
}
/* A forwarded SBI call for a hook (ONE_REG test, vendor extension): answered in e, true. */
bool test_hooks_sbi(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e);
/* A routed exception or CSR access: the demos emulate it, or set action INJECT; true. */
bool test_hooks_exception(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e);
bool test_hooks_csr(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e);
/* The VMM's view of [gpa, gpa + len) when it is all in the test slot, else NULL. */
uint8_t *test_hooks_guest_ptr(const struct vmm_vm *vm, uint64_t gpa, uint64_t len);

#else /* the product image */

/* C has no empty struct: one byte stands for none. */
struct test_hooks_vm {
	char none;
};

static inline const char *test_hooks_missing(const struct vm_config *cfg)
{
	if (cfg->testmem_size) {
		return "--testmem";
	}
	return cfg->regtest ? "--regtest" : NULL;
}

static inline int test_hooks_build(struct vmm_vm *vm)
{
	(void)vm;
	return 0;
}

/* No test device on the board. */
#define TEST_HOOKS_DEVICE_MODELS

static inline void test_hooks_poll(struct vmm_vm *vm)
{
	(void)vm;
}

static inline bool test_hooks_poll_wanted(const struct vm_config *cfg)
{
	(void)cfg;
	return false;
}

static inline bool test_hooks_sbi(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	(void)vm, (void)index, (void)e;
	return false;
}

static inline bool test_hooks_exception(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	(void)vm, (void)index, (void)e;
	return false;
}

static inline bool test_hooks_csr(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	(void)vm, (void)index, (void)e;
	return false;
}

static inline uint8_t *test_hooks_guest_ptr(const struct vmm_vm *vm, uint64_t gpa, uint64_t len)
{
	(void)vm, (void)gpa, (void)len;
	return NULL;
}

#endif

/* The image a config that test_hooks_missing names needs. */
#define TEST_HOOKS_IMAGE "build/rvkvm-test.elf"

#endif
