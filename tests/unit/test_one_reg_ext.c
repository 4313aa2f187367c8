/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the ONE_REG extension classes: ISA_EXT (and what it switches), SBI_EXT, SBI_STATE, SBI_VMM, EXC_ROUTE, SBI_EXT_RVKVM; riscv,isa parsing. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arch/riscv/csr.h"
#include "core/isa_ext.h"
#include "core/sbi/sbi.h"
#include "core/sched.h"
#include "tests/unit/one_reg_fixture.h"
#include "tests/unit/xlen.h"

#define ISA_EXT(id) fix_ul(RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_SINGLE, (id))
#define ISA_EN(word) fix_ul(RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_MULTI_EN, (word))
#define ISA_DIS(word) fix_ul(RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_MULTI_DIS, (word))
#define ISA_BIT(id) RVKVM_REG_RISCV_ISA_MULTI_MASK(id)
#define SBI_EXT(id) fix_ul(RVKVM_REG_RISCV_SBI_EXT | RVKVM_REG_RISCV_SBI_SINGLE, (id))
#define SBI_EN fix_ul(RVKVM_REG_RISCV_SBI_EXT | RVKVM_REG_RISCV_SBI_MULTI_EN, 0)
#define SBI_DIS fix_ul(RVKVM_REG_RISCV_SBI_EXT | RVKVM_REG_RISCV_SBI_MULTI_DIS, 0)
#define SBI_BIT(id) (1ULL << (id))
#define STA(name)                                                   \
	fix_ul(RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_STA, \
	       RVKVM_REG_RISCV_SBI_STA_REG(name))
#define FWFT(name)                                                   \
	fix_ul(RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_FWFT, \
	       RVKVM_REG_RISCV_SBI_FWFT_REG(name))
#define VMM(id) fix_ul(RVKVM_REG_RISCV_SBI_VMM, (id))
#define OWN(id) fix_ul(RVKVM_REG_RISCV_SBI_EXT_RVKVM, (id))
#define ROUTE(cause) fix_ul(RVKVM_REG_RISCV_EXC_ROUTE, (cause))
#define SSTATEEN0 fix_ul(RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_SMSTATEEN, 0)

/* --- ISA_EXT ----------------------------------------------------------------------------- */

/* Each switchable extension: off and on again, and what the core does about it. */
static void test_isa_ext_switches(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(fix_v->cfg.henvcfg, HENVCFG_STCE | HENVCFG_PBMTE | HENVCFG_ADUE |
						     HENVCFG_CBIE_INVAL | HENVCFG_CBCFE |
						     HENVCFG_CBZE);
	assert_int_equal(fix_v->cfg.hstateen0, HSTATEEN0_ENVCFG | HSTATEEN0_SE0);
	assert_true(fix_v->cfg.sstc);

	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC), 0);
	assert_false(fix_v->cfg.sstc);
	assert_int_equal(fix_v->cfg.henvcfg & HENVCFG_STCE, 0);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVADU), 0);
	assert_int_equal(fix_v->cfg.henvcfg & HENVCFG_ADUE, 0);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVPBMT), 0);
	assert_int_equal(fix_v->cfg.henvcfg & HENVCFG_PBMTE, 0);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZICBOM), 0);
	assert_int_equal(fix_v->cfg.henvcfg & (HENVCFG_CBIE_INVAL | HENVCFG_CBCFE), 0);
	assert_int_equal(fix_get(fix_ul(RVKVM_REG_RISCV_CONFIG, 1), &val), RVKVM_ENOENT);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZICBOZ), 0);
	assert_int_equal(fix_v->cfg.henvcfg, 0);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SMSTATEEN), 0);
	assert_int_equal(fix_v->cfg.hstateen0, HSTATEEN0_ENVCFG); /* senvcfg stays the guest's */
	assert_int_equal(fix_get(SSTATEEN0, &val), RVKVM_ENOENT);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_D), 0);
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_INITIAL);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_F), 0);
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_OFF);

	/* And back: every switch restores what it took away. */
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_F), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_D), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVADU), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVPBMT), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZICBOM), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZICBOZ), 1);
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SMSTATEEN), 1);
	assert_int_equal(fix_v->cfg.henvcfg, HENVCFG_STCE | HENVCFG_PBMTE | HENVCFG_ADUE |
						     HENVCFG_CBIE_INVAL | HENVCFG_CBCFE |
						     HENVCFG_CBZE);
	assert_int_equal(fix_v->cfg.hstateen0, HSTATEEN0_ENVCFG | HSTATEEN0_SE0);
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_INITIAL);
}

static void test_isa_ext_errors(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(fix_set(ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC), 2), RVKVM_EINVAL);
	assert_int_equal(fix_set(ISA_EXT(RVKVM_RISCV_ISA_EXT_F), 0), RVKVM_EINVAL); /* D needs F */
	assert_int_equal(fix_set(ISA_EXT(RVKVM_RISCV_ISA_EXT_M), 0), RVKVM_EPERM);
	assert_int_equal(fix_get(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZBC), &val),
			 RVKVM_ENOENT); /* host lacks */
	assert_int_equal(fix_set(ISA_EXT(RVKVM_RISCV_ISA_EXT_ZBC), 1), RVKVM_ENOENT);
	assert_int_equal(fix_get(ISA_EXT(RVKVM_RISCV_ISA_EXT_V), &val),
			 RVKVM_ENOENT); /* not offered */
	assert_int_equal(fix_set(ISA_EXT(RVKVM_RISCV_ISA_EXT_H), 1), RVKVM_ENOENT);
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_F)), 1);
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_M)), 1);
}

/*
 * MULTI: EN is the enabled set, DIS its complement; writes switch every named bit, or none. Each
 * register holds XLEN extensions (Linux's KVM_REG_RISCV_ISA_MULTI_REG): 64, or 32 on RV32.
 */
static void test_isa_ext_multi(void **state)
{
	uint64_t en[RVKVM_REG_RISCV_ISA_MULTI_REG_LAST + 1];
	const uint64_t two =
		ISA_BIT(RVKVM_RISCV_ISA_EXT_SSTC) | ISA_BIT(RVKVM_RISCV_ISA_EXT_SVPBMT);
	uint64_t val;

	(void)state;
	for (unsigned w = 0; w <= RVKVM_REG_RISCV_ISA_MULTI_REG_LAST; w++) {
		en[w] = fix_get_ok(ISA_EN(w));
		assert_true(fix_get_ok(ISA_DIS(w)) == (~en[w] & ULONG_MAX)); /* XLEN bits */
	}
	assert_int_equal(fix_get(ISA_EN(RVKVM_REG_RISCV_ISA_MULTI_REG_LAST + 1), &val),
			 RVKVM_ENOENT);
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		uint64_t word = en[RVKVM_REG_RISCV_ISA_MULTI_REG(id)];

		assert_int_equal((word & ISA_BIT(id)) != 0, isa_set_has(&fix_v->cfg.isa, id));
	}
	assert_true(en[0] & ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBA));
	/* Id 66, past the first word. */
	assert_true(en[RVKVM_REG_RISCV_ISA_MULTI_REG(RVKVM_RISCV_ISA_EXT_SVADU)] &
		    ISA_BIT(RVKVM_RISCV_ISA_EXT_SVADU));
	fix_set_ok(ISA_DIS(RVKVM_REG_RISCV_ISA_MULTI_REG(RVKVM_RISCV_ISA_EXT_SVADU)),
		   ISA_BIT(RVKVM_RISCV_ISA_EXT_SVADU));
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVADU)), 0);
	fix_set_ok(ISA_EN(RVKVM_REG_RISCV_ISA_MULTI_REG(RVKVM_RISCV_ISA_EXT_SVADU)),
		   ISA_BIT(RVKVM_RISCV_ISA_EXT_SVADU));
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVADU)), 1);
	/* Two at once. */
	fix_set_ok(ISA_DIS(0), two);
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC)), 0);
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SVPBMT)), 0);
	assert_false(fix_v->cfg.sstc);
	/* A fixed extension in the set: refused, and nothing of the rest happens either. */
	assert_int_equal(fix_set(ISA_EN(0), two | ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBA)),
			 0); /* ZBA is on */
	assert_true(fix_v->cfg.sstc);
	assert_int_equal(fix_set(ISA_DIS(0), two | ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBA)), RVKVM_EPERM);
	assert_true(fix_v->cfg.sstc);
	/* One the host lacks: enabling it is ENOENT, disabling it is nothing to do. */
	assert_int_equal(fix_set(ISA_EN(0), two | ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBC)), RVKVM_ENOENT);
	assert_int_equal(fix_set(ISA_DIS(0), ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBC)), 0);
	assert_true(fix_get_ok(ISA_EN(0)) == en[0]);
	/* Disabling F alone leaves D without F: refused whole. */
	assert_int_equal(fix_set(ISA_DIS(0), ISA_BIT(RVKVM_RISCV_ISA_EXT_F)), RVKVM_EINVAL);
	fix_set_ok(ISA_DIS(0), ISA_BIT(RVKVM_RISCV_ISA_EXT_F) | ISA_BIT(RVKVM_RISCV_ISA_EXT_D));
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_OFF);
	/* After the first run, a real change is refused. */
	fix_v->has_run = true;
	assert_int_equal(fix_set(ISA_EN(0), ISA_BIT(RVKVM_RISCV_ISA_EXT_F)), RVKVM_EBUSY);
	assert_int_equal(fix_set(ISA_EN(0), ISA_BIT(RVKVM_RISCV_ISA_EXT_ZBA)), 0);
}

/* --- SBI_EXT ----------------------------------------------------------------------------- */

static void test_sbi_ext(void **state)
{
	uint64_t val;
	const uint64_t core = SBI_BIT(RVKVM_RISCV_SBI_EXT_V01) | SBI_BIT(RVKVM_RISCV_SBI_EXT_TIME) |
			      SBI_BIT(RVKVM_RISCV_SBI_EXT_HSM) | SBI_BIT(RVKVM_RISCV_SBI_EXT_DBCN) |
			      SBI_BIT(RVKVM_RISCV_SBI_EXT_STA) | SBI_BIT(RVKVM_RISCV_SBI_EXT_FWFT);

	(void)state;
	assert_true(fix_get_ok(SBI_EN) == core);
	assert_true(fix_get_ok(SBI_DIS) == (~core & ULONG_MAX)); /* XLEN bits */
	assert_int_equal(fix_get_ok(SBI_EXT(RVKVM_RISCV_SBI_EXT_DBCN)), 1);
	fix_set_ok(SBI_EXT(RVKVM_RISCV_SBI_EXT_DBCN), 0);
	assert_true(fix_v->cfg.sbi_disabled == SBI_BIT(RVKVM_RISCV_SBI_EXT_DBCN));
	assert_true(fix_get_ok(SBI_EN) == (core & ~SBI_BIT(RVKVM_RISCV_SBI_EXT_DBCN)));
	fix_set_ok(SBI_EXT(RVKVM_RISCV_SBI_EXT_DBCN), 1);
	assert_int_equal(fix_set(SBI_EXT(RVKVM_RISCV_SBI_EXT_TIME), 2), RVKVM_EINVAL);
	/* Not implemented by the core (PMU), or not on this host (SUSP): no register. */
	assert_int_equal(fix_get(SBI_EXT(RVKVM_RISCV_SBI_EXT_PMU), &val), RVKVM_ENOENT);
	assert_int_equal(fix_get(SBI_EXT(RVKVM_RISCV_SBI_EXT_SUSP), &val), RVKVM_ENOENT);
	assert_int_equal(fix_set(SBI_EN, SBI_BIT(RVKVM_RISCV_SBI_EXT_PMU)), RVKVM_ENOENT);
	assert_int_equal(fix_set(SBI_DIS, SBI_BIT(RVKVM_RISCV_SBI_EXT_PMU)), 0);
	/* MULTI: both at once, or neither. */
	fix_set_ok(SBI_DIS, SBI_BIT(RVKVM_RISCV_SBI_EXT_TIME) | SBI_BIT(RVKVM_RISCV_SBI_EXT_HSM));
	assert_true(fix_get_ok(SBI_EN) == (core & ~(SBI_BIT(RVKVM_RISCV_SBI_EXT_TIME) |
						    SBI_BIT(RVKVM_RISCV_SBI_EXT_HSM))));
	assert_int_equal(fix_set(SBI_EN, SBI_BIT(RVKVM_RISCV_SBI_EXT_TIME) |
						 SBI_BIT(RVKVM_RISCV_SBI_EXT_PMU)),
			 RVKVM_ENOENT);
	assert_int_equal(fix_get_ok(SBI_EXT(RVKVM_RISCV_SBI_EXT_TIME)), 0);
	assert_int_equal(
		fix_get(fix_ul(RVKVM_REG_RISCV_SBI_EXT | RVKVM_REG_RISCV_SBI_MULTI_EN, 1), &val),
		RVKVM_ENOENT);
	/* After the first run: as Linux, no change (its own value still goes). */
	fix_v->has_run = true;
	assert_int_equal(fix_set(SBI_EXT(RVKVM_RISCV_SBI_EXT_TIME), 1), RVKVM_EBUSY);
	assert_int_equal(fix_set(SBI_EN, SBI_BIT(RVKVM_RISCV_SBI_EXT_TIME)), RVKVM_EBUSY);
	assert_int_equal(fix_set(SBI_EXT(RVKVM_RISCV_SBI_EXT_TIME), 0), 0);
	assert_int_equal(fix_set(SBI_EN, SBI_BIT(RVKVM_RISCV_SBI_EXT_DBCN)), 0);
}

/* SBI_EXT_RVKVM: SSE switched off and on as SBI_EXT switches the others; DBTR only with the host's. */
static void test_sbi_ext_rvkvm(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(fix_get_ok(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE)), 1);
	assert_true(sbi_probe(fix_v, SBI_EID_SSE));
	fix_set_ok(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE), 0);
	assert_true(fix_v->cfg.sbi_disabled_rvkvm == SBI_BIT(RVKVM_RISCV_SBI_EXT_RVKVM_SSE));
	assert_true(fix_v->cfg.sbi_disabled == 0); /* Linux's ids untouched */
	assert_int_equal(fix_get_ok(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE)), 0);
	assert_false(sbi_probe(fix_v, SBI_EID_SSE));
	assert_true(sbi_probe(fix_v, SBI_EID_TIME));
	assert_int_equal(fix_set(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE), 2), RVKVM_EINVAL);
	fix_set_ok(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE), 1);
	assert_true(sbi_probe(fix_v, SBI_EID_SSE));
	/* DBTR without the host firmware's, and ids past the last: no register. */
	assert_int_equal(fix_get(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_DBTR), &val), RVKVM_ENOENT);
	assert_int_equal(fix_get(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_MAX), &val), RVKVM_ENOENT);
	assert_int_equal(
		fix_get(fix_ul(RVKVM_REG_RISCV_SBI_EXT_RVKVM | RVKVM_REG_RISCV_SBI_MULTI_EN, 0),
			&val),
		RVKVM_ENOENT);
	/* Before the first run only, as SBI_EXT. */
	fix_v->has_run = true;
	assert_int_equal(fix_set(OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE), 0), RVKVM_EBUSY);
	assert_true(sbi_probe(fix_v, SBI_EID_SSE));
}

/* --- SBI_STATE --------------------------------------------------------------------------- */

static void test_sbi_state_sta(void **state)
{
	static struct sched_thread thread;
	uint64_t val;

	(void)state;
	/* A new vCPU registered nothing: Linux's INVALID_GPA, all-ones, in lo and (RV32) hi. */
	assert_true(fix_v->sta.shmem == VCPU_STA_OFF);
	assert_true(fix_get_ok(STA(shmem_lo)) == ULONG_MAX);
	assert_true(fix_get_ok(STA(shmem_hi)) == (XLEN == 64 ? 0 : ULONG_MAX));
	fix_set_ok(STA(shmem_hi), 0);
	/* What the guest registers is what ONE_REG reads. */
	fix_v->sta.shmem = 0x80001040;
	assert_true(fix_get_ok(STA(shmem_lo)) == 0x80001040);
	assert_true(fix_get_ok(STA(shmem_hi)) == 0);
	/* Setting it counts steal from now: its thread's wait so far is not the guest's. */
	thread.ready_wait = 1234;
	fix_v->thread = &thread;
	fix_set_ok(STA(shmem_lo), 0x80002000);
	assert_true(fix_v->sta.shmem == 0x80002000);
	assert_true(fix_v->sta.counted == 1234);
	/* Only what a guest could register: 64-byte aligned or all-ones (off); hi 0 on RV64. */
	assert_int_equal(fix_set(STA(shmem_lo), 0x80002020), RVKVM_EINVAL);
	RV64_ONLY(assert_int_equal(fix_set(STA(shmem_hi), 1), RVKVM_EINVAL));
	assert_true(fix_v->sta.shmem == 0x80002000);
	if (XLEN == 32) {
		/* hi is the address's bits 32 to 63: an Sv32x4 guest has RAM up to 2^34. */
		fix_set_ok(STA(shmem_hi), 3);
		assert_true(fix_v->sta.shmem == 0x380002000ULL);
		assert_true(fix_get_ok(STA(shmem_hi)) == 3);
		assert_true(fix_get_ok(STA(shmem_lo)) == 0x80002000);
		/* Off again half by half: lo all-ones alone is no address yet, then both are. */
		fix_set_ok(STA(shmem_lo), ULONG_MAX);
		assert_false(fix_v->sta.shmem == VCPU_STA_OFF);
		fix_set_ok(STA(shmem_hi), ULONG_MAX);
		assert_true(fix_v->sta.shmem == VCPU_STA_OFF);
		/* And back, hi first. */
		fix_set_ok(STA(shmem_hi), 1);
		fix_set_ok(STA(shmem_lo), 0x40);
		assert_true(fix_v->sta.shmem == 0x100000040ULL);
	}
	fix_set_ok(STA(shmem_lo), ULONG_MAX);
	if (XLEN == 32) {
		fix_set_ok(STA(shmem_hi), ULONG_MAX);
	}
	assert_true(fix_v->sta.shmem == VCPU_STA_OFF);
	fix_v->thread = NULL;
	/* A host where the core cannot offer STA has no STA registers. */
	fix_sta_present = false;
	assert_int_equal(fix_get(STA(shmem_lo), &val), RVKVM_ENOENT);
	assert_int_equal(fix_set(STA(shmem_hi), 0), RVKVM_ENOENT);
}

static void test_sbi_state_fwft(void **state)
{
	struct vcpu_fwft_feature *md = &fix_v->fwft[VCPU_FWFT_MISALIGNED_DELEG];
	struct vcpu_fwft_feature *pm = &fix_v->fwft[VCPU_FWFT_POINTER_MASKING];

	(void)state;
	fix_set_ok(FWFT(misaligned_deleg.enable), 1);
	fix_set_ok(FWFT(misaligned_deleg.flags), 1);
	fix_set_ok(FWFT(misaligned_deleg.value), 1);
	/* No host rvkvm knows has pointer masking: it cannot be offered, its value is kept. */
	assert_int_equal(fix_set(FWFT(pointer_masking.enable), 1), RVKVM_EINVAL);
	fix_set_ok(FWFT(pointer_masking.value), 7);
	assert_int_equal(md->enable, 1);
	assert_int_equal(md->flags, 1);
	assert_int_equal(md->value, 1);
	assert_int_equal(pm->enable, 0);
	assert_int_equal(pm->flags, 0);
	assert_int_equal(pm->value, 7);
	pm->flags = 1;
	assert_int_equal(fix_get_ok(FWFT(pointer_masking.flags)), 1);
	assert_int_equal(fix_set(FWFT(misaligned_deleg.enable), 2), RVKVM_EINVAL);
	assert_int_equal(fix_set(FWFT(misaligned_deleg.flags), 2), RVKVM_EINVAL); /* only LOCK */
	assert_int_equal(fix_set(FWFT(misaligned_deleg.value), 2), RVKVM_EINVAL);
	/* After the first run, what is offered stays; the guest-set state can be restored. */
	fix_v->has_run = true;
	assert_int_equal(fix_set(FWFT(misaligned_deleg.enable), 0), RVKVM_EBUSY);
	fix_set_ok(FWFT(pointer_masking.value), 16);
	fix_set_ok(FWFT(misaligned_deleg.flags), 0);
	assert_int_equal(md->flags, 0);
}

/* --- SBI_VMM and EXC_ROUTE --------------------------------------------------------------- */

static void test_sbi_vmm(void **state)
{
	(void)state;
	for (unsigned id = 0; id < RVKVM_RISCV_SBI_EXT_MAX; id++) {
		assert_int_equal(fix_get_ok(VMM(id)), 0);
	}
	fix_set_ok(VMM(RVKVM_RISCV_SBI_EXT_PMU), 1);  /* one the core lacks */
	fix_set_ok(VMM(RVKVM_RISCV_SBI_EXT_DBCN), 1); /* one the core has */
	fix_set_ok(VMM(RVKVM_RISCV_SBI_EXT_EXPERIMENTAL), 1);
	assert_true(fix_v->cfg.sbi_vmm ==
		    (SBI_BIT(RVKVM_RISCV_SBI_EXT_PMU) | SBI_BIT(RVKVM_RISCV_SBI_EXT_DBCN) |
		     SBI_BIT(RVKVM_RISCV_SBI_EXT_EXPERIMENTAL)));
	assert_int_equal(fix_set(VMM(RVKVM_RISCV_SBI_EXT_TIME), 2), RVKVM_EINVAL);
	fix_set_ok(VMM(RVKVM_RISCV_SBI_EXT_PMU), 0);
	fix_v->has_run = true;
	assert_int_equal(fix_set(VMM(RVKVM_RISCV_SBI_EXT_TIME), 1), RVKVM_EBUSY);
	assert_int_equal(fix_set(VMM(RVKVM_RISCV_SBI_EXT_DBCN), 1), 0);
}

static void test_exc_route(void **state)
{
	const unsigned routable[] = { 0, 2, 3, 4, 5, 6, 7 };
	const unsigned core_only[] = { 1,  8,  9,  10, 11, 12, 13, 14, 15,
				       16, 17, 18, 19, 20, 21, 22, 23 };
	uint64_t val;

	(void)state;
	for (unsigned i = 0; i < sizeof(routable) / sizeof(routable[0]); i++) {
		unsigned c = routable[i];
		unsigned calls = fix_put_calls;

		assert_int_equal(fix_get_ok(ROUTE(c)), RVKVM_EXC_ROUTE_CORE);
		fix_set_ok(ROUTE(c), RVKVM_EXC_ROUTE_VMM);
		assert_int_equal(fix_v->cfg.exc_route[c], RVKVM_EXC_ROUTE_VMM);
		fix_set_ok(ROUTE(c), RVKVM_EXC_ROUTE_GUEST);
		assert_int_equal(fix_v->cfg.exc_route[c], RVKVM_EXC_ROUTE_GUEST);
		assert_int_equal(fix_set(ROUTE(c), 3), RVKVM_EINVAL);
		assert_true(fix_put_calls > calls); /* the next run loads the routes again */
	}
	for (unsigned i = 0; i < sizeof(core_only) / sizeof(core_only[0]); i++) {
		assert_int_equal(fix_get(ROUTE(core_only[i]), &val), RVKVM_ENOENT);
		assert_int_equal(fix_set(ROUTE(core_only[i]), RVKVM_EXC_ROUTE_VMM), RVKVM_ENOENT);
	}
	/* Routes are run-time state: they change after the first run too. */
	fix_v->has_run = true;
	fix_set_ok(ROUTE(3), RVKVM_EXC_ROUTE_VMM);
}

/* --- riscv,isa parsing ------------------------------------------------------------------- */

static void test_isa_parse(void **state)
{
	struct isa_set s;

	(void)state;
	isa_set_parse(&s, "rv64gc_zba_zbabc_svadu_sstc");
	assert_int_equal(s.letters, (1u << ('i' - 'a')) | (1u << ('m' - 'a')) |
					    (1u << ('a' - 'a')) | (1u << ('f' - 'a')) |
					    (1u << ('d' - 'a')) | (1u << ('c' - 'a')));
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZICSR));    /* g */
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZIFENCEI)); /* g */
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZBA));
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_SVADU)); /* in the second word */
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_SSTC));
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZBB));
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZBC)); /* "zbabc" is no extension */
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_MAX));
	isa_set_parse(&s, "x86_64_sstc");
	assert_int_equal(s.letters, 0);
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_SSTC));
	isa_set_parse(&s, "rv64ih_");
	assert_int_equal(s.letters, (1u << ('i' - 'a')) | (1u << ('h' - 'a')));
	isa_set_guest_max(&s, "rv64imafdchv_ssaia_zba");
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_H));
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_V));
	assert_false(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_SSAIA));
	assert_true(isa_set_has(&s, RVKVM_RISCV_ISA_EXT_ZBA));
	/* Every id has a name, and letters are the ids of single letters only. */
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		assert_non_null(isa_ext_info[id].name);
		if (isa_ext_letter(id)) {
			assert_int_equal(isa_ext_of_letter(isa_ext_letter(id)), (int)id);
		}
	}
	assert_int_equal(isa_ext_of_letter('q'), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_isa_ext_switches, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_isa_ext_errors, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_isa_ext_multi, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_sbi_ext, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_sbi_state_sta, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_sbi_state_fwft, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_sbi_ext_rvkvm, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_sbi_vmm, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_exc_route, fix_setup, fix_teardown),
		cmocka_unit_test(test_isa_parse),
	};

	return cmocka_run_group_tests_name("one_reg_ext", tests, NULL, NULL);
}
