/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: VS-stage paging against rvkvm's MMIO emulation: code on execute-only pages, page tables in a device. */
#include "hostile.h"
#include "sv39.h"

/*
 * The guest turns on Sv39 with RAM and the devices identity-mapped, then:
 * --append "code_page": MMIO through a second VS-stage mapping of the devices, and MMIO loads
 *   and stores whose instruction sits on a page at another virtual address (rvkvm reads it
 *   through the guest's page tables, with HLVX, to decode it). Expected: they all work.
 * --append "xonly": the same from an execute-only page, which HLVX may read (it reads as a
 *   fetch); a data load from the page is the guest's own load page fault (cause 13). No case
 *   runs it: QEMU 7.2's HLVX wrongly needs read permission (fixed in later QEMU), so rvkvm
 *   cannot read the instruction there and stops the VM.
 * --append "pt_in_mmio": a page table whose second level lies in the test device: the device
 *   register holds a valid leaf PTE to RAM, so on hardware a load through it reads RAM. The
 *   VS-stage walk of that load reads the PTE at GPA 0x100000, which the G-stage does not map:
 *   rvkvm sees a load guest-page fault at 0x100000 whose htinst is a pseudo-instruction (an
 *   implicit access), and must not emulate the guest's load as an MMIO read of the PTE.
 *   Expected (case file): the VM stopped. The guest reports FAIL if its load returns the
 *   PTE's bits as data.
 */

#define TESTDEV 0x00100000UL

#define VA_XPAGE 0xC0000000UL       /* root[3] -> l1[0] -> l0[0]: the code page */
#define VA_DEV_ALIAS 0xC0200000UL   /* root[3] -> l1[1]: 2 MiB leaf on GPA 0 (devices) */
#define VA_PT_IN_MMIO 0x100000000UL /* root[4] -> second level in the test device */
#define RAM_TARGET 0x80200000UL     /* 2 MiB aligned RAM the device's PTE points to */
#define MARKER 0x1122334455667788UL
#define EXC_LOAD_PAGE_FAULT 13UL

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint16_t xpage[PAGE / 2] __attribute__((aligned(4096)));

static void paging_on(void)
{
	sv39_identity(root);
	root[3] = sv39_pte((unsigned long)l1, 0);
	root[4] = sv39_pte(TESTDEV, 0);
	l1[0] = sv39_pte((unsigned long)l0, 0);
	l1[1] = sv39_pte(0, PTE_R | PTE_W | PTE_A | PTE_D);
	l0[0] = sv39_pte((unsigned long)xpage, PTE_X | PTE_A);
	sv39_enable(root);
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

static void mmio_from_code_page(const char *kind)
{
	volatile uint64_t *dev = (volatile uint64_t *)TESTDEV;
	volatile uint64_t *alias = (volatile uint64_t *)(VA_DEV_ALIAS + TESTDEV);
	unsigned long v;

	*dev = MARKER;
	check(*alias == MARKER, "MMIO read through a second VS-stage mapping of the test device");
	*alias = ~MARKER;
	check(*dev == ~MARKER, "MMIO write through it");

	/* ld a0, 0(a1); c.jr ra */
	xpage[0] = 0xb503;
	xpage[1] = 0x0005;
	xpage[2] = 0x8082;
	*dev = MARKER;
	v = call_xpage(0, TESTDEV);
	check(v == MARKER, "MMIO ld from %s page at 0x%lx (decoded with HLVX): 0x%lx", kind,
	      VA_XPAGE, v);
	/* sd a0, 0(a1); c.jr ra */
	xpage[0] = 0xb023;
	xpage[1] = 0x00a5;
	call_xpage(0x0badcafe0badcafeUL, TESTDEV);
	check(*dev == 0x0badcafe0badcafeUL, "MMIO sd from %s page", kind);
}

static void code_page(void)
{
	l0[0] = sv39_pte((unsigned long)xpage, PTE_R | PTE_X | PTE_A);
	__asm__ volatile("sfence.vma" : : : "memory");
	mmio_from_code_page("a read-execute");
}

static void xonly(void)
{
	struct hostile_trap t;

	mmio_from_code_page("an execute-only");
	hart_catch_arm();
	(void)*(volatile uint64_t *)VA_XPAGE;
	t = hostile_catch_end();
	check(t.caught && t.scause == EXC_LOAD_PAGE_FAULT && t.stval == VA_XPAGE,
	      "a data load from the execute-only page is the guest's load page fault (cause %lu)",
	      t.scause);
}

static void pt_in_mmio(void)
{
	uint64_t leaf = sv39_pte(RAM_TARGET, PTE_R | PTE_W | PTE_A | PTE_D);
	unsigned long v;

	*(volatile uint64_t *)RAM_TARGET = MARKER;
	*(volatile uint64_t *)TESTDEV = leaf;
	__asm__ volatile("sfence.vma" : : : "memory");
	say("hostile_paging: ld from 0x%lx, whose level-1 PTE (0x%lx) is the test device "
	    "register\n",
	    VA_PT_IN_MMIO, (unsigned long)leaf);
	v = *(volatile uint64_t *)VA_PT_IN_MMIO;
	check(v != leaf, "the load did not return the PTE's bits as its data (got 0x%lx)", v);
	check(v == MARKER,
	      "the load read RAM through the device-resident PTE, as hardware would (0x%lx)", v);
}

static const struct hostile_attack attacks[] = {
	{ "code_page", code_page },
	{ "xonly", xonly },
	{ "pt_in_mmio", pt_in_mmio },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	paging_on();
	say("hostile_paging: Sv39 on, satp 0x%lx\n", CSR_READ(satp));
	hostile_run("hostile_paging", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	CSR_WRITE(satp, 0);
	__asm__ volatile("sfence.vma" : : : "memory");
	say("hostile_paging: the guest still runs\n");
	return 0;
}
