/* SPDX-License-Identifier: Apache-2.0 */
/* Benchmarks that stay on one vCPU: SBI calls, MMIO exits, G-stage faults and mappings. */
#include "bench.h"
#include "memtest.h"

#define UART_LSR 0x10000005UL
#define TESTDEV_REG 0x00100000UL
#define TESTDEV_DOORBELL (TESTDEV_REG + 0x18) /* a 4-byte write of 1 rings it (no exit) */
#define PAGE 4096UL

/*
 * Where there is no test slot (natively, and under rvkvm where the guest cannot address it):
 * plain RAM well above the image and below the device tree, inside the 64 MiB of the bench's VM,
 * which rvkvm maps when the VM's RAM is added.
 */
#define SCRATCH (GUEST_RAM_BASE + (32UL << 20))
#define SLOT_SIZE (16UL << 20)     /* ./rvkvm run --testmem 16M, which tools/bench.sh passes */
#define ALT_OFFSET (2 * SLOT_SIZE) /* a second place for the slot, clear of the first */

/* What the guest spends per iteration without the operation: the same call with a nop for ecall. */
static inline struct sbiret no_call(unsigned long eid, unsigned long fid)
{
	return SBI_CALL_AROUND("nop", eid, fid, 0, 0, 0, 0, 0, 0);
}

/* Times n repetitions of body as one block: the per-operation mean, to a tenth. */
#define TIME_BLOCK(op, n, body)                                \
	do {                                                   \
		unsigned long n_ = (n), t0_ = rdinstret();     \
		for (unsigned long i_ = 0; i_ < n_; i_++) {    \
			body;                                  \
		}                                              \
		bench_report_total(op, n_, rdinstret() - t0_); \
	} while (0)

void bench_calls(void)
{
	unsigned long n = bench_reps(5000);

	TIME_BLOCK("baseline-call", n, no_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION));
	TIME_BLOCK("sbi-null", n,
		   sbi_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0));
	/* Under rvkvm an extension the core lacks goes to the VMM; natively OpenSBI refuses it. */
	TIME_BLOCK("sbi-forwarded", n, sbi_call(0x0ABCDEF0UL, 0, 0, 0, 0, 0, 0, 0));
}

void bench_mmio(void)
{
	unsigned long n = bench_reps(5000);

	TIME_BLOCK("mmio-read-uart-lsr", n, (void)*(volatile uint8_t *)UART_LSR);
	if (bench_rvkvm) {
		TIME_BLOCK("mmio-write-testdev", n, *(volatile uint32_t *)TESTDEV_REG = 1);
		TIME_BLOCK("mmio-write-doorbell", n, *(volatile uint32_t *)TESTDEV_DOORBELL = 1);
	}
}

/* One write to each of n pages from base: the first touch of each. */
static unsigned long touch_pages(unsigned long base, unsigned long n)
{
	unsigned long t0 = rdinstret();

	for (unsigned long i = 0; i < n; i++) {
		*(volatile unsigned long *)(base + i * PAGE) = i;
	}
	return rdinstret() - t0;
}

/* The cost of moving the test slot to gpa: unmap, fences, map anew, all for one guest write. */
static unsigned long move_slot(unsigned long gpa)
{
	unsigned long t0 = rdinstret();

	memtest_cmd(MEMTEST_MOVE, gpa >> 12);
	return rdinstret() - t0;
}

/* The test slot's GPA as a guest pointer (below 4 GiB on rv32: guests/lib/memtest.h). */
static const unsigned long slot_base = (unsigned long)TESTMEM_BASE;

/*
 * The RAM rvkvm allocates for a VM is zeroed and mapped on first touch, a chunk (2 MiB here) at
 * a time: the first write to each chunk faults, and the rest of its pages are mapped then.
 */
static void populate(unsigned long pages)
{
	bench_report_total("first-write-populate", pages, touch_pages(SCRATCH, pages));
}

void bench_memory(void)
{
	unsigned long pages = bench_reps(SLOT_SIZE / PAGE / 2), moves = bench_reps(4);
	unsigned long map_4k = 0, map_large = 0;

	if (!bench_rvkvm) {
		/* No G-stage: the first write to a page is a plain store. */
		bench_report_total("first-write-premapped", pages, touch_pages(SCRATCH, pages));
		return;
	}
	/* The slot is mapped when added, with 2 MiB leaves: the first write does not fault. */
	bench_report_total("first-write-premapped", pages, touch_pages(slot_base, pages));
	/* With dirty logging each page is write-protected: the first write faults and maps 4 KiB. */
	memtest_cmd(MEMTEST_LOG_START, 0);
	bench_report_total("first-write-dirty-log", pages,
			   touch_pages(slot_base + pages * PAGE, pages));
	memtest_cmd(MEMTEST_LOG_STOP, 0);
	/*
	 * rvkvm maps a region when it is added or moved, not on first touch: what a first touch
	 * costs elsewhere is paid here, per 4 KiB of region. Each timed move unmaps and maps the
	 * same layout: between two bases 4 KiB off the host alignment (4 KiB leaves only), or
	 * between two 2 MiB-aligned bases (2 MiB leaves).
	 */
	for (unsigned long i = 0; i < moves; i++) {
		map_large += move_slot(slot_base + ALT_OFFSET);
		map_large += move_slot(slot_base);
	}
	move_slot(slot_base + PAGE);
	for (unsigned long i = 0; i < moves; i++) {
		map_4k += move_slot(slot_base + ALT_OFFSET + PAGE);
		map_4k += move_slot(slot_base + PAGE);
	}
	move_slot(slot_base);
	bench_report_total("region-map-4k", 2 * moves * (SLOT_SIZE / PAGE), map_4k);
	bench_report_total("region-map-2m", 2 * moves * (SLOT_SIZE / PAGE), map_large);
	/* Last: what runs before the slot's rows shifts when the VMM's periodic exits fall in them. */
	populate(pages);
}
