/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: trapping, MMIO and SBI instructions in the last bytes of RAM, where the next page is not mapped. */
#include "hostile.h"
#include "lib/riscv_xlen.h"

/*
 * Each snippet is copied to the very end of RAM and called with jalr; an exception goes to
 * edge_trap_vector, which records it and resumes at ra (the next instruction may not exist).
 * Expected: the illegal ones (unimp, c.unimp, hfence.vvma, csrr hstatus) reach the guest as
 * illegal instruction (cause 2) with sepc at the snippet, ebreak/c.ebreak as breakpoint
 * (cause 3); the MMIO load/store and the ecall, which rvkvm emulates (decoding the instruction
 * from guest memory with HLVX when htinst is 0), complete and return through c.jr ra in the
 * last halfword. The hypervisor must not fault reading there. Run with any --mem.
 */

#define STR_(x) #x
#define STR(x) STR_(x)
#define TESTDEV 0x00100000UL
#define EXC_ILLEGAL 2UL
#define EXC_BREAKPOINT 3UL
#define PATTERN 0x89abcdef01234567UL

struct edge_trap_rec {
	unsigned long t1, caught, scause, sepc, stval;
};

struct edge_trap_rec edge_trap;
void edge_trap_vector(void);

/* The record's fields in XLEN slots: t1 0, caught 1, scause 2, sepc 3, stval 4. */
__asm__(".text\n"
	".balign 4\n"
	".globl edge_trap_vector\n"
	"edge_trap_vector:\n"
	"	csrw sscratch, t0\n"
	"	la t0, edge_trap\n"
	"	" STR(REG_S) " t1, 0 * " STR(
		REGBYTES) "(t0)\n"
			  "	li t1, 1\n"
			  "	" STR(REG_S) " t1, 1 * " STR(
				  REGBYTES) "(t0)\n"
					    "	csrr t1, scause\n"
					    "	" STR(REG_S) " t1, 2 * " STR(
						    REGBYTES) "(t0)\n"
							      "	csrr t1, sepc\n"
							      "	" STR(REG_S) " t1, 3 * " STR(
								      REGBYTES) "(t0)\n"
										"	csrr t1, "
										"stval\n"
										"	" STR(REG_S) " t1, 4 * " STR(
											REGBYTES) "(t0)\n"
												  "	csrw sepc, ra\n"
												  "	" STR(REG_L) " t1, 0 * " STR(
													  REGBYTES) "(t0)\n"
														    "	csrr t0, sscratch\n"
														    "	sret\n");

static unsigned long ram_end;

struct snippet {
	const char *what;
	uint16_t code[4];
	unsigned halves;
	unsigned long cause; /* 0: must not trap */
};

/* c.jr ra: every non-trapping snippet returns with it from the last halfword of RAM. */
#define C_JR_RA 0x8082

static const struct snippet trapping[] = {
	{ "unimp (0xc0001073) in the last 4 bytes", { 0x1073, 0xc000 }, 2, EXC_ILLEGAL },
	{ "c.unimp (0x0000) in the last 2 bytes", { 0x0000 }, 1, EXC_ILLEGAL },
	{ "hfence.vvma in the last 4 bytes", { 0x0073, 0x2200 }, 2, EXC_ILLEGAL },
	{ "csrr t0, hstatus in the last 4 bytes", { 0x22f3, 0x6000 }, 2, EXC_ILLEGAL },
	{ "csrr t0, mstatus in the last 4 bytes", { 0x22f3, 0x3000 }, 2, EXC_ILLEGAL },
	{ "ebreak in the last 4 bytes", { 0x0073, 0x0010 }, 2, EXC_BREAKPOINT },
	{ "c.ebreak in the last 2 bytes", { 0x9002 }, 1, EXC_BREAKPOINT },
};

/* Copies the snippet so that it ends exactly at the end of RAM; returns where it starts. */
static unsigned long place(const uint16_t *code, unsigned halves)
{
	unsigned long at = ram_end - 2UL * halves;

	for (unsigned i = 0; i < halves; i++) {
		((volatile uint16_t *)at)[i] = code[i];
	}
	__asm__ volatile("fence.i" : : : "memory");
	return at;
}

/* Calls at with a0, a1, a6, a7 set (an ecall needs them); returns a0 and sets *a1_out. */
static unsigned long call_at(unsigned long at, unsigned long a0, unsigned long a1, unsigned long a6,
			     unsigned long a7, unsigned long *a1_out)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r6 __asm__("a6") = a6;
	register unsigned long r7 __asm__("a7") = a7;

	edge_trap.caught = 0;
	CSR_WRITE(stvec, (unsigned long)edge_trap_vector);
	__asm__ volatile("jalr ra, 0(%[at])"
			 : "+r"(r0), "+r"(r1)
			 : [at] "r"(at), "r"(r6), "r"(r7)
			 : "ra", "t0", "t1", "memory");
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	*a1_out = r1;
	return r0;
}

static void test_trapping(const struct snippet *s)
{
	unsigned long at = place(s->code, s->halves);
	unsigned long a1;
	uint32_t insn = s->code[0] | (s->halves == 2 ? (uint32_t)s->code[1] << 16 : 0);

	call_at(at, 0, 0, 0, 0, &a1);
	/* stval: the instruction's bits for an illegal one, its address for a breakpoint, or 0. */
	unsigned long tval_ok = s->cause == EXC_BREAKPOINT ? at : insn;

	check(LOAD(edge_trap.caught) && edge_trap.scause == s->cause && edge_trap.sepc == at &&
		      (edge_trap.stval == tval_ok || edge_trap.stval == 0),
	      "%s: caught %lu, cause %lu (want %lu), sepc 0x%lx (want 0x%lx), stval 0x%lx", s->what,
	      LOAD(edge_trap.caught), edge_trap.scause, s->cause, edge_trap.sepc, at,
	      edge_trap.stval);
}

static void test_emulated(void)
{
	/* lw a0, 0(a1); c.jr ra */
	static const uint16_t lw[] = { 0xa503, 0x0005, C_JR_RA };
	/* sw a0, 0(a1); c.jr ra */
	static const uint16_t sw[] = { 0xa023, 0x00a5, C_JR_RA };
	/* c.lw a0, 0(a1); c.jr ra */
	static const uint16_t clw[] = { 0x4188, C_JR_RA };
	/* ecall; c.jr ra */
	static const uint16_t ecall[] = { 0x0073, 0x0000, C_JR_RA };
	volatile uint64_t *dev = (volatile uint64_t *)TESTDEV;
	unsigned long v, a1, at;
	uint64_t d;

	*dev = PATTERN;
	at = place(lw, 3);
	v = call_at(at, 0, TESTDEV, 0, 0, &a1);
	check(!LOAD(edge_trap.caught) && v == 0x0000000001234567UL,
	      "MMIO lw at RAM end - 6 then c.jr in the last halfword: 0x%lx (trap %lu, cause %lu)",
	      v, LOAD(edge_trap.caught), edge_trap.scause);
	at = place(clw, 2);
	v = call_at(at, 0, TESTDEV + 4, 0, 0, &a1);
	/* Sign-extended to XLEN (0xffffffff89abcdef on rv64). */
	check(!LOAD(edge_trap.caught) && v == (unsigned long)(long)(int32_t)0x89abcdefU,
	      "MMIO c.lw at RAM end - 4 then c.jr: 0x%lx (trap %lu, cause %lu)", v,
	      LOAD(edge_trap.caught), edge_trap.scause);
	at = place(sw, 3);
	/* sw stores the low 32 bits (of an rv64 register's 64). */
	call_at(at, (unsigned long)0x5566778899aabbccULL, TESTDEV, 0, 0, &a1);
	d = *dev;
	check(!LOAD(edge_trap.caught) && d == 0x89abcdef99aabbccULL,
	      "MMIO sw at RAM end - 6 then c.jr: device 0x%llx (trap %lu, cause %lu)",
	      (unsigned long long)d, LOAD(edge_trap.caught), edge_trap.scause);
	at = place(ecall, 3);
	v = call_at(at, 0, 0, SBI_BASE_GET_SPEC_VERSION, SBI_EID_BASE, &a1);
	check(!LOAD(edge_trap.caught) && v == 0 && a1 == 0x03000000UL,
	      "ecall (BASE get_spec_version) at RAM end - 6: error %ld value 0x%lx (trap %lu)",
	      (long)v, a1, LOAD(edge_trap.caught));
}

static void end_of_ram(void)
{
	for (unsigned i = 0; i < sizeof(trapping) / sizeof(trapping[0]); i++) {
		test_trapping(&trapping[i]);
	}
	test_emulated();
}

static const struct hostile_attack attacks[] = {
	{ "end_of_ram", end_of_ram },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	ram_end = hostile_ram_end(fdt);
	if (!check(ram_end > GUEST_RAM_BASE, "guest RAM ends at 0x%lx", ram_end)) {
		return 1;
	}
	hostile_run("hostile_edge", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	say("hostile_edge: the guest still runs\n");
	return 0;
}
