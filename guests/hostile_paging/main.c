/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: VS-stage paging against rvkvm's MMIO emulation: code on execute-only pages, page tables in a device, high GPAs. */
#include "hostile.h"
#include "vspt.h"

/*
 * The guest turns on paging (Sv39 on rv64, Sv32 on rv32: vspt.h) with RAM and the devices
 * identity-mapped, then:
 * --append "code_page": MMIO through a second VS-stage mapping of the devices, and MMIO loads
 *   and stores whose instruction sits on a page at another virtual address (rvkvm reads it
 *   through the guest's page tables, with HLVX, to decode it). Expected: they all work.
 * --append "xonly": the same from an execute-only page, which HLVX may read (it reads as a
 *   fetch); a data load from the page is the guest's own load page fault (cause 13). No case
 *   runs it: QEMU 7.2's HLVX wrongly needs read permission (fixed in later QEMU), so rvkvm
 *   cannot read the instruction there and stops the VM.
 * --append "pt_in_mmio": a page table whose level below the root lies in the test device: the
 *   device register holds a valid leaf PTE to RAM, so on hardware a load through it reads RAM.
 *   The VS-stage walk of that load reads the PTE at GPA 0x100000, which the G-stage does not
 *   map: rvkvm sees a load guest-page fault at 0x100000 whose htinst is a pseudo-instruction (an
 *   implicit access), and must not emulate the guest's load as an MMIO read of the PTE.
 *   Expected (case file): the VM stopped. The guest reports FAIL if its load returns the
 *   PTE's bits as data.
 * --append "high_gpa": a load from GPA 0x100100000 (Sv32 maps 34-bit guest-physical addresses),
 *   neither RAM nor a device, whose low 32 bits are the test device's. rvkvm must take the whole
 *   address from htval (the address shifted right by 2, which on rv32 does not fit in a register
 *   once shifted back) and stop the VM, not emulate the test device. Expected (case file): the VM
 *   stopped, the access reported at 0x100100000. The guest reports FAIL if its load returns.
 * Accesses are XLEN wide (ld/sd on rv64, lw/sw on rv32), as the device register is.
 */

#define TESTDEV 0x00100000UL

#define VA_XPAGE 0xC0000000UL                       /* a 4 KiB page: the code page */
#define VA_DEV_ALIAS (VA_XPAGE + vspt_leaf_size(1)) /* a megapage on GPA 0 (devices) */
#define VA_PT_IN_MMIO 0x40000000UL /* its table below the root is in the test device */
#define RAM_TARGET 0x80200000UL    /* megapage-aligned RAM the device's PTE points to */
#define VA_HIGH (VA_XPAGE + 2 * vspt_leaf_size(1)) /* a megapage on HIGH_GPA */
#define HIGH_GPA 0x100000000ULL /* past 4 GiB: nothing there; its low 32 bits are GPA 0 */
#define MARKER ((unsigned long)0x1122334455667788ULL)
#define MARKER2 ((unsigned long)0x0badcafe0badcafeULL)
#define EXC_LOAD_PAGE_FAULT 13UL
/* An XLEN-wide load or store's funct3: 3 (ld, sd) or 2 (lw, sw). */
#define FUNCT3_XLEN (sizeof(long) == 8 ? 3U : 2U)
#define INSN_LOAD_A0_0_A1 (0x00058503U | FUNCT3_XLEN << 12)  /* ld/lw a0, 0(a1) */
#define INSN_STORE_A0_0_A1 (0x00a58023U | FUNCT3_XLEN << 12) /* sd/sw a0, 0(a1) */
#define INSN_C_JR_RA 0x8082U

static vspt_pte_t root[VSPT_ENTRIES] __attribute__((aligned(4096)));
/* The tables below the root on the way to the code page (Sv39: 2, Sv32: 1). */
static vspt_pte_t tables[2][VSPT_ENTRIES] __attribute__((aligned(4096)));
static uint16_t xpage[PAGE / 2] __attribute__((aligned(4096)));
static vspt_pte_t *xpage_pte;

static void paging_on(void)
{
	vspt_identity(root);
	*vspt_entry(root, VA_PT_IN_MMIO, VSPT_ROOT) = vspt_pte(TESTDEV, 0);
	xpage_pte = vspt_walk(root, VA_XPAGE, 0, tables);
	*xpage_pte = vspt_pte((uintptr_t)xpage, PTE_X | PTE_A);
	*vspt_walk(root, VA_DEV_ALIAS, 1, tables) = vspt_pte(0, PTE_RW);
	*vspt_walk(root, VA_HIGH, 1, tables) = vspt_pte(HIGH_GPA, PTE_RW);
	vspt_enable(root);
}

/* Runs the code in the page at VA_XPAGE with a0, a1 set; returns a0. */
static unsigned long call_xpage(unsigned long a0, unsigned long a1)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;

	__asm__ volatile("fence.i\njalr ra, 0(%2)"
			 : "+r"(r0), "+r"(r1)
			 : "r"(VA_XPAGE)
			 : "ra", "memory");
	return r0;
}

/* The page's code: insn (4 bytes, in two halves), then c.jr ra. */
static void xpage_code(uint32_t insn)
{
	xpage[0] = (uint16_t)insn;
	xpage[1] = (uint16_t)(insn >> 16);
	xpage[2] = INSN_C_JR_RA;
}

static void mmio_from_code_page(const char *kind)
{
	volatile unsigned long *dev = (volatile unsigned long *)TESTDEV;
	volatile unsigned long *alias = (volatile unsigned long *)(VA_DEV_ALIAS + TESTDEV);
	unsigned long v;

	*dev = MARKER;
	check(*alias == MARKER, "MMIO read through a second VS-stage mapping of the test device");
	*alias = ~MARKER;
	check(*dev == ~MARKER, "MMIO write through it");

	xpage_code(INSN_LOAD_A0_0_A1);
	*dev = MARKER;
	v = call_xpage(0, TESTDEV);
	check(v == MARKER, "MMIO load from %s page at 0x%lx (decoded with HLVX): 0x%lx", kind,
	      VA_XPAGE, v);
	xpage_code(INSN_STORE_A0_0_A1);
	call_xpage(MARKER2, TESTDEV);
	check(*dev == MARKER2, "MMIO store from %s page", kind);
}

static void code_page(void)
{
	*xpage_pte = vspt_pte((uintptr_t)xpage, PTE_R | PTE_X | PTE_A);
	__asm__ volatile("sfence.vma" : : : "memory");
	mmio_from_code_page("a read-execute");
}

static void xonly(void)
{
	struct hostile_trap t;

	mmio_from_code_page("an execute-only");
	hart_catch_arm();
	(void)*(volatile unsigned long *)VA_XPAGE;
	t = hostile_catch_end();
	check(t.caught && t.scause == EXC_LOAD_PAGE_FAULT && t.stval == VA_XPAGE,
	      "a data load from the execute-only page is the guest's load page fault (cause %lu)",
	      t.scause);
}

static void pt_in_mmio(void)
{
	vspt_pte_t leaf = vspt_pte(RAM_TARGET, PTE_RW);
	unsigned long v;

	*(volatile unsigned long *)RAM_TARGET = MARKER;
	*(volatile vspt_pte_t *)TESTDEV = leaf;
	__asm__ volatile("sfence.vma" : : : "memory");
	say("hostile_paging: load from 0x%lx, whose level-%u PTE (0x%lx) is the test device "
	    "register\n",
	    VA_PT_IN_MMIO, VSPT_ROOT - 1, (unsigned long)leaf);
	v = *(volatile unsigned long *)VA_PT_IN_MMIO;
	check(v != leaf, "the load did not return the PTE's bits as its data (got 0x%lx)", v);
	check(v == MARKER,
	      "the load read RAM through the device-resident PTE, as hardware would (0x%lx)", v);
}

static void high_gpa(void)
{
	unsigned long v;

	*(volatile unsigned long *)TESTDEV = MARKER;
	say("hostile_paging: load from 0x%lx, GPA 0x%llx\n", VA_HIGH + TESTDEV,
	    (unsigned long long)(HIGH_GPA + TESTDEV));
	v = *(volatile unsigned long *)(VA_HIGH + TESTDEV);
	check(false, "the load from GPA 0x%llx stops the VM (it returned 0x%lx%s)",
	      (unsigned long long)(HIGH_GPA + TESTDEV), v,
	      v == MARKER ? ", the test device's register" : "");
}

static const struct hostile_attack attacks[] = {
	{ "code_page", code_page },
	{ "xonly", xonly },
	{ "pt_in_mmio", pt_in_mmio },
	{ "high_gpa", high_gpa },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	paging_on();
	say("hostile_paging: %s on, satp 0x%lx\n", sizeof(long) == 8 ? "Sv39" : "Sv32",
	    CSR_READ(satp));
	hostile_run("hostile_paging", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	CSR_WRITE(satp, 0);
	__asm__ volatile("sfence.vma" : : : "memory");
	say("hostile_paging: the guest still runs\n");
	return 0;
}
