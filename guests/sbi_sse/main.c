/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI SSE (Supervisor Software Events), on 2 vCPUs. The errors of the spec's
 * tables first. Then hart 0 registers a handler for the local software event, enables it,
 * unmasks, and injects it into itself from code that holds a known value in every register:
 * the handler must run at once with a6 = the hart id, a7 = its entry argument, sepc = the
 * instruction after the inject ecall, sstatus.SPP = 1, SIE = 0, SPIE = the SIE it interrupted;
 * complete must come back there with every register, sepc and sstatus as they were. Then hart
 * 0 injects hart 1's local event while hart 1 sleeps in WFI with no interrupt enabled, and the
 * global event with hart 1 as its preferred hart: hart 1 takes both, with a6 = 1.
 */
#include "hart.h"
#include "lib/riscv_xlen.h"
#include "lib/string.h"

#define LOCAL SBI_SSE_EVENT_LOCAL_SOFTWARE
#define GLOBAL SBI_SSE_EVENT_GLOBAL_SOFTWARE
#define NOT_RAM 0x00100000UL /* rvkvm's test device: aligned, and no RAM */
#define SEPC_MARK 0x5ec0UL   /* what the guest leaves in its sepc before an event */
#define WAIT_TICKS 100000000UL
#define STACK 4096
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define STR_(x) #x
#define STR(x) STR_(x)
/* One register saved to or loaded from slot n (of XLEN bits) above base, in the asm below. */
#define ASM_SAVE(reg, n, base) \
	"	" STR(REG_S) " " #reg ", " #n " * " STR(REGBYTES) "(" #base ")\n"
#define ASM_RESTORE(reg, n, base) \
	"	" STR(REG_L) " " #reg ", " #n " * " STR(REGBYTES) "(" #base ")\n"

/* What the handler entry (below) saves and finds: the layout its assembly uses. */
struct sse_ctx {
	unsigned long regs[32]; /* x1..x31 in slot n as the event found them (a6, a7: as entered) */
	unsigned long stack_top; /* slot 32 */
	unsigned long count;     /* handler runs */
	unsigned long sepc, sstatus;
	long attr_err;
	unsigned long attrs[SBI_SSE_ATTR_COUNT];
};
_Static_assert(__builtin_offsetof(struct sse_ctx, stack_top) == 32 * sizeof(long),
	       "the entry's offset");

static struct sse_ctx ctx[3]; /* hart 0's local event, hart 1's local event, the global one */
static unsigned char stacks[3][STACK] __attribute__((aligned(16)));
static unsigned long attr_buf[SBI_SSE_ATTR_COUNT];
static unsigned long hart1_ready, hart1_done, stop_hart1;

void sse_entry(void);
void sse_resume_point(void);
unsigned long sse_inject_check(unsigned long event, unsigned long hart);
struct sse_ctx *sse_handler(struct sse_ctx *c);

/*
 * sse_entry: a6 = hart id, a7 = &ctx[i] (the entry argument), every other register the
 * interrupted code's. Saves x1..x31 (a6 and a7 as entered), calls sse_handler on the event's own
 * stack, restores every register but a6 and a7, and completes: SSE puts the interrupted a6 and a7
 * back itself.
 *
 * sse_inject_check(event, hart): injects with a known value in s0-s11, t0-t6, a2-a5 and returns
 * what differs after the ecall (0: every one intact, and the call returned SBI_SUCCESS, 0, with
 * a6 and a7 as they were). The event is taken right after the ecall, at sse_resume_point.
 */
/* clang-format off */
__asm__(".text\n"
	".balign 4\n"
	".globl sse_entry\n"
	"sse_entry:\n"
	ASM_SAVE(x1, 1, a7) ASM_SAVE(x2, 2, a7) ASM_SAVE(x3, 3, a7) ASM_SAVE(x4, 4, a7)
	ASM_SAVE(x5, 5, a7) ASM_SAVE(x6, 6, a7) ASM_SAVE(x7, 7, a7) ASM_SAVE(x8, 8, a7)
	ASM_SAVE(x9, 9, a7) ASM_SAVE(x10, 10, a7) ASM_SAVE(x11, 11, a7) ASM_SAVE(x12, 12, a7)
	ASM_SAVE(x13, 13, a7) ASM_SAVE(x14, 14, a7) ASM_SAVE(x15, 15, a7) ASM_SAVE(x16, 16, a7)
	ASM_SAVE(x17, 17, a7) ASM_SAVE(x18, 18, a7) ASM_SAVE(x19, 19, a7) ASM_SAVE(x20, 20, a7)
	ASM_SAVE(x21, 21, a7) ASM_SAVE(x22, 22, a7) ASM_SAVE(x23, 23, a7) ASM_SAVE(x24, 24, a7)
	ASM_SAVE(x25, 25, a7) ASM_SAVE(x26, 26, a7) ASM_SAVE(x27, 27, a7) ASM_SAVE(x28, 28, a7)
	ASM_SAVE(x29, 29, a7) ASM_SAVE(x30, 30, a7) ASM_SAVE(x31, 31, a7)
	"	mv a0, a7\n"
	ASM_RESTORE(sp, 32, a7)
	"	call sse_handler\n"
	"	mv t6, a0\n"
	ASM_RESTORE(x1, 1, t6) ASM_RESTORE(x2, 2, t6) ASM_RESTORE(x3, 3, t6) ASM_RESTORE(x4, 4, t6)
	ASM_RESTORE(x5, 5, t6) ASM_RESTORE(x6, 6, t6) ASM_RESTORE(x7, 7, t6) ASM_RESTORE(x8, 8, t6)
	ASM_RESTORE(x9, 9, t6) ASM_RESTORE(x10, 10, t6) ASM_RESTORE(x11, 11, t6) ASM_RESTORE(x12, 12, t6)
	ASM_RESTORE(x13, 13, t6) ASM_RESTORE(x14, 14, t6) ASM_RESTORE(x15, 15, t6)
	ASM_RESTORE(x18, 18, t6) ASM_RESTORE(x19, 19, t6) ASM_RESTORE(x20, 20, t6) ASM_RESTORE(x21, 21, t6)
	ASM_RESTORE(x22, 22, t6) ASM_RESTORE(x23, 23, t6) ASM_RESTORE(x24, 24, t6) ASM_RESTORE(x25, 25, t6)
	ASM_RESTORE(x26, 26, t6) ASM_RESTORE(x27, 27, t6) ASM_RESTORE(x28, 28, t6) ASM_RESTORE(x29, 29, t6)
	ASM_RESTORE(x30, 30, t6) ASM_RESTORE(x31, 31, t6)
	"	li a6, 6\n"		/* SBI_SSE_COMPLETE */
	"	li a7, 0x535345\n"	/* SBI_EID_SSE */
	"	ecall\n"
	"1:	j 1b\n"
	"\n"
	".balign 4\n"
	".globl sse_inject_check\n"
	"sse_inject_check:\n"
	"	addi sp, sp, -16 * " STR(REGBYTES) "\n"
	ASM_SAVE(ra, 0, sp) ASM_SAVE(s0, 1, sp) ASM_SAVE(s1, 2, sp) ASM_SAVE(s2, 3, sp)
	ASM_SAVE(s3, 4, sp) ASM_SAVE(s4, 5, sp) ASM_SAVE(s5, 6, sp) ASM_SAVE(s6, 7, sp)
	ASM_SAVE(s7, 8, sp) ASM_SAVE(s8, 9, sp) ASM_SAVE(s9, 10, sp) ASM_SAVE(s10, 11, sp)
	ASM_SAVE(s11, 12, sp)
	"	li s0, 0x5a00\n	li s1, 0x5a01\n	li s2, 0x5a02\n	li s3, 0x5a03\n"
	"	li s4, 0x5a04\n	li s5, 0x5a05\n	li s6, 0x5a06\n	li s7, 0x5a07\n"
	"	li s8, 0x5a08\n	li s9, 0x5a09\n	li s10, 0x5a0a\n	li s11, 0x5a0b\n"
	"	li t0, 0x7400\n	li t1, 0x7401\n	li t2, 0x7402\n	li t3, 0x7403\n"
	"	li t4, 0x7404\n	li t5, 0x7405\n	li t6, 0x7406\n"
	"	li a2, 0xa200\n	li a3, 0xa300\n	li a4, 0xa400\n	li a5, 0xa500\n"
	"	li a6, 7\n"		/* SBI_SSE_INJECT */
	"	li a7, 0x535345\n"
	"	ecall\n"
	".globl sse_resume_point\n"
	"sse_resume_point:\n"
	"	or a0, a0, a1\n"
	"	addi a6, a6, -7\n	or a0, a0, a6\n"
	"	li a1, 0x535345\n	xor a1, a1, a7\n	or a0, a0, a1\n"
	"	li a1, 0x5a00\n	xor a1, a1, s0\n	or a0, a0, a1\n"
	"	li a1, 0x5a01\n	xor a1, a1, s1\n	or a0, a0, a1\n"
	"	li a1, 0x5a02\n	xor a1, a1, s2\n	or a0, a0, a1\n"
	"	li a1, 0x5a03\n	xor a1, a1, s3\n	or a0, a0, a1\n"
	"	li a1, 0x5a04\n	xor a1, a1, s4\n	or a0, a0, a1\n"
	"	li a1, 0x5a05\n	xor a1, a1, s5\n	or a0, a0, a1\n"
	"	li a1, 0x5a06\n	xor a1, a1, s6\n	or a0, a0, a1\n"
	"	li a1, 0x5a07\n	xor a1, a1, s7\n	or a0, a0, a1\n"
	"	li a1, 0x5a08\n	xor a1, a1, s8\n	or a0, a0, a1\n"
	"	li a1, 0x5a09\n	xor a1, a1, s9\n	or a0, a0, a1\n"
	"	li a1, 0x5a0a\n	xor a1, a1, s10\n	or a0, a0, a1\n"
	"	li a1, 0x5a0b\n	xor a1, a1, s11\n	or a0, a0, a1\n"
	"	li a1, 0x7400\n	xor a1, a1, t0\n	or a0, a0, a1\n"
	"	li a1, 0x7401\n	xor a1, a1, t1\n	or a0, a0, a1\n"
	"	li a1, 0x7402\n	xor a1, a1, t2\n	or a0, a0, a1\n"
	"	li a1, 0x7403\n	xor a1, a1, t3\n	or a0, a0, a1\n"
	"	li a1, 0x7404\n	xor a1, a1, t4\n	or a0, a0, a1\n"
	"	li a1, 0x7405\n	xor a1, a1, t5\n	or a0, a0, a1\n"
	"	li a1, 0x7406\n	xor a1, a1, t6\n	or a0, a0, a1\n"
	"	li a1, 0xa200\n	xor a1, a1, a2\n	or a0, a0, a1\n"
	"	li a1, 0xa300\n	xor a1, a1, a3\n	or a0, a0, a1\n"
	"	li a1, 0xa400\n	xor a1, a1, a4\n	or a0, a0, a1\n"
	"	li a1, 0xa500\n	xor a1, a1, a5\n	or a0, a0, a1\n"
	ASM_RESTORE(ra, 0, sp) ASM_RESTORE(s0, 1, sp) ASM_RESTORE(s1, 2, sp) ASM_RESTORE(s2, 3, sp)
	ASM_RESTORE(s3, 4, sp) ASM_RESTORE(s4, 5, sp) ASM_RESTORE(s5, 6, sp) ASM_RESTORE(s6, 7, sp)
	ASM_RESTORE(s7, 8, sp) ASM_RESTORE(s8, 9, sp) ASM_RESTORE(s9, 10, sp) ASM_RESTORE(s10, 11, sp)
	ASM_RESTORE(s11, 12, sp)
	"	addi sp, sp, 16 * " STR(REGBYTES) "\n"
	"	ret\n");
/* clang-format on */

static struct sbiret sse(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
			 unsigned long a3, unsigned long a4)
{
	return sbi_call(SBI_EID_SSE, fid, a0, a1, a2, a3, a4, 0);
}

/* In the event's handler, on its own stack: what it found, and its attributes while RUNNING. */
struct sse_ctx *sse_handler(struct sse_ctx *c)
{
	c->sepc = CSR_READ(sepc);
	c->sstatus = CSR_READ(sstatus);
	c->attr_err = sse(SBI_SSE_READ_ATTRS, c == &ctx[2] ? GLOBAL : LOCAL, 0, SBI_SSE_ATTR_COUNT,
			  (unsigned long)c->attrs, 0)
			      .error;
	STORE(c->count, c->count + 1);
	return c;
}

static bool wait_for(unsigned long *count, unsigned long want)
{
	unsigned long t0 = now();

	while (LOAD(*count) < want) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

/* The spec's errors, before any event is registered. */
static void errors(void)
{
	unsigned long buf = (unsigned long)attr_buf;

	check_ret(sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_SSE, 0, 0, 0, 0, 0),
		  SBI_SUCCESS, true, 1, "sse: BASE probe reports SSE");
	check_ret(sse(SBI_SSE_REGISTER, 0xffff0001, (unsigned long)sse_entry, 0, 0, 0),
		  SBI_ERR_INVALID_PARAM, false, 0, "sse: register a reserved event id");
	check_ret(sse(SBI_SSE_REGISTER, 0x4000, (unsigned long)sse_entry, 0, 0, 0),
		  SBI_ERR_INVALID_PARAM, false, 0, "sse: register a platform event id");
	/* rvkvm's machine has Sscofpmf: the PMU overflow is a local event (guests/sbi_pmu_ovf). */
	attr_buf[0] = 5;
	check_ret(sse(SBI_SSE_READ_ATTRS, SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW, 0, 1, buf, 0),
		  SBI_SUCCESS, false, 0, "sse: read the PMU overflow event's STATUS");
	check(attr_buf[0] == SBI_SSE_STATUS_INJECTABLE,
	      "sse: the PMU overflow event is UNUSED, injectable (0x%lx)", attr_buf[0]);
	check_ret(sse(SBI_SSE_REGISTER, LOCAL, (unsigned long)sse_entry + 1, 0, 0, 0),
		  SBI_ERR_INVALID_PARAM, false, 0, "sse: register an odd entry pc");
	check_ret(sse(SBI_SSE_ENABLE, LOCAL, 0, 0, 0, 0), SBI_ERR_INVALID_STATE, false, 0,
		  "sse: enable an UNUSED event");
	check_ret(sse(SBI_SSE_DISABLE, LOCAL, 0, 0, 0, 0), SBI_ERR_INVALID_STATE, false, 0,
		  "sse: disable an UNUSED event");
	check_ret(sse(SBI_SSE_UNREGISTER, LOCAL, 0, 0, 0, 0), SBI_ERR_INVALID_STATE, false, 0,
		  "sse: unregister an UNUSED event");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 0, buf, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "sse: read 0 attributes");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 9, 2, buf, 0), SBI_ERR_BAD_RANGE, false, 0,
		  "sse: read attributes 9 and 10 (reserved)");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 1, 0xffffffff, buf, 0), SBI_ERR_BAD_RANGE, false,
		  0, "sse: read 2^32 - 1 attributes");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 1, NOT_RAM, 0), SBI_ERR_INVALID_ADDRESS, false,
		  0, "sse: read attributes into no RAM");
	/* Half a register off: the buffer must be XLEN-aligned. */
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 1, buf + sizeof(long) / 2, 0),
		  SBI_ERR_INVALID_ADDRESS, false, 0,
		  "sse: read attributes into a misaligned buffer");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 1, buf, 1), SBI_ERR_INVALID_ADDRESS, false, 0,
		  "sse: read attributes above 2^64");
	attr_buf[0] = 5;
	check_ret(sse(SBI_SSE_WRITE_ATTRS, LOCAL, SBI_SSE_ATTR_STATUS, 1, buf, 0), SBI_ERR_DENIED,
		  false, 0, "sse: write STATUS (read-only)");
	check_ret(sse(SBI_SSE_WRITE_ATTRS, LOCAL, SBI_SSE_ATTR_INTERRUPTED_A6, 1, buf, 0),
		  SBI_ERR_INVALID_STATE, false, 0, "sse: write INTERRUPTED_A6 while not RUNNING");
	check_ret(sse(SBI_SSE_INJECT, LOCAL, 7, 0, 0, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "sse: inject on hart 7 (no such hart)");
	check_ret(sse(SBI_SSE_HART_MASK, 0, 0, 0, 0, 0), SBI_ERR_ALREADY_STOPPED, false, 0,
		  "sse: mask, masked from the start");
	check_ret(sse(SBI_SSE_COMPLETE, 0, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: complete with nothing running");
	check_ret(sse(10, 0, 0, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, false, 0,
		  "sse: function 10 does not exist");
	/* event_id is a uint32_t: bit 32 set is the local software event, and it is UNUSED (rv64). */
	if (sizeof(long) == 8) {
		check_ret(sse(SBI_SSE_ENABLE, (unsigned long)(1ULL << 32) | LOCAL, 0, 0, 0, 0),
			  SBI_ERR_INVALID_STATE, false, 0,
			  "sse: enable event 1 << 32 | 0xffff0000");
	}
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 1, buf, 0), SBI_SUCCESS, false, 0,
		  "sse: read STATUS");
	check(attr_buf[0] == SBI_SSE_STATUS_INJECTABLE, "sse: STATUS is UNUSED, injectable (0x%lx)",
	      attr_buf[0]);
}

/* Injects hart 0's local event into itself with the given sstatus.SIE, and checks both sides. */
static void inject_self(unsigned long sie)
{
	struct sse_ctx *c = &ctx[0];
	unsigned long before, after, sepc_after, runs = c->count, diff;
	unsigned long want_flags;

	/* With SIE, also SPP and SPIE set, so that INTERRUPTED_FLAGS has something to save. */
	CSR_CLEAR(sstatus, SSTATUS_SIE | SSTATUS_SPP | SSTATUS_SPIE);
	if (sie) {
		/* No interrupt is enabled in sie: none is taken. */
		CSR_SET(sstatus, SSTATUS_SIE | SSTATUS_SPP | SSTATUS_SPIE);
	}
	CSR_WRITE(sepc, SEPC_MARK);
	before = CSR_READ(sstatus);
	diff = sse_inject_check(LOCAL, 0);
	after = CSR_READ(sstatus);
	sepc_after = CSR_READ(sepc);
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	want_flags = sie ? SBI_SSE_FLAG_SPP | SBI_SSE_FLAG_SPIE : 0;
	check(c->count == runs + 1, "sse sie=%lu: the handler ran once (%lu)", sie,
	      c->count - runs);
	check(c->regs[16] == 0 && c->regs[17] == (unsigned long)c,
	      "sse sie=%lu: handler entered with a6 = hart id 0 and a7 = entry arg (0x%lx 0x%lx)",
	      sie, c->regs[16], c->regs[17]);
	check(c->sepc == (unsigned long)sse_resume_point,
	      "sse sie=%lu: handler's sepc is the instruction after the inject (0x%lx)", sie,
	      c->sepc);
	check((c->sstatus & (1UL << 8)) && !(c->sstatus & SSTATUS_SIE) &&
		      ((c->sstatus >> 5) & 1) == sie,
	      "sse sie=%lu: handler's sstatus SPP = 1, SIE = 0, SPIE = %lu (0x%lx)", sie, sie,
	      c->sstatus);
	check(c->regs[8] == 0x5a00 && c->regs[27] == 0x5a0b && c->regs[12] == 0xa200 &&
		      c->regs[10] == 0 && c->regs[11] == 0,
	      "sse sie=%lu: handler found the interrupted registers (a0 = 0 from inject)", sie);
	check(c->attr_err == SBI_SUCCESS &&
		      c->attrs[SBI_SSE_ATTR_STATUS] ==
			      (SBI_SSE_STATE_RUNNING | SBI_SSE_STATUS_INJECTABLE) &&
		      c->attrs[SBI_SSE_ATTR_ENTRY_PC] == (unsigned long)sse_entry &&
		      c->attrs[SBI_SSE_ATTR_ENTRY_ARG] == (unsigned long)c,
	      "sse sie=%lu: attributes while RUNNING: STATUS 0x%lx, ENTRY_PC, ENTRY_ARG", sie,
	      c->attrs[SBI_SSE_ATTR_STATUS]);
	check(c->attrs[SBI_SSE_ATTR_INTERRUPTED_SEPC] == SEPC_MARK &&
		      c->attrs[SBI_SSE_ATTR_INTERRUPTED_FLAGS] == want_flags &&
		      c->attrs[SBI_SSE_ATTR_INTERRUPTED_A6] == SBI_SSE_INJECT &&
		      c->attrs[SBI_SSE_ATTR_INTERRUPTED_A7] == SBI_EID_SSE,
	      "sse sie=%lu: INTERRUPTED_SEPC 0x%lx, _FLAGS 0x%lx (want 0x%lx), _A6 %lu, _A7 0x%lx",
	      sie, c->attrs[SBI_SSE_ATTR_INTERRUPTED_SEPC],
	      c->attrs[SBI_SSE_ATTR_INTERRUPTED_FLAGS], want_flags,
	      c->attrs[SBI_SSE_ATTR_INTERRUPTED_A6], c->attrs[SBI_SSE_ATTR_INTERRUPTED_A7]);
	check(diff == 0, "sse sie=%lu: back after the inject with every register intact (0x%lx)",
	      sie, diff);
	check(sepc_after == SEPC_MARK &&
		      (after & (SSTATUS_SIE | SSTATUS_SPP | SSTATUS_SPIE)) ==
			      (before & (SSTATUS_SIE | SSTATUS_SPP | SSTATUS_SPIE)),
	      "sse sie=%lu: sepc and sstatus SPP/SPIE/SIE as before (0x%lx, 0x%lx -> 0x%lx)", sie,
	      sepc_after, before, after);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	check_ret(sse(SBI_SSE_REGISTER, LOCAL, (unsigned long)sse_entry, (unsigned long)&ctx[1], 0,
		      0),
		  SBI_SUCCESS, false, 0, "sse hart %lu: register its local event", hartid);
	check_ret(sse(SBI_SSE_ENABLE, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse hart %lu: enable", hartid);
	check_ret(sse(SBI_SSE_HART_UNMASK, 0, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse hart %lu: unmask", hartid);
	CSR_WRITE(sie, 0);
	STORE(hart1_ready, 1);
	/* Asleep with no interrupt enabled: only an event ends the WFI. */
	while (!LOAD(stop_hart1)) {
		__asm__ volatile("wfi");
	}
	STORE(hart1_done, 1);
	sbi_call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/* Hart 0 injects into hart 1, which waits in WFI: its local event, then the global one. */
static void inject_other(void)
{
	unsigned long one = 1;

	check(sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry, 0,
		       0, 0, 0)
				      .error == SBI_SUCCESS &&
		      wait_for(&hart1_ready, 1),
	      "sse: hart 1 started and ready");
	check_ret(sse(SBI_SSE_INJECT, LOCAL, 1, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: inject hart 1's local event");
	check(wait_for(&ctx[1].count, 1), "sse: hart 1 ran its handler");
	check(ctx[1].regs[16] == 1 && ctx[1].regs[17] == (unsigned long)&ctx[1],
	      "sse: hart 1's handler had a6 = hart id 1, a7 = its entry arg");
	check(ctx[0].count == 2, "sse: hart 0's own event did not run for hart 1's");
	/* The global event, preferred hart 1. */
	check_ret(sse(SBI_SSE_WRITE_ATTRS, GLOBAL, SBI_SSE_ATTR_PREFERRED_HART, 1,
		      (unsigned long)&one, 0),
		  SBI_SUCCESS, false, 0, "sse: global event's preferred hart is 1");
	check_ret(sse(SBI_SSE_REGISTER, GLOBAL, (unsigned long)sse_entry, (unsigned long)&ctx[2], 0,
		      0),
		  SBI_SUCCESS, false, 0, "sse: register the global event");
	check_ret(sse(SBI_SSE_ENABLE, GLOBAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: enable the global event");
	check_ret(sse(SBI_SSE_INJECT, GLOBAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: inject the global event (hart_id ignored)");
	check(wait_for(&ctx[2].count, 1) && ctx[2].regs[16] == 1,
	      "sse: hart 1 ran the global event's handler, a6 = 1");
	check(ctx[2].attr_err == SBI_SUCCESS && ctx[2].attrs[SBI_SSE_ATTR_PREFERRED_HART] == 1,
	      "sse: global event's attributes read in its handler");
	/* Wake hart 1 a last time so that it sees it may stop. */
	STORE(stop_hart1, 1);
	check_ret(sse(SBI_SSE_INJECT, LOCAL, 1, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: inject hart 1's local event again");
	check(wait_for(&hart1_done, 1) && ctx[1].count == 2, "sse: hart 1 woke and finished");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	for (unsigned i = 0; i < 3; i++) {
		ctx[i].stack_top = (unsigned long)&stacks[i][STACK];
	}
	say("sbi_sse: hart %lu\n", hartid);
	errors();
	check_ret(sse(SBI_SSE_REGISTER, LOCAL, (unsigned long)sse_entry, (unsigned long)&ctx[0], 0,
		      0),
		  SBI_SUCCESS, false, 0, "sse: register the local event");
	check_ret(sse(SBI_SSE_REGISTER, LOCAL, (unsigned long)sse_entry, (unsigned long)&ctx[0], 0,
		      0),
		  SBI_ERR_INVALID_STATE, false, 0, "sse: register it again");
	check_ret(sse(SBI_SSE_ENABLE, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: enable the local event");
	/* Injected while masked: pending, and nothing runs. */
	check_ret(sse(SBI_SSE_INJECT, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: inject while masked");
	check(ctx[0].count == 0, "sse: nothing ran while masked");
	check_ret(sse(SBI_SSE_READ_ATTRS, LOCAL, 0, 1, (unsigned long)attr_buf, 0), SBI_SUCCESS,
		  false, 0, "sse: read STATUS");
	check(attr_buf[0] ==
		      (SBI_SSE_STATE_ENABLED | SBI_SSE_STATUS_PENDING | SBI_SSE_STATUS_INJECTABLE),
	      "sse: STATUS is ENABLED, pending (0x%lx)", attr_buf[0]);
	/* Unmasked: the pending event runs right after the unmask call returns. */
	check_ret(sse(SBI_SSE_HART_UNMASK, 0, 0, 0, 0, 0), SBI_SUCCESS, false, 0, "sse: unmask");
	check(ctx[0].count == 1 && ctx[0].regs[10] == 0,
	      "sse: the pending event ran on unmask (runs %lu)", ctx[0].count);
	check_ret(sse(SBI_SSE_HART_UNMASK, 0, 0, 0, 0, 0), SBI_ERR_ALREADY_STARTED, false, 0,
		  "sse: unmask again");
	ctx[0].count = 0;
	inject_self(0);
	inject_self(1);
	check_ret(sse(SBI_SSE_UNREGISTER, LOCAL, 0, 0, 0, 0), SBI_ERR_INVALID_STATE, false, 0,
		  "sse: unregister while ENABLED");
	inject_other();
	check_ret(sse(SBI_SSE_DISABLE, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: disable the local event");
	check_ret(sse(SBI_SSE_INJECT, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: inject while disabled");
	check(ctx[0].count == 2, "sse: nothing ran while disabled");
	check_ret(sse(SBI_SSE_UNREGISTER, LOCAL, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "sse: unregister the local event");
	check_ret(sse(SBI_SSE_HART_MASK, 0, 0, 0, 0, 0), SBI_SUCCESS, false, 0, "sse: mask");
	return (int)check_failures();
}
