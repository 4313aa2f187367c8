/* SPDX-License-Identifier: Apache-2.0 */
/* hostile_wild's rv32-only attacks: guest-physical addresses above 4 GiB, compressed FP on MMIO. */
#include "hostile.h"
#include "mmio_access.h"
#include "wild.h"

/*
 * Sv32 page-table entries hold 34-bit physical addresses, and rvkvm's Sv32x4 G-stage takes
 * the whole 16 GiB: an rv32 guest reaches guest-physical addresses above 4 GiB through its own
 * page tables. Nothing of the guest's is there, so each access must stop the VM at its full
 * address, never at the low 32 bits of it, which can name the test device or RAM. While paging
 * is on (around the access only) RAM is identity-mapped by 4 MiB megapages and WINDOW, where
 * nothing is, by one megapage to the target's 4 MiB.
 * QEMU 7.2 (riscv32) walks the G-stage with the address's low 32 bits and reports the whole
 * address only when that walk faults: an address above 4 GiB whose low half is RAM the G-stage
 * maps reaches that RAM without a trap rvkvm could see. So the targets' low halves are never
 * mapped when the access runs: a device, nothing, or RAM the guest has not touched.
 *
 * RV32C's quadrant-0 and quadrant-2 funct3 3 and 7 are C.FLW, C.FSW, C.FLWSP and C.FSWSP,
 * where RV64C has C.LD, C.SD, C.LDSP and C.SDSP: on MMIO they are floating-point accesses,
 * which rvkvm does not emulate (as fld_testdev), not 8-byte integer ones.
 *
 * Each attack runs on rv32 only: on rv64 it fails at once (neither Sv32 nor those encodings
 * mean that there).
 */

#define TESTDEV 0x00100000UL
#define WINDOW 0x40000000UL
#define MEGA (4UL << 20)
#define SATP_SV32 (1UL << 31)
#define PTE_LEAF_RWX 0xcfu /* V R W X A D */
#define PTE_PPN_SHIFT 10
#define VPN1_SHIFT 22
/* c.flw fa0, 0(a1) and c.fswsp fa0, 0(sp); on rv64 the same bits are c.ld and c.sdsp. */
#define C_FLW_FA0_A1 "0x6188"
#define C_FSWSP_FA0_SP "0xe02a"

static uint32_t sv32_root[1024] __attribute__((aligned(4096)));

static bool on_rv32(const char *attack)
{
	return check(sizeof(unsigned long) == 4, "%s is an rv32 attack", attack);
}

static uint32_t leaf(uint64_t pa)
{
	return (uint32_t)((pa >> 12) << PTE_PPN_SHIFT) | PTE_LEAF_RWX;
}

/* Fills the root table; returns where pa is seen while paging is on. */
static unsigned long map_high(uint64_t pa)
{
	for (unsigned long a = GUEST_RAM_BASE; a < ram_end; a += MEGA) {
		sv32_root[a >> VPN1_SHIFT] = leaf(a);
	}
	sv32_root[WINDOW >> VPN1_SHIFT] = leaf(pa & ~(uint64_t)(MEGA - 1));
	return WINDOW + (unsigned long)(pa & (MEGA - 1));
}

static void paging_on(void)
{
	CSR_WRITE(satp, SATP_SV32 | ((unsigned long)sv32_root >> 12));
	__asm__ volatile("sfence.vma" : : : "memory");
}

static void paging_off(void)
{
	CSR_WRITE(satp, 0);
	__asm__ volatile("sfence.vma" : : : "memory");
}

static void load_high(uint64_t pa)
{
	unsigned long va = map_high(pa), v;

	say("hostile_wild: lw from guest-physical 0x%llx (Sv32, at 0x%lx)\n",
	    (unsigned long long)pa, va);
	paging_on();
	v = load_w(va);
	paging_off();
	check(false, "the load from guest-physical 0x%llx returned 0x%lx", (unsigned long long)pa,
	      v);
}

/* The last page of the 34-bit space: the top of Sv32x4. */
void load_high_top(void)
{
	if (on_rv32("load_high_top")) {
		load_high(0x3fffff000ULL);
	}
}

/* 4 GiB above the test device: its low 32 bits are the device's address. */
void load_high_testdev(void)
{
	if (on_rv32("load_high_testdev")) {
		mmio_write64(TESTDEV, 0x5a5a5a5a5a5a5a5aULL);
		load_high(0x100000000ULL + TESTDEV);
	}
}

/* 4 GiB above RAM the guest has not touched (32 MiB in): rvkvm must not make it present. */
void store_high_ram(void)
{
	uint64_t pa = 0x100000000ULL + GUEST_RAM_BASE + (32UL << 20);
	unsigned long va;

	if (!on_rv32("store_high_ram")) {
		return;
	}
	va = map_high(pa);
	say("hostile_wild: sw to guest-physical 0x%llx (Sv32, at 0x%lx)\n", (unsigned long long)pa,
	    va);
	paging_on();
	store_w(va, 0x5a5a5a5aUL);
	paging_off();
	check(false, "the store to guest-physical 0x%llx returned", (unsigned long long)pa);
}

/* A fetch 8 GiB above RAM the guest has not touched (48 MiB in). */
void jump_high_ram(void)
{
	uint64_t pa = 0x200000000ULL + GUEST_RAM_BASE + (48UL << 20);
	unsigned long va;

	if (!on_rv32("jump_high_ram")) {
		return;
	}
	va = map_high(pa);
	say("hostile_wild: guest-physical 0x%llx is at 0x%lx (Sv32)\n", (unsigned long long)pa, va);
	paging_on();
	wild_jump(va);
	paging_off();
}

void c_flw_testdev(void)
{
	unsigned long a0 = 0;

	if (!on_rv32("c_flw_testdev")) {
		return;
	}
	say("hostile_wild: c.flw from the test device at 0x%lx\n", TESTDEV);
	mmio_write64(TESTDEV, 0x1122334455667788ULL);
	CSR_SET(sstatus, SSTATUS_FS_INITIAL);
	__asm__ volatile("mv a1, %1\nmv a0, zero\n.2byte " C_FLW_FA0_A1 "\nmv %0, a0"
			 : "=r"(a0)
			 : "r"(TESTDEV)
			 : "a0", "a1", "memory");
	check(false, "c.flw on MMIO returned (a0 0x%lx)", a0);
}

void c_fswsp_testdev(void)
{
	if (!on_rv32("c_fswsp_testdev")) {
		return;
	}
	say("hostile_wild: c.fswsp to the test device at 0x%lx\n", TESTDEV);
	mmio_write64(TESTDEV, 0);
	CSR_SET(sstatus, SSTATUS_FS_INITIAL);
	/*
	 * sp points at the device for one instruction; interrupts are off. a0 is what the same
	 * bits as c.sdsp would store.
	 */
	__asm__ volatile("mv t5, sp\nmv sp, %0\nmv a0, %1\n.2byte " C_FSWSP_FA0_SP "\nmv sp, t5"
			 :
			 : "r"(TESTDEV), "r"(0x5a5a5a5aUL)
			 : "t5", "a0", "memory");
	check(false, "c.fswsp on MMIO returned (device 0x%llx)",
	      (unsigned long long)mmio_read64(TESTDEV));
}
