/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A QEMU TCG plugin that counts the instructions every vCPU executes and, each time a vCPU runs
 * the marker instruction, prints how many all vCPUs together have executed so far, so the
 * difference between two markers is the work done between two points in the guest.
 *
 *   qemu-system-riscv64 ... -plugin build/tools/insn_count.so
 *
 * The marker is `slti x0, x0, IMM`, a HINT the RISC-V ISA leaves for custom use: it writes x0,
 * so it does nothing on hardware or under QEMU without the plugin. Each execution prints, on
 * QEMU's log (stderr unless -D),
 *
 *   insn-count: marker IMM seq K vcpu N insns TOTAL
 *
 * K numbers the markers executed since power-on (1, 2, ...), N is the vCPU (QEMU's hart) that
 * ran it, TOTAL the sum over every vCPU: under rvkvm the work for one guest request may run on
 * another hart than the guest's. When QEMU exits, one line per vCPU gives its count.
 *
 * Counting: each translation block adds its length to its vCPU's counter when it starts. A
 * block left early (an exception, an interrupt at an I/O instruction under -icount) counts the
 * instructions it did not run too, so the counts are slightly high; the marker's own block is
 * counted whole. QEMU 7.2 shares blocks between vCPUs and an inline add would go to one memory
 * word for all of them, which multi-threaded TCG (-smp N without -icount) would race on; a
 * call per block into the plugin can add to the running vCPU's own counter instead, and each
 * counter has one writer at a time (the vCPU's thread, or the one thread of -icount's
 * round-robin TCG).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "marker.h"
#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One cache line per vCPU, so vCPU threads never write a line another thread writes. */
struct vcpu_count {
	_Alignas(64) uint64_t insns;
};

static struct vcpu_count *counts;
static unsigned int ncounts;
static uint64_t markers_seen;

static void count_block(unsigned int vcpu, void *udata)
{
	uint64_t n = (uintptr_t)udata;

	if (vcpu >= ncounts) {
		return;
	}
	/* This vCPU's thread is the only writer; the relaxed store lets markers read it whole. */
	__atomic_store_n(&counts[vcpu].insns,
			 __atomic_load_n(&counts[vcpu].insns, __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

static uint64_t total_insns(void)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < ncounts; i++) {
		sum += __atomic_load_n(&counts[i].insns, __ATOMIC_RELAXED);
	}
	return sum;
}

static void marker_hit(unsigned int vcpu, void *udata)
{
	/* The immediate rides in the pointer: sign-extended 12 bits. */
	int imm = (int)(intptr_t)udata;
	uint64_t seq = __atomic_add_fetch(&markers_seen, 1, __ATOMIC_RELAXED);
	char line[128];

	snprintf(line, sizeof(line),
		 "insn-count: marker %d seq %" PRIu64 " vcpu %u insns %" PRIu64 "\n", imm, seq,
		 vcpu, total_insns());
	qemu_plugin_outs(line);
}

static void translate_block(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	int imm;

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, count_block, QEMU_PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (is_marker(insn, &imm)) {
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, marker_hit, QEMU_PLUGIN_CB_NO_REGS, (void *)(intptr_t)imm);
		}
	}
}

static void print_totals(qemu_plugin_id_t id, void *udata)
{
	char line[96];

	(void)id;
	(void)udata;
	for (unsigned int i = 0; i < ncounts; i++) {
		snprintf(line, sizeof(line), "insn-count: exit vcpu %u insns %" PRIu64 "\n", i,
			 __atomic_load_n(&counts[i].insns, __ATOMIC_RELAXED));
		qemu_plugin_outs(line);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "insn_count: takes no arguments\n");
		return -1;
	}
	/* vCPU indices only mean harts in system emulation; user mode has a thread per index. */
	if (!info->system_emulation || info->system.max_vcpus < 1) {
		fprintf(stderr, "insn_count: only for system emulation\n");
		return -1;
	}
	ncounts = (unsigned int)info->system.max_vcpus;
	counts = aligned_alloc(_Alignof(struct vcpu_count), ncounts * sizeof(*counts));
	if (counts == NULL) {
		fprintf(stderr, "insn_count: out of memory\n");
		return -1;
	}
	for (unsigned int i = 0; i < ncounts; i++) {
		counts[i].insns = 0;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, translate_block);
	qemu_plugin_register_atexit_cb(id, print_totals, NULL);
	return 0;
}
