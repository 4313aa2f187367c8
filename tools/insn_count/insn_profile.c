/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A QEMU TCG plugin that finds where the instructions between two markers go: it counts, per
 * translation block, the instructions executed while profiling is on, and when QEMU exits prints
 * the blocks that executed most, by the virtual address of their first instruction.
 *
 *   qemu-system-riscv64 ... -plugin build/tools/insn_profile.so,from=1,to=2,top=300 -d plugin
 *
 * Profiling is on from the from-th marker (tools/insn_count/marker.h) executed since power-on to
 * the to-th, on every vCPU (from=0: from power-on; to=0: to the end). At exit, on QEMU's log:
 *
 *   insn-profile: total INSNS
 *   insn-profile: VADDR INSNS RUNS
 *
 * one line per block start address (RUNS: how often a block starting there began) (blocks QEMU translated more than once are added together),
 * most instructions first, the top ones only. The address is what the hart fetched from, so a
 * guest's kernel and user space, the hypervisor and the firmware lie apart; tools/insn_profile.sh
 * names them from symbol tables. Counting is insn_count.c's: a block counts whole when it starts.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One translation of a block: where it starts, how long it is, how often it ran while on. */
struct block {
	uint64_t vaddr;
	uint64_t insns;
	uint64_t runs;
	struct block *next;
};

static struct block *blocks;
static pthread_mutex_t blocks_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t from_marker, to_marker, markers_seen;
static unsigned int top = 200;
static int profiling;

static void block_ran(unsigned int vcpu, void *udata)
{
	struct block *b = udata;

	(void)vcpu;
	if (__atomic_load_n(&profiling, __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&b->runs, 1, __ATOMIC_RELAXED);
	}
}

static void marker_hit(unsigned int vcpu, void *udata)
{
	uint64_t seq = __atomic_add_fetch(&markers_seen, 1, __ATOMIC_RELAXED);

	(void)vcpu;
	(void)udata;
	if (seq == from_marker) {
		__atomic_store_n(&profiling, 1, __ATOMIC_RELAXED);
	}
	if (seq == to_marker) {
		__atomic_store_n(&profiling, 0, __ATOMIC_RELAXED);
	}
}

static void translate_block(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct block *b = calloc(1, sizeof(*b));
	int imm;

	(void)id;
	if (b == NULL) {
		return;
	}
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->insns = n;
	pthread_mutex_lock(&blocks_lock);
	b->next = blocks;
	blocks = b;
	pthread_mutex_unlock(&blocks_lock);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_ran, QEMU_PLUGIN_CB_NO_REGS, b);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (is_marker(insn, &imm)) {
			qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_hit,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
		}
	}
}

/* A block start address and the instructions executed from it. */
struct spot {
	uint64_t vaddr;
	uint64_t insns;
	uint64_t runs;
};

static int by_vaddr(const void *a, const void *b)
{
	const struct spot *x = a, *y = b;

	return (x->vaddr > y->vaddr) - (x->vaddr < y->vaddr);
}

static int by_insns_down(const void *a, const void *b)
{
	const struct spot *x = a, *y = b;

	return (x->insns < y->insns) - (x->insns > y->insns);
}

static void print_profile(qemu_plugin_id_t id, void *udata)
{
	size_t n = 0, merged = 0;
	uint64_t total = 0;
	struct spot *spots;
	char line[96];

	(void)id;
	(void)udata;
	for (struct block *b = blocks; b != NULL; b = b->next) {
		n += b->runs != 0;
	}
	spots = calloc(n + 1, sizeof(*spots));
	if (spots == NULL) {
		qemu_plugin_outs("insn-profile: out of memory\n");
		return;
	}
	n = 0;
	for (struct block *b = blocks; b != NULL; b = b->next) {
		if (b->runs != 0) {
			spots[n].vaddr = b->vaddr;
			spots[n].insns = b->runs * b->insns;
			spots[n].runs = b->runs;
			total += spots[n].insns;
			n++;
		}
	}
	/* A block translated again (flushed, or by another vCPU's mode) is one spot. */
	qsort(spots, n, sizeof(*spots), by_vaddr);
	for (size_t i = 0; i < n; i++) {
		if (merged > 0 && spots[merged - 1].vaddr == spots[i].vaddr) {
			spots[merged - 1].insns += spots[i].insns;
			spots[merged - 1].runs += spots[i].runs;
		} else {
			spots[merged++] = spots[i];
		}
	}
	qsort(spots, merged, sizeof(*spots), by_insns_down);
	snprintf(line, sizeof(line), "insn-profile: total %" PRIu64 "\n", total);
	qemu_plugin_outs(line);
	for (size_t i = 0; i < merged && i < top; i++) {
		snprintf(line, sizeof(line), "insn-profile: %#" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
			 spots[i].vaddr, spots[i].insns, spots[i].runs);
		qemu_plugin_outs(line);
	}
	free(spots);
}

/* key=N for a key of the three; 0 when it parsed. */
static int parse_arg(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *end;
	unsigned long long v;

	if (eq == NULL || eq[1] == '\0') {
		return -1;
	}
	v = strtoull(eq + 1, &end, 10);
	if (*end != '\0') {
		return -1;
	}
	if (strncmp(arg, "from=", 5) == 0) {
		from_marker = v;
	} else if (strncmp(arg, "to=", 3) == 0) {
		to_marker = v;
	} else if (strncmp(arg, "top=", 4) == 0 && v > 0 && v <= 100000) {
		top = (unsigned int)v;
	} else {
		return -1;
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (parse_arg(argv[i]) != 0) {
			fprintf(stderr, "insn_profile: bad argument '%s' (from=N, to=N, top=N)\n",
				argv[i]);
			return -1;
		}
	}
	profiling = from_marker == 0;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translate_block);
	qemu_plugin_register_atexit_cb(id, print_profile, NULL);
	return 0;
}
