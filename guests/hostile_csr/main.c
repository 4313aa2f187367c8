/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: HS-, VS-, M- and debug-mode CSRs and privileged instructions executed in VS-mode; each must reach the guest as an exception. */
#include "hostile.h"
#include "lib/printf.h"

/*
 * --append "csr": every CSR here is out of a VS-mode guest's reach. Reading it and writing ~0
 * to it must raise an illegal-instruction exception in the guest (cause 2): directly from the
 * hardware for M-mode and debug CSRs, or as a virtual-instruction trap (cause 22) that rvkvm
 * turns into an illegal instruction for the hypervisor's own CSRs.
 * --append "insn": mret, dret, HFENCE.VVMA/GVMA, HINVAL.GVMA, unimp, c.unimp (cause 2) and
 * ebreak, c.ebreak (breakpoint, cause 3).
 * --append "hlv": HLV/HLVX/HSV (cause 2), each right after another trapping instruction, and
 * an hlv.d right after a WFI: none may be taken for something else (e.g. for a WFI).
 * stval must be the instruction's bits (the address for a breakpoint) or 0: the privileged
 * spec allows either.
 */

#define EXC_ILLEGAL 2UL
#define EXC_BREAKPOINT 3UL

#define CSR_FNS(num)                                                            \
	static void rd_##num(void)                                              \
	{                                                                       \
		unsigned long v = 0x5a5a;                                       \
		__asm__ volatile("csrr %0, " #num : "+r"(v) : : "memory");      \
		if (v != 0x5a5a) {                                              \
			say("  csr " #num " read gave 0x%lx\n", v);             \
		}                                                               \
	}                                                                       \
	static void wr_##num(void)                                              \
	{                                                                       \
		__asm__ volatile("csrw " #num ", %0" : : "r"(~0UL) : "memory"); \
	}

#define CSR_ENTRY(num, name)                  \
	{                                     \
		num, name, rd_##num, wr_##num \
	}

/* Hypervisor (HS) CSRs and the VS CSRs that only HS-mode may name. */
CSR_FNS(0x600) /* hstatus */
CSR_FNS(0x602) /* hedeleg */
CSR_FNS(0x603) /* hideleg */
CSR_FNS(0x604) /* hie */
CSR_FNS(0x605) /* htimedelta */
CSR_FNS(0x606) /* hcounteren */
CSR_FNS(0x607) /* hgeie */
CSR_FNS(0x60A) /* henvcfg */
CSR_FNS(0x643) /* htval */
CSR_FNS(0x644) /* hip */
CSR_FNS(0x645) /* hvip */
CSR_FNS(0x64A) /* htinst */
CSR_FNS(0x680) /* hgatp */
CSR_FNS(0xE12) /* hgeip (read-only) */
CSR_FNS(0x200) /* vsstatus */
CSR_FNS(0x204) /* vsie */
CSR_FNS(0x205) /* vstvec */
CSR_FNS(0x240) /* vsscratch */
CSR_FNS(0x241) /* vsepc */
CSR_FNS(0x242) /* vscause */
CSR_FNS(0x243) /* vstval */
CSR_FNS(0x244) /* vsip */
CSR_FNS(0x24D) /* vstimecmp */
CSR_FNS(0x280) /* vsatp */
/* Machine-mode CSRs. */
CSR_FNS(0x300) /* mstatus */
CSR_FNS(0x301) /* misa */
CSR_FNS(0x302) /* medeleg */
CSR_FNS(0x303) /* mideleg */
CSR_FNS(0x304) /* mie */
CSR_FNS(0x305) /* mtvec */
CSR_FNS(0x306) /* mcounteren */
CSR_FNS(0x30A) /* menvcfg */
CSR_FNS(0x340) /* mscratch */
CSR_FNS(0x341) /* mepc */
CSR_FNS(0x342) /* mcause */
CSR_FNS(0x344) /* mip */
CSR_FNS(0x34A) /* mtinst */
CSR_FNS(0x34B) /* mtval2 */
CSR_FNS(0x3A0) /* pmpcfg0 */
CSR_FNS(0x3B0) /* pmpaddr0 */
CSR_FNS(0xB00) /* mcycle */
CSR_FNS(0xB02) /* minstret */
CSR_FNS(0xF11) /* mvendorid (read-only) */
CSR_FNS(0xF14) /* mhartid (read-only) */
/* Debug-mode and trigger CSRs, a counter the hypervisor does not give, a read-only counter. */
CSR_FNS(0x7A0) /* tselect */
CSR_FNS(0x7B0) /* dcsr */
CSR_FNS(0x7B1) /* dpc */
CSR_FNS(0xC03) /* hpmcounter3 */

static const struct csr_case {
	unsigned long num;
	const char *name;
	void (*read)(void);
	void (*write)(void);
} csrs[] = {
	CSR_ENTRY(0x600, "hstatus"),    CSR_ENTRY(0x602, "hedeleg"),
	CSR_ENTRY(0x603, "hideleg"),    CSR_ENTRY(0x604, "hie"),
	CSR_ENTRY(0x605, "htimedelta"), CSR_ENTRY(0x606, "hcounteren"),
	CSR_ENTRY(0x607, "hgeie"),      CSR_ENTRY(0x60A, "henvcfg"),
	CSR_ENTRY(0x643, "htval"),      CSR_ENTRY(0x644, "hip"),
	CSR_ENTRY(0x645, "hvip"),       CSR_ENTRY(0x64A, "htinst"),
	CSR_ENTRY(0x680, "hgatp"),      CSR_ENTRY(0xE12, "hgeip"),
	CSR_ENTRY(0x200, "vsstatus"),   CSR_ENTRY(0x204, "vsie"),
	CSR_ENTRY(0x205, "vstvec"),     CSR_ENTRY(0x240, "vsscratch"),
	CSR_ENTRY(0x241, "vsepc"),      CSR_ENTRY(0x242, "vscause"),
	CSR_ENTRY(0x243, "vstval"),     CSR_ENTRY(0x244, "vsip"),
	CSR_ENTRY(0x24D, "vstimecmp"),  CSR_ENTRY(0x280, "vsatp"),
	CSR_ENTRY(0x300, "mstatus"),    CSR_ENTRY(0x301, "misa"),
	CSR_ENTRY(0x302, "medeleg"),    CSR_ENTRY(0x303, "mideleg"),
	CSR_ENTRY(0x304, "mie"),        CSR_ENTRY(0x305, "mtvec"),
	CSR_ENTRY(0x306, "mcounteren"), CSR_ENTRY(0x30A, "menvcfg"),
	CSR_ENTRY(0x340, "mscratch"),   CSR_ENTRY(0x341, "mepc"),
	CSR_ENTRY(0x342, "mcause"),     CSR_ENTRY(0x344, "mip"),
	CSR_ENTRY(0x34A, "mtinst"),     CSR_ENTRY(0x34B, "mtval2"),
	CSR_ENTRY(0x3A0, "pmpcfg0"),    CSR_ENTRY(0x3B0, "pmpaddr0"),
	CSR_ENTRY(0xB00, "mcycle"),     CSR_ENTRY(0xB02, "minstret"),
	CSR_ENTRY(0xF11, "mvendorid"),  CSR_ENTRY(0xF14, "mhartid"),
	CSR_ENTRY(0x7A0, "tselect"),    CSR_ENTRY(0x7B0, "dcsr"),
	CSR_ENTRY(0x7B1, "dpc"),        CSR_ENTRY(0xC03, "hpmcounter3"),
};

/* The instruction at addr, 2 or 4 bytes, read as halfwords (it may be only 2-byte aligned). */
static uint32_t insn_at(unsigned long addr)
{
	uint32_t lo = *(volatile uint16_t *)addr;

	return (lo & 3) != 3 ? lo : lo | ((uint32_t) * (volatile uint16_t *)(addr + 2) << 16);
}

/* Runs fn with exception catching armed and checks that it trapped with cause want. */
static void expect_trap(void (*fn)(void), unsigned long want, const char *what)
{
	unsigned long scause, sepc, stval;
	bool caught;
	uint32_t insn;

	hart_catch_arm();
	fn();
	caught = hart_catch_end(&scause, &sepc, &stval);
	if (!caught) {
		check(false, "%s traps (it ran)", what);
		return;
	}
	insn = insn_at(sepc);
	/* stval: the instruction's bits for an illegal one, its address for a breakpoint, or 0. */
	check(scause == want && (stval == (want == EXC_BREAKPOINT ? sepc : insn) || stval == 0),
	      "%s: cause %lu (want %lu), stval 0x%lx (insn 0x%x)", what, scause, want, stval,
	      (unsigned)insn);
}

static void csr(void)
{
	char what[64];

	for (unsigned i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++) {
		lib_snprintf(what, sizeof(what), "csrr %s (0x%lx)", csrs[i].name, csrs[i].num);
		expect_trap(csrs[i].read, EXC_ILLEGAL, what);
		lib_snprintf(what, sizeof(what), "csrw %s (0x%lx), ~0", csrs[i].name, csrs[i].num);
		expect_trap(csrs[i].write, EXC_ILLEGAL, what);
	}
}

static unsigned long scratch[2];

/* a0 and a1 point at scratch RAM, for the instructions that take an address. */
#define INSN_FN(name, text)                                     \
	static void name(void)                                  \
	{                                                       \
		__asm__ volatile("mv a0, %0\nmv a1, %0\n" text  \
				 :                              \
				 : "r"(scratch)                 \
				 : "a0", "a1", "t0", "memory"); \
	}

INSN_FN(do_mret, "mret")
INSN_FN(do_dret, ".4byte 0x7b200073")
INSN_FN(do_hfence_vvma, ".insn r 0x73, 0, 0x11, x0, x0, x0")
INSN_FN(do_hfence_vvma_addr, ".insn r 0x73, 0, 0x11, x0, a0, a1")
INSN_FN(do_hfence_gvma, ".insn r 0x73, 0, 0x31, x0, x0, x0")
INSN_FN(do_hfence_gvma_addr, ".insn r 0x73, 0, 0x31, x0, a0, a1")
INSN_FN(do_hinval_gvma, ".insn r 0x73, 0, 0x33, x0, x0, x0")
INSN_FN(do_hlv_b, ".insn r 0x73, 4, 0x30, t0, a0, x0")
INSN_FN(do_hlv_d, ".insn r 0x73, 4, 0x36, t0, a0, x0")
INSN_FN(do_hlvx_hu, ".insn r 0x73, 4, 0x32, t0, a0, x3")
INSN_FN(do_hlvx_wu, ".insn r 0x73, 4, 0x34, t0, a0, x3")
INSN_FN(do_hsv_b, ".insn r 0x73, 4, 0x31, x0, a0, a1")
INSN_FN(do_hsv_d, ".insn r 0x73, 4, 0x37, x0, a0, a1")
INSN_FN(do_unimp, ".4byte 0xc0001073")
INSN_FN(do_c_unimp, ".2byte 0x0000")
INSN_FN(do_ebreak, NORVC("ebreak"))
INSN_FN(do_c_ebreak, "c.ebreak")

static const struct insn_case {
	void (*run)(void);
	unsigned long cause;
	const char *what;
} insns[] = {
	{ do_mret, EXC_ILLEGAL, "mret" },
	{ do_dret, EXC_ILLEGAL, "dret" },
	{ do_hfence_vvma, EXC_ILLEGAL, "hfence.vvma x0, x0" },
	{ do_hfence_vvma_addr, EXC_ILLEGAL, "hfence.vvma a0, a1" },
	{ do_hfence_gvma, EXC_ILLEGAL, "hfence.gvma x0, x0" },
	{ do_hfence_gvma_addr, EXC_ILLEGAL, "hfence.gvma a0, a1" },
	{ do_hinval_gvma, EXC_ILLEGAL, "hinval.gvma x0, x0" },
	{ do_unimp, EXC_ILLEGAL, "unimp (csrrw x0, cycle, x0)" },
	{ do_c_unimp, EXC_ILLEGAL, "c.unimp (0x0000)" },
	{ do_ebreak, EXC_BREAKPOINT, "ebreak" },
	{ do_c_ebreak, EXC_BREAKPOINT, "c.ebreak" },
};

static const struct insn_case hlvs[] = {
	{ do_hlv_b, EXC_ILLEGAL, "hlv.b" },     { do_hlv_d, EXC_ILLEGAL, "hlv.d" },
	{ do_hlvx_hu, EXC_ILLEGAL, "hlvx.hu" }, { do_hlvx_wu, EXC_ILLEGAL, "hlvx.wu" },
	{ do_hsv_b, EXC_ILLEGAL, "hsv.b" },     { do_hsv_d, EXC_ILLEGAL, "hsv.d" },
};

/*
 * A WFI that returns at once (an IPI to self is pending and enabled in sie, sstatus.SIE is 0),
 * then hlv.d: the hlv.d must still be an illegal instruction to the guest, not a second WFI.
 */
static void wfi_then_hlv(void)
{
	CSR_SET(sie, SIP_SSIP);
	sbi_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, 1, hart_id(), 0, 0, 0, 0);
	__asm__ volatile("mv a0, %0\n"
			 "wfi\n"
			 ".insn r 0x73, 4, 0x36, t0, a0, x0\n"
			 :
			 : "r"(scratch)
			 : "a0", "t0", "memory");
}

static void insn(void)
{
	for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		expect_trap(insns[i].run, insns[i].cause, insns[i].what);
	}
}

/* Each hypervisor load/store after an instruction that trapped with other bits in stval. */
static void hlv(void)
{
	for (unsigned i = 0; i < sizeof(hlvs) / sizeof(hlvs[0]); i++) {
		expect_trap(do_hfence_gvma, EXC_ILLEGAL, "hfence.gvma x0, x0 (before the next)");
		expect_trap(hlvs[i].run, hlvs[i].cause, hlvs[i].what);
	}
	expect_trap(wfi_then_hlv, EXC_ILLEGAL, "hlv.d right after a wfi");
	CSR_CLEAR(sie, SIP_SSIP);
	CSR_CLEAR(sip, SIP_SSIP);
	check(scratch[0] == 0 && scratch[1] == 0, "no HSV instruction wrote memory");
}

static const struct hostile_attack attacks[] = {
	{ "csr", csr },
	{ "insn", insn },
	{ "hlv", hlv },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	hostile_run("hostile_csr", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	say("hostile_csr: the guest still runs\n");
	return 0;
}
