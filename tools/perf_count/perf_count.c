/* SPDX-License-Identifier: Apache-2.0 */
/*
 * perf-count: what `perf stat -e cycles,instructions` does around a busy loop of known length,
 * for the Linux guest's initramfs, which has no perf. It opens the two hardware events with
 * perf_event_open for this task (user and kernel, any CPU), enables them, runs the loop, disables
 * them, and prints one line:
 *   perf-count: loop L instructions: cycles C instructions I
 * or "perf-count: FAIL ..." with the errno when an event cannot be opened or read. Exit status 0
 * only when both were counted. Usage: perf-count [ITERATIONS] (default 5000000; 2 instructions
 * an iteration). "perf-count --loop ITERATIONS" only runs the loop: the workload of a real
 * `perf stat`, where the guest has one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEFAULT_ITERS 5000000UL
#define INSNS_PER_ITER 2

static int open_event(uint64_t config, int group)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = config;
	attr.disabled = group < 0; /* the group leader starts disabled; members follow it */
	/* No exclude_* bits: without Sscofpmf the guest's PMU cannot filter by mode, and says so. */
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, group, 0);
}

/* Exactly INSNS_PER_ITER instructions an iteration. */
static void busy_loop(unsigned long n)
{
	__asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n) : : "memory");
}

static int read_count(int fd, const char *name, uint64_t *out)
{
	ssize_t n = read(fd, out, sizeof(*out));

	if (n != (ssize_t)sizeof(*out)) {
		printf("perf-count: FAIL reading %s: %s\n", name,
		       n < 0 ? strerror(errno) : "short");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int loop_only = argc > 1 && strcmp(argv[1], "--loop") == 0;
	unsigned long iters =
		argc > 1 + loop_only ? strtoul(argv[1 + loop_only], NULL, 0) : DEFAULT_ITERS;
	uint64_t cycles = 0, insns = 0;
	int cy, ir;

	if (iters == 0) {
		fprintf(stderr, "usage: perf-count [--loop] [ITERATIONS > 0]\n");
		return 2;
	}
	if (loop_only) {
		busy_loop(iters);
		return 0;
	}
	cy = open_event(PERF_COUNT_HW_CPU_CYCLES, -1);
	if (cy < 0) {
		printf("perf-count: FAIL opening cycles: %s\n", strerror(errno));
		return 1;
	}
	ir = open_event(PERF_COUNT_HW_INSTRUCTIONS, cy);
	if (ir < 0) {
		printf("perf-count: FAIL opening instructions: %s\n", strerror(errno));
		return 1;
	}
	ioctl(cy, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
	ioctl(cy, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
	busy_loop(iters);
	ioctl(cy, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
	if (read_count(cy, "cycles", &cycles) || read_count(ir, "instructions", &insns)) {
		return 1;
	}
	printf("perf-count: loop %lu instructions: cycles %llu instructions %llu\n",
	       iters * INSNS_PER_ITER, (unsigned long long)cycles, (unsigned long long)insns);
	return cycles > 0 && insns > 0 ? 0 : 1;
}
