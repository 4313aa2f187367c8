/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBI System Suspend from a guest with 2 vCPUs: refused while hart 1 runs, its checks, then a
 * suspend to RAM once hart 1 stopped itself. rvkvm exits to the VMM (system event SUSPEND), the
 * VMM wakes it, and hart 0 comes back at the resume address with a0 = 0 and a1 = opaque, paging
 * and interrupts off, the way a hart starts (HSM's entry is reused as the resume address).
 */
#include "hart.h"
#include "lib/sbi_spec.h"

/* "SUSPE"; its low 32 bits on rv32, where a1 holds 32. */
#define RESUME_MAGIC ((unsigned long)0x5355535045ULL)
#define WAIT_TICKS 100000000UL

static unsigned long ready, stop_now;

static struct sbiret suspend(unsigned long type, unsigned long addr, unsigned long opaque)
{
	return sbi_call(SBI_EID_SUSP, SBI_SUSP_SYSTEM_SUSPEND, type, addr, opaque, 0, 0, 0);
}

static bool hart1_state_is(long state)
{
	unsigned long t0 = now();

	while (now() - t0 < WAIT_TICKS) {
		struct sbiret r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, 1, 0, 0, 0, 0, 0);

		if (r.error == SBI_SUCCESS && r.value == state) {
			return true;
		}
	}
	return false;
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	if (hartid == 0) {
		/* Hart 0 after the wake-up. */
		unsigned long satp = CSR_READ(satp), sstatus = CSR_READ(sstatus);

		check(opaque == RESUME_MAGIC, "woke at the resume address with a1 = opaque (0x%lx)",
		      opaque);
		check(satp == 0 && !(sstatus & SSTATUS_SIE), "with paging and interrupts off");
		guest_exit();
	}
	STORE(ready, 1);
	while (!LOAD(stop_now)) {
	}
	sbi_call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
	check(false, "hart 1: HSM stop returned");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret r;
	unsigned long entry = (unsigned long)hart_secondary_entry;

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_SUSP, 0, 0, 0, 0, 0);
	check(r.value == 1, "SUSP is probed present");
	check_ret(suspend(1, entry, 0), SBI_ERR_INVALID_PARAM, false, 0, "reserved sleep type 1");
	check_ret(suspend(0x80000000UL, entry, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "platform sleep type 0x80000000 (unimplemented)");
	check_ret(suspend(0, 0x1000, 0), SBI_ERR_INVALID_ADDRESS, false, 0,
		  "resume address outside RAM");
	r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, entry, 0, 0, 0, 0);
	check(r.error == SBI_SUCCESS && hart1_state_is(SBI_HSM_STATE_STARTED), "hart 1 started");
	check_ret(suspend(0, entry, RESUME_MAGIC), SBI_ERR_DENIED, false, 0,
		  "suspend while hart 1 runs");
	/* sleep_type is a uint32_t: 1 << 32 is type 0, refused for the same reason (rv64 only). */
	if (sizeof(long) == 8) {
		check_ret(suspend((unsigned long)(1ULL << 32), entry, RESUME_MAGIC), SBI_ERR_DENIED,
			  false, 0, "suspend (sleep type 1 << 32) while hart 1 runs");
	}
	STORE(stop_now, 1);
	check(hart1_state_is(SBI_HSM_STATE_STOPPED), "hart 1 stopped itself");
	r = suspend(0, entry, RESUME_MAGIC);
	check(false, "suspend to RAM returned (%ld)", r.error);
	return 1;
}
