/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for ONE_REG between two runs of its vCPU: through a test SBI call (vmm/regtest.c)
 * the VMM round-trips every register of this vCPU, which puts it (its VS CSRs and dirty FP
 * registers go to memory) and loads it again; then it changes f5 and sscratch. The guest's FP
 * registers, fcsr and CSRs must come back as they were, or as the VMM changed them.
 */
#include "guest.h"
#include "hart.h"

#define REGTEST_EID 0x08525647UL
#define REGTEST_ROUND_TRIP 0
#define REGTEST_BUMP 1
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define CSR_FCSR 0x003
#define FCSR_VALUE 0x85UL /* frm 4 (RMM), fflags NV and OF */
#define SSCRATCH_VALUE 0x5ca7c4e5UL
#define MIN_REGS 150 /* CORE 33, FP 66, CSRs, ...: far more than this */

static uint64_t want[32];
static uint64_t got[32];

/* The F and D instructions, for these two functions only: the guests are built without them. */
static void fp_load(const uint64_t *p)
{
	__asm__ volatile(".option push\n.option arch, +d\n"
			 "fld f0, 0(%0)\n"
			 "fld f1, 8(%0)\n"
			 "fld f2, 16(%0)\n"
			 "fld f3, 24(%0)\n"
			 "fld f4, 32(%0)\n"
			 "fld f5, 40(%0)\n"
			 "fld f6, 48(%0)\n"
			 "fld f7, 56(%0)\n"
			 "fld f8, 64(%0)\n"
			 "fld f9, 72(%0)\n"
			 "fld f10, 80(%0)\n"
			 "fld f11, 88(%0)\n"
			 "fld f12, 96(%0)\n"
			 "fld f13, 104(%0)\n"
			 "fld f14, 112(%0)\n"
			 "fld f15, 120(%0)\n"
			 "fld f16, 128(%0)\n"
			 "fld f17, 136(%0)\n"
			 "fld f18, 144(%0)\n"
			 "fld f19, 152(%0)\n"
			 "fld f20, 160(%0)\n"
			 "fld f21, 168(%0)\n"
			 "fld f22, 176(%0)\n"
			 "fld f23, 184(%0)\n"
			 "fld f24, 192(%0)\n"
			 "fld f25, 200(%0)\n"
			 "fld f26, 208(%0)\n"
			 "fld f27, 216(%0)\n"
			 "fld f28, 224(%0)\n"
			 "fld f29, 232(%0)\n"
			 "fld f30, 240(%0)\n"
			 "fld f31, 248(%0)\n"
			 ".option pop\n"
			 :
			 : "r"(p)
			 : "memory");
}

static void fp_store(uint64_t *p)
{
	__asm__ volatile(".option push\n.option arch, +d\n"
			 "fsd f0, 0(%0)\n"
			 "fsd f1, 8(%0)\n"
			 "fsd f2, 16(%0)\n"
			 "fsd f3, 24(%0)\n"
			 "fsd f4, 32(%0)\n"
			 "fsd f5, 40(%0)\n"
			 "fsd f6, 48(%0)\n"
			 "fsd f7, 56(%0)\n"
			 "fsd f8, 64(%0)\n"
			 "fsd f9, 72(%0)\n"
			 "fsd f10, 80(%0)\n"
			 "fsd f11, 88(%0)\n"
			 "fsd f12, 96(%0)\n"
			 "fsd f13, 104(%0)\n"
			 "fsd f14, 112(%0)\n"
			 "fsd f15, 120(%0)\n"
			 "fsd f16, 128(%0)\n"
			 "fsd f17, 136(%0)\n"
			 "fsd f18, 144(%0)\n"
			 "fsd f19, 152(%0)\n"
			 "fsd f20, 160(%0)\n"
			 "fsd f21, 168(%0)\n"
			 "fsd f22, 176(%0)\n"
			 "fsd f23, 184(%0)\n"
			 "fsd f24, 192(%0)\n"
			 "fsd f25, 200(%0)\n"
			 "fsd f26, 208(%0)\n"
			 "fsd f27, 216(%0)\n"
			 "fsd f28, 224(%0)\n"
			 "fsd f29, 232(%0)\n"
			 "fsd f30, 240(%0)\n"
			 "fsd f31, 248(%0)\n"
			 ".option pop\n"
			 :
			 : "r"(p)
			 : "memory");
}

static void fill(uint64_t seed)
{
	for (unsigned i = 0; i < 32; i++) {
		want[i] = seed + i * 0x0001000100010001ULL;
	}
	fp_load(want);
}

static bool fp_intact(void)
{
	fp_store(got);
	for (unsigned i = 0; i < 32; i++) {
		if (got[i] != want[i]) {
			guest_printf("f%u = 0x%lx, want 0x%lx\n", i, (unsigned long)got[i],
				     (unsigned long)want[i]);
			return false;
		}
	}
	return true;
}

static void round_trip(const char *what)
{
	struct sbiret r = sbi_call(REGTEST_EID, REGTEST_ROUND_TRIP, 0, 0, 0, 0, 0, 0);

	guest_printf("round trip %s: error %ld, %ld registers\n", what, r.error, r.value);
	guest_check(r.error == SBI_SUCCESS && r.value >= MIN_REGS,
		    "the VMM wrote back every register");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret r;

	(void)fdt;
	guest_printf("onereg: hart %lu\n", hartid);
	CSR_SET(sstatus, SSTATUS_FS_INITIAL);
	fill(0x3ff0000000000000ULL);
	CSR_WRITE(0x003, FCSR_VALUE);
	CSR_WRITE(sscratch, SSCRATCH_VALUE);

	/* The guest dirtied its FP registers: the put saves them, the load brings them back. */
	round_trip("with dirty FP registers");
	guest_check(fp_intact(), "f0-f31 survive a put and a load");
	guest_check(CSR_READ(0x003) == FCSR_VALUE, "fcsr survives");
	guest_check(CSR_READ(sscratch) == SSCRATCH_VALUE, "sscratch survives");
	guest_check((CSR_READ(sstatus) & SSTATUS_FS) != 0, "FP stays on");

	/* Untouched since: the put saves nothing, the load restores what it saved before. */
	round_trip("with clean FP registers");
	guest_check(fp_intact(), "f0-f31 survive a second put and load");

	/* The VMM changes f5 and sscratch; nothing else moves. */
	r = sbi_call(REGTEST_EID, REGTEST_BUMP, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "the VMM changed f5 and sscratch");
	want[5] += 1;
	guest_check(fp_intact(), "f5 has the VMM's value, f0-f31 else unchanged");
	guest_check(CSR_READ(sscratch) == (SSCRATCH_VALUE ^ 0xff), "sscratch has the VMM's value");

	/* Dirty again after a clean load: saved again. */
	fill(0x4010000000000000ULL);
	round_trip("with FP registers dirty again");
	guest_check(fp_intact(), "new f0-f31 survive a put and a load");
	return 0;
}
