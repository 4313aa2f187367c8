/*
 * Benchmark guest: the cost of each exit, measured with instret (same hart) or time (across
 * harts; under -icount shift=0 one ns of virtual time is one instruction, any hart) around N
 * repetitions. The same image runs under rvkvm and natively on OpenSBI; each result is a line
 * "BENCH <op> n=<N> instr=<per op> ns=<per op>" that tools/bench.sh turns into a table.
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define UART_LSR 0x10000005UL
#define TESTDEV_REG 0x00100000UL
#define NS_PER_TICK 100 /* QEMU virt: 10 MHz timebase */

static const unsigned long reps = 2000; /* a fixed N keeps runs comparable */
static bool rvkvm;

static inline unsigned long rdinstret(void)
{
	unsigned long v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void report(const char *op, unsigned long n, unsigned long instr, unsigned long ticks)
{
	say("BENCH %s n=%lu instr=%lu ns=%lu\n", op, n, instr / n, ticks * NS_PER_TICK / n);
}

/* What the guest spends per iteration without the operation: a call that does nothing. */
static __attribute__((noinline)) struct sbiret no_call(unsigned long a, unsigned long b)
{
	__asm__ volatile("" ::: "memory");
	return (struct sbiret){ (long)a, (long)b };
}

#define MEASURE(op, n, body)                                                  \
	do {                                                                  \
		unsigned long i0 = rdinstret(), t0 = now();                   \
		for (unsigned long i_ = 0; i_ < (n); i_++) {                  \
			body;                                                 \
		}                                                             \
		report(op, (n), rdinstret() - i0, now() - t0);                \
	} while (0)

static void bench_calls(void)
{
	MEASURE("baseline-call", reps, no_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION));
	MEASURE("sbi-null", reps, sbi_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0));
	/* Under rvkvm an unknown extension goes to the VMM; natively OpenSBI refuses it. */
	MEASURE("sbi-unknown", reps, sbi_call(0x0ABCDEF0UL, 0, 0, 0, 0, 0, 0, 0));
}

static void bench_mmio(void)
{
	MEASURE("mmio-read-uart-lsr", reps, (void)*(volatile uint8_t *)UART_LSR);
	if (rvkvm) {
		MEASURE("mmio-write-testdev", reps, *(volatile uint32_t *)TESTDEV_REG = 1);
	}
}

/* First write to each page of the test slot with dirty logging on: one G-stage fault each. */
static void bench_first_write(void)
{
	const unsigned long pages = 1024;

	if (!rvkvm) {
		return;
	}
	MEASURE("first-write-premapped", pages, *(volatile uint64_t *)(TESTMEM_BASE + i_ * 4096) = i_);
	memtest_cmd(MEMTEST_LOG_START, 0);
	MEASURE("first-write-dirty-log", pages,
		*(volatile uint64_t *)(TESTMEM_BASE + (pages + i_) * 4096) = i_);
	memtest_cmd(MEMTEST_LOG_STOP, 0);
}

static unsigned long timer_deadline, timer_seen_time, timer_seen_instr, timer_fired;
static unsigned long ipi_sent_time, ipi_recv_time, ipi_count, ipi_replies;

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (code == IRQ_STI) {
		timer_seen_time = now();
		timer_seen_instr = rdinstret();
		sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, ~0UL, 0, 0, 0, 0, 0);
		STORE(timer_fired, 1);
	} else if (code == IRQ_SSI) {
		CSR_CLEAR(sip, SIP_SSIP);
		if (hartid == 1) {
			/* Ping received: note when, and answer with an IPI to hart 0. */
			STORE(ipi_recv_time, now());
			STORE(ipi_count, LOAD(ipi_count) + 1);
			sbi_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, 1UL << 0, 0, 0, 0, 0, 0);
		} else {
			STORE(ipi_replies, LOAD(ipi_replies) + 1);
		}
	} else {
		hart_unexpected_interrupt(hartid, code);
	}
}

/* From the programmed deadline to the guest's handler, with the hart asleep in WFI. */
static void bench_timer(void)
{
	const unsigned long n = 50;
	unsigned long late_ticks = 0, instr = 0;

	CSR_SET(sie, SIP_STIP);
	for (unsigned long i = 0; i < n; i++) {
		unsigned long before;

		STORE(timer_fired, 0);
		timer_deadline = now() + 1000;
		sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, timer_deadline, 0, 0, 0, 0, 0);
		before = rdinstret();
		while (!LOAD(timer_fired)) {
			__asm__ volatile("wfi");
			CSR_SET(sstatus, SSTATUS_SIE);
			CSR_CLEAR(sstatus, SSTATUS_SIE);
		}
		late_ticks += timer_seen_time - timer_deadline;
		instr += timer_seen_instr - before;
	}
	CSR_CLEAR(sie, SIP_STIP);
	report("timer-delivery", n, instr, late_ticks);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	(void)hartid;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	CSR_SET(sie, SIP_SSIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/*
 * Ping-pong between two harts that both sleep in WFI: hart 0 sends an IPI, hart 1's handler
 * answers with one, hart 0 wakes. Sleeping (not spinning) matters: under -icount all harts share
 * one thread, and a spinning sender would hold it for its whole time slice.
 */
static void bench_ipi(void)
{
	const unsigned long n = 200;
	unsigned long one_way = 0, t0;

	if (sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry, 0, 0, 0,
		     0)
		    .error != SBI_SUCCESS) {
		say("bench: no second hart, IPI skipped\n");
		return;
	}
	CSR_SET(sie, SIP_SSIP);
	delay_ticks(MS_TICKS(1));
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		unsigned long want = LOAD(ipi_replies) + 1;

		ipi_sent_time = now();
		sbi_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, 1UL << 1, 0, 0, 0, 0, 0);
		while (LOAD(ipi_replies) < want) {
			__asm__ volatile("wfi");
			CSR_SET(sstatus, SSTATUS_SIE);
			CSR_CLEAR(sstatus, SSTATUS_SIE);
		}
		one_way += LOAD(ipi_recv_time) - ipi_sent_time;
	}
	CSR_CLEAR(sie, SIP_SSIP);
	report("ipi-round-trip", n, 0, now() - t0);
	report("ipi-one-way", n, 0, one_way);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret impl = sbi_call(SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0, 0, 0, 0);

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	rvkvm = impl.value == 0x52564B4D;
	say("bench: running %s\n", rvkvm ? "under rvkvm" : "natively");
	bench_calls();
	bench_mmio();
	bench_first_write();
	bench_timer();
	bench_ipi();
	say("bench: done\n");
	return 0;
}
