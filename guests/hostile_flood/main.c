/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: floods (IPIs, set_timer, MMIO, a PLIC interrupt storm) and vCPUs that spin, sleep or suspend with interrupts masked while hart 0 ends the run. */
#include "hostile.h"

/*
 * --append picks the flood; every vCPU the case gives takes part (they are counted with HSM
 * get_status and started by hart 0). Expected in every case: the floods change nothing for
 * the guest but the time they take, the interrupts that must come still come once each, and
 * hart 0 ends the run with SRST shutdown even while another vCPU never gives its hart back.
 *   ipi      every hart sends thousands of IPIs to itself, to all and to the next hart
 *   timer    every hart calls set_timer thousands of times (SBI TIME and legacy), then timers
 *            still fire exactly once each, not early
 *   mmio     the harts share 100000 byte reads of the UART LSR and 20000 write/read pairs
 *            of their own byte of the test device register
 *   spin     hart 1 spins forever with interrupts masked; hart 2 floods it with IPIs and
 *            hart 3 reads the UART LSR, both without end: hart 0 ends the run under them
 *   wfi      hart 1 sleeps in WFI with every interrupt masked and no timer; it gets IPIs
 *            it does not enable, and must stay asleep
 *   suspend  hart 1 in retentive, hart 2 in non-retentive HSM suspend, interrupts masked
 *   plic     an interrupt storm: the UART's THRE interrupt, routed by the PLIC to every hart,
 *            is claimed and completed without ever being serviced, so it fires again at once;
 *            after 5000 claims the handler turns it off in the UART and the storm must stop
 */

#define MAX_HARTS 8UL
#define WAIT_TICKS MS_TICKS(60000) /* a hang guard: every wait ends on what the guest counts */
#define SETTLE_TICKS MS_TICKS(300) /* time for an extra, wrong, event to show up */
#define UART_LSR 0x10000005UL
#define LSR_THRE 0x20
#define TESTDEV 0x00100000UL
#define UART_IER 0x10000001UL
#define IER_ETBEI 0x02
#define UART_IRQ 10UL
#define PLIC 0x0c000000UL
#define PLIC_ENABLE(ctx) (PLIC + 0x2000UL + 0x80UL * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC + 0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)
#define IRQ_SEI 9UL
#define SIP_SEIP (1UL << IRQ_SEI)

#define IPI_FLOOD 3000UL
#define TIMER_FLOOD 20000UL
#define TIMER_FIRES 1000UL
#define LEGACY_TIMER_FLOOD 5000UL
#define PLIC_STORM 5000UL
#define LSR_READS 100000UL
#define DEV_PAIRS 20000UL

static unsigned long ncpus;
static void (*secondary_work)(unsigned long hartid);

static unsigned long started[MAX_HARTS], done[MAX_HARTS];
static unsigned long ipis[MAX_HARTS], timers[MAX_HARTS];
static unsigned long spins, wfi_entered, wfi_wakeups;
static unsigned long claims[MAX_HARTS], empty_claims[MAX_HARTS], other_claims[MAX_HARTS], storm;

static bool wait_for(unsigned long *flag, unsigned long value)
{
	unsigned long t0 = now();

	while (LOAD(*flag) < value) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

static struct sbiret send_ipi(unsigned long mask, unsigned long base)
{
	return sbi_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, mask, base, 0, 0, 0, 0);
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (hartid >= MAX_HARTS) {
		hart_unexpected_interrupt(hartid, code);
	} else if (code == IRQ_SSI) {
		CSR_CLEAR(sip, SIP_SSIP);
		__atomic_fetch_add(&ipis[hartid], 1, __ATOMIC_SEQ_CST);
	} else if (code == IRQ_SEI) {
		volatile uint32_t *claim = (volatile uint32_t *)PLIC_CLAIM(hartid);
		uint32_t id = *claim;

		/*
		 * Claimed and completed, never serviced: the UART keeps the line up and the
		 * interrupt comes back at once. A lone hart never leaves this handler for
		 * long, so the handler itself ends the storm in the UART.
		 */
		if (id == 0) {
			__atomic_fetch_add(&empty_claims[hartid], 1, __ATOMIC_SEQ_CST);
		} else {
			if (id == UART_IRQ &&
			    __atomic_add_fetch(&storm, 1, __ATOMIC_SEQ_CST) >= PLIC_STORM) {
				*(volatile uint8_t *)UART_IER = 0;
			}
			__atomic_fetch_add(id == UART_IRQ ? &claims[hartid] : &other_claims[hartid],
					   1, __ATOMIC_SEQ_CST);
			*claim = id;
		}
	} else if (code == IRQ_STI) {
		sbi_set_timer(UINT64_MAX);
		if (__atomic_add_fetch(&timers[hartid], 1, __ATOMIC_SEQ_CST) > 10 * TIMER_FIRES) {
			CSR_CLEAR(sie,
				  SIP_STIP); /* it does not clear: stop it, the checks report it */
		}
	} else {
		hart_unexpected_interrupt(hartid, code);
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	if (hartid < MAX_HARTS) {
		STORE(started[hartid], 1);
		secondary_work(hartid);
		STORE(done[hartid], 1);
	}
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/* Starts harts 1..ncpus-1 on work and waits until each runs. */
static bool start_all(void (*work)(unsigned long hartid))
{
	bool ok = true;

	secondary_work = work;
	for (unsigned long h = 1; h < ncpus; h++) {
		struct sbiret r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, h,
					   (unsigned long)hart_secondary_entry, 0, 0, 0, 0);

		ok = ok && r.error == SBI_SUCCESS && wait_for(&started[h], 1);
	}
	return check(ok, "harts 1..%lu started", ncpus - 1);
}

static bool wait_all_done(void)
{
	bool ok = true;

	for (unsigned long h = 1; h < ncpus; h++) {
		ok = ok && wait_for(&done[h], 1);
	}
	return check(ok, "harts 1..%lu finished their part", ncpus - 1);
}

/* ---- ipi ---- */

static void ipi_flood(unsigned long me)
{
	unsigned long errors = 0;
	unsigned long next = (me + 1) % ncpus;

	CSR_SET(sie, SIP_SSIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	for (unsigned long i = 0; i < IPI_FLOOD; i++) {
		struct sbiret r;

		switch (i % 4) {
		case 0:
			r = send_ipi(1, me);
			break;
		case 1:
			r = send_ipi(0, ~0UL);
			break;
		case 2:
			r = send_ipi(1, next);
			break;
		default:
			r = send_ipi((1UL << ncpus) - 1, 0);
			break;
		}
		errors += r.error != SBI_SUCCESS;
	}
	check(errors == 0, "hart %lu sent %lu IPIs without an error (%lu errors)", me, IPI_FLOOD,
	      errors);
}

static void ipi_secondary(unsigned long me)
{
	ipi_flood(me);
}

static void ipi(void)
{
	unsigned long before[MAX_HARTS];
	bool all = true;

	if (!start_all(ipi_secondary)) {
		return;
	}
	ipi_flood(0);
	if (!wait_all_done()) {
		return;
	}
	delay_ticks(SETTLE_TICKS);
	for (unsigned long h = 0; h < ncpus; h++) {
		say("hostile_flood: hart %lu took %lu IPIs\n", h, LOAD(ipis[h]));
		all = all && LOAD(ipis[h]) > 0;
	}
	check(all, "every hart took IPIs during the flood");
	/* After the flood, one IPI to each hart still arrives, once. */
	for (unsigned long h = 0; h < ncpus; h++) {
		before[h] = LOAD(ipis[h]);
	}
	check_ret(send_ipi(0, ~0UL), SBI_SUCCESS, false, 0,
		  "one IPI to every hart after the flood");
	for (unsigned long h = 0; h < ncpus; h++) {
		unsigned long t0 = now();

		while (LOAD(ipis[h]) == before[h] && now() - t0 < WAIT_TICKS) {
		}
	}
	delay_ticks(SETTLE_TICKS);
	for (unsigned long h = 0; h < ncpus; h++) {
		check(LOAD(ipis[h]) == before[h] + 1, "hart %lu took exactly one (%lu)", h,
		      LOAD(ipis[h]) - before[h]);
	}
}

/* ---- timer ---- */

static void timer_flood(unsigned long me)
{
	unsigned long t, late = 0, fired;
	uint64_t t64;

	/* STIE off: thousands of deadlines in the past, now, soon and never. */
	for (unsigned long i = 0; i < TIMER_FLOOD; i++) {
		switch (i % 5) {
		case 0:
			sbi_set_timer(now64());
			break;
		case 1:
			sbi_set_timer(0);
			break;
		case 2:
			sbi_set_timer(UINT64_MAX);
			break;
		case 3:
			sbi_set_timer(now64() + 1);
			break;
		default:
			sbi_set_timer(now64() + MS_TICKS(100));
			break;
		}
	}
	sbi_set_timer(UINT64_MAX);
	check((CSR_READ(sip) & SIP_STIP) == 0,
	      "hart %lu: after %lu set_timer calls and set_timer(~0), "
	      "no timer interrupt is pending",
	      me, TIMER_FLOOD);
	for (unsigned long i = 0; i < LEGACY_TIMER_FLOOD; i++) {
		uint64_t when = i % 2 ? 0 : UINT64_MAX;

		sbi_call(SBI_EID_LEGACY_SET_TIMER, 0, SBI_ARG64_LO(when), SBI_ARG64_HI(when), 0, 0,
			 0, 0);
	}
	sbi_set_timer(UINT64_MAX);

	/*
	 * STIE on: a deadline already past fires once, every time. Each wait ends when it fired;
	 * its time limit only guards against a hang (a busy host may hold the hart for a while).
	 */
	CSR_SET(sie, SIP_STIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	for (unsigned long i = 0; i < TIMER_FIRES; i++) {
		unsigned long before = LOAD(timers[me]);

		sbi_set_timer(i % 2 ? 0 : now64());
		t = now();
		while (LOAD(timers[me]) == before && now() - t < WAIT_TICKS) {
		}
		late += LOAD(timers[me]) == before;
	}
	fired = LOAD(timers[me]);
	check(late == 0 && fired == TIMER_FIRES,
	      "hart %lu: %lu past deadlines fired %lu times (%lu never)", me, TIMER_FIRES, fired,
	      late);

	/* And a deadline 50 ms ahead fires once, not before. */
	t64 = now64();
	t = (unsigned long)t64;
	sbi_set_timer(t64 + MS_TICKS(50));
	while (LOAD(timers[me]) == fired && now() - t < WAIT_TICKS) {
		__asm__ volatile("wfi");
	}
	check(LOAD(timers[me]) == fired + 1 && now() - t >= MS_TICKS(50),
	      "hart %lu: a deadline 50 ms ahead fired once, not early (after %lu ms)", me,
	      (now() - t) / MS_TICKS(1));
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	CSR_CLEAR(sie, SIP_STIP);
}

static void timer(void)
{
	if (ncpus > 1 && !start_all(timer_flood)) {
		return;
	}
	timer_flood(0);
	if (ncpus > 1) {
		wait_all_done();
	}
}

/* ---- mmio ---- */

static void mmio_flood(unsigned long me)
{
	volatile uint8_t *lsr = (volatile uint8_t *)UART_LSR;
	volatile uint8_t *lane = (volatile uint8_t *)(TESTDEV + me);
	unsigned long bad_lsr = 0, bad_dev = 0;

	for (unsigned long i = 0; i < LSR_READS / ncpus; i++) {
		bad_lsr += (*lsr & LSR_THRE) == 0;
	}
	for (unsigned long i = 0; i < DEV_PAIRS / ncpus; i++) {
		uint8_t v = (uint8_t)(i * 7 + me);

		*lane = v;
		bad_dev += *lane != v;
	}
	check(bad_lsr == 0, "hart %lu: %lu LSR reads all show THRE (%lu did not)", me,
	      LSR_READS / ncpus, bad_lsr);
	check(bad_dev == 0,
	      "hart %lu: %lu writes of its test-device byte all read back (%lu did not)", me,
	      DEV_PAIRS / ncpus, bad_dev);
}

static void mmio(void)
{
	if (ncpus > 1 && !start_all(mmio_flood)) {
		return;
	}
	mmio_flood(0);
	if (ncpus > 1) {
		wait_all_done();
	}
}

/* ---- spin, wfi, suspend: one hart never comes back; hart 0 still ends the run ---- */

static void masked_spin(unsigned long me)
{
	(void)me;
	CSR_WRITE(sie, 0);
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	for (;;) {
		__atomic_fetch_add(&spins, 1, __ATOMIC_RELAXED);
	}
}

static unsigned long endless[MAX_HARTS];

/* Harts 2 and up never stop either: IPIs to hart 1, or MMIO, until the VM ends. */
static void spin_secondary(unsigned long me)
{
	if (me == 1) {
		masked_spin(me);
	}
	for (;;) {
		if (me % 2 == 0) {
			send_ipi(1UL << 1, 0);
		} else {
			(void)*(volatile uint8_t *)UART_LSR;
		}
		__atomic_fetch_add(&endless[me], 1, __ATOMIC_RELAXED);
	}
}

static void spin(void)
{
	unsigned long s0;
	struct sbiret r;

	if (!check(ncpus >= 2, "at least 2 vCPUs (%lu)", ncpus) || !start_all(spin_secondary)) {
		return;
	}
	for (unsigned long i = 0; i < IPI_FLOOD; i++) {
		send_ipi(1UL << 1, 0);
	}
	for (unsigned long h = 2; h < ncpus; h++) {
		check(wait_for(&endless[h], IPI_FLOOD), "hart %lu is in its endless %s loop", h,
		      h % 2 == 0 ? "IPI" : "MMIO");
	}
	/* Its loop count goes on rising: waited for, not looked at after a fixed time. */
	s0 = LOAD(spins);
	check(wait_for(&spins, s0 + 1), "hart 1 still spins with interrupts masked (%lu loops)",
	      LOAD(spins));
	r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, 1, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, SBI_HSM_STATE_STARTED, "hart 1 is STARTED");
	say("hostile_flood: hart 0 ends the run while hart 1 spins and the others flood\n");
}

static void masked_wfi(unsigned long me)
{
	(void)me;
	CSR_WRITE(sie, 0);
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	sbi_set_timer(UINT64_MAX);
	STORE(wfi_entered, 1);
	for (;;) {
		__asm__ volatile("wfi");
		__atomic_fetch_add(&wfi_wakeups, 1, __ATOMIC_SEQ_CST);
	}
}

static void wfi(void)
{
	if (!check(ncpus >= 2, "at least 2 vCPUs (%lu)", ncpus) || !start_all(masked_wfi)) {
		return;
	}
	check(wait_for(&wfi_entered, 1), "hart 1 reached its WFI");
	delay_ticks(SETTLE_TICKS);
	check(LOAD(wfi_wakeups) == 0, "hart 1 sleeps in WFI with nothing enabled (%lu wakeups)",
	      LOAD(wfi_wakeups));
	for (unsigned long i = 0; i < 100; i++) {
		send_ipi(1UL << 1, 0);
	}
	delay_ticks(SETTLE_TICKS);
	check(LOAD(wfi_wakeups) == 0, "IPIs it has not enabled do not wake it (%lu wakeups)",
	      LOAD(wfi_wakeups));
	say("hostile_flood: hart 0 ends the run while hart 1 sleeps\n");
}

static void masked_suspend(unsigned long me)
{
	struct sbiret r;

	CSR_WRITE(sie, 0);
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	sbi_set_timer(UINT64_MAX);
	if (me == 1) {
		r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0,
			     0, 0, 0);
	} else {
		r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_NON_RET_DEFAULT,
			     (unsigned long)hart_secondary_entry, 0, 0, 0, 0);
	}
	check(false, "hart %lu came back from a suspend nothing can end (error %ld)", me, r.error);
	for (;;) {
	}
}

static void suspend(void)
{
	if (!check(ncpus >= 3, "at least 3 vCPUs (%lu)", ncpus) || !start_all(masked_suspend)) {
		return;
	}
	for (unsigned long h = 1; h <= 2; h++) {
		unsigned long t0 = now();
		struct sbiret r;

		do {
			r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, h, 0, 0, 0, 0, 0);
		} while (r.value != SBI_HSM_STATE_SUSPENDED && now() - t0 < WAIT_TICKS);
		check_ret(r, SBI_SUCCESS, true, SBI_HSM_STATE_SUSPENDED, "hart %lu is SUSPENDED",
			  h);
	}
	for (unsigned long i = 0; i < 100; i++) {
		send_ipi(3UL << 1, 0);
	}
	delay_ticks(SETTLE_TICKS);
	for (unsigned long h = 1; h <= 2; h++) {
		struct sbiret r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, h, 0, 0, 0, 0, 0);

		check_ret(r, SBI_SUCCESS, true, SBI_HSM_STATE_SUSPENDED,
			  "hart %lu stays SUSPENDED after IPIs it has not enabled", h);
	}
	say("hostile_flood: hart 0 ends the run while harts 1 and 2 are suspended\n");
}

/* ---- plic ---- */

static unsigned long total_claims(void)
{
	unsigned long n = 0;

	for (unsigned long h = 0; h < ncpus; h++) {
		n += LOAD(claims[h]);
	}
	return n;
}

static void plic_storm(unsigned long me)
{
	*(volatile uint32_t *)PLIC_ENABLE(me) = 1U << UART_IRQ;
	*(volatile uint32_t *)PLIC_THRESHOLD(me) = 0;
	CSR_SET(sie, SIP_SEIP);
	CSR_SET(sstatus, SSTATUS_SIE);
}

static void plic(void)
{
	unsigned long t0, n;
	bool all = true;

	*(volatile uint32_t *)(PLIC + 4 * UART_IRQ) = 1; /* priority */
	if (ncpus > 1 && !start_all(plic_storm)) {
		return;
	}
	plic_storm(0);
	if (ncpus > 1 && !wait_all_done()) {
		return;
	}
	*(volatile uint8_t *)UART_IER = IER_ETBEI;
	t0 = now();
	while (total_claims() < PLIC_STORM && now() - t0 < WAIT_TICKS) {
	}
	n = total_claims();
	check(n >= PLIC_STORM, "the storm reached %lu claims of the UART interrupt (%lu)",
	      PLIC_STORM, n);
	/*
	 * Stopped means no new claim for SETTLE_TICKS. A hart the host held up mid-claim may still
	 * count one late, so look again until a quiet period, within the hang guard; a storm that
	 * goes on never gives one.
	 */
	t0 = now();
	do {
		n = total_claims();
		delay_ticks(SETTLE_TICKS);
	} while (total_claims() != n && now() - t0 < WAIT_TICKS);
	check(total_claims() == n, "the storm stops once the UART interrupt is off (%lu then %lu)",
	      n, total_claims());
	for (unsigned long h = 0; h < ncpus; h++) {
		say("hostile_flood: hart %lu claimed the UART %lu times, nothing %lu times\n", h,
		    LOAD(claims[h]), LOAD(empty_claims[h]));
		all = all && LOAD(other_claims[h]) == 0;
	}
	check(all, "no hart claimed another source");
	check((*(volatile uint32_t *)(PLIC + 0x1000) & (1U << UART_IRQ)) == 0,
	      "the UART interrupt is no longer pending in the PLIC");
}

static const struct hostile_attack attacks[] = {
	{ "ipi", ipi }, { "timer", timer },     { "mmio", mmio }, { "spin", spin },
	{ "wfi", wfi }, { "suspend", suspend }, { "plic", plic },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	STORE(started[0], 1);
	while (ncpus < MAX_HARTS &&
	       sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, ncpus, 0, 0, 0, 0, 0).error ==
		       SBI_SUCCESS) {
		ncpus++;
	}
	say("hostile_flood: %lu vCPUs\n", ncpus);
	hostile_run("hostile_flood", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	return 0;
}
