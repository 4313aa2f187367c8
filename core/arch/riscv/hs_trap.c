/* SPDX-License-Identifier: Apache-2.0 */
/* Traps the hypervisor takes on itself: a hypervisor bug, reported in full before the machine stops. */
#include "core/arch/riscv/csr.h"
#include "core/hart.h"
#include "platform/platform.h"
#include "rvkvm/host.h"

/* The frame hs_trap_vector builds: x0..x31, then sepc, scause, stval, sstatus. */
struct hs_frame {
	unsigned long x[32];
	unsigned long sepc, scause, stval, sstatus;
};

#define HS_EXIT_STATUS_BUG 4

void hs_trap_handler(struct hs_frame *f);

void hs_trap_handler(struct hs_frame *f)
{
	static const char *const names[32] = { "zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
					       "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
					       "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
					       "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6" };

	if (f->scause & SCAUSE_INTERRUPT) {
		return; /* no HS interrupt is enabled; a spurious one is harmless */
	}
	console_printf(
		"\nrvkvm: BUG: hypervisor trap on hart %lu: scause=0x%lx sepc=0x%lx stval=0x%lx "
		"htval=0x%lx sstatus=0x%lx\n",
		hart_self() ? hart_self()->hartid : 0UL, f->scause, f->sepc, f->stval,
		csr_read(CSR_HTVAL), f->sstatus);
	for (unsigned i = 1; i < 32; i++) {
		console_printf("  %-4s 0x%016lx%s", names[i], f->x[i], (i % 4 == 3) ? "\n" : "");
	}
	console_printf("\nrvkvm: stopping the machine\n");
	poweroff(HS_EXIT_STATUS_BUG);
}
