/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of ONE_REG: the register list, set(get(id)) for every listed id, the error codes, and the CONFIG, CORE, CSR, TIMER and FP classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "tests/unit/one_reg_fixture.h"
#include "tests/unit/xlen.h"

#define CFG(name) fix_ul(RVKVM_REG_RISCV_CONFIG, RVKVM_REG_RISCV_CONFIG_REG(name))
#define CORE(name) fix_ul(RVKVM_REG_RISCV_CORE, RVKVM_REG_RISCV_CORE_REG(name))
#define CSR(name) \
	fix_ul(RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_GENERAL, RVKVM_REG_RISCV_CSR_REG(name))
#define TIMER(name) \
	fix_id(RVKVM_REG_SIZE_U64, RVKVM_REG_RISCV_TIMER, RVKVM_REG_RISCV_TIMER_REG(name))
#define FP_F(i) fix_id(RVKVM_REG_SIZE_U32, RVKVM_REG_RISCV_FP_F, (i))
#define FP_D(i) fix_id(RVKVM_REG_SIZE_U64, RVKVM_REG_RISCV_FP_D, (i))
#define FCSR_F fix_id(RVKVM_REG_SIZE_U32, RVKVM_REG_RISCV_FP_F, RVKVM_REG_RISCV_FP_F_REG(fcsr))
#define FCSR_D fix_id(RVKVM_REG_SIZE_U32, RVKVM_REG_RISCV_FP_D, RVKVM_REG_RISCV_FP_D_REG(fcsr))
#define ISA_EXT(id) fix_ul(RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_SINGLE, (id))
#define LETTER(c) (1ULL << ((c) - 'a'))

/* --- the list and the round trip --------------------------------------------------------- */

/* Every listed id: a size of 4 or 8, no duplicate, and set(get(id)) succeeds and changes nothing. */
static void test_every_listed_id_round_trips(void **state)
{
	struct rvkvm_reg_list *l = fix_reg_list();
	struct rvkvm_vcpu *before = malloc(sizeof(*before));
	struct rvkvm_vm vm_before = fix_vm;

	(void)state;
	assert_non_null(before);
	for (uint64_t i = 0; i < l->n; i++) {
		uint64_t id = l->reg[i];
		uint64_t val;

		assert_true(RVKVM_REG_SIZE(id) == 4 || RVKVM_REG_SIZE(id) == 8);
		for (uint64_t j = 0; j < i; j++) {
			assert_true(l->reg[j] != id);
		}
		val = fix_get_ok(id);
		memcpy(before, fix_v, sizeof(*before));
		fix_set_ok(id, val);
		/* Bit for bit: the write of a register's own value is a no-op. */
		assert_memory_equal(before, fix_v, sizeof(*before));
		assert_memory_equal(&vm_before, &fix_vm, sizeof(fix_vm));
		assert_int_equal(fix_get_ok(id), val);
	}
	free(before);
	free(l);
}

static unsigned count_type(const struct rvkvm_reg_list *l, uint64_t type_subtype, uint64_t mask)
{
	unsigned n = 0;

	for (uint64_t i = 0; i < l->n; i++) {
		n += (l->reg[i] & mask) == type_subtype;
	}
	return n;
}

/* What this vCPU on this host has, class by class. */
static void test_list_contents(void **state)
{
	const uint64_t ts = RVKVM_REG_RISCV_TYPE_MASK | RVKVM_REG_RISCV_SUBTYPE_MASK;
	struct rvkvm_reg_list *l = fix_reg_list();

	(void)state;
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_CORE, ts), 33);
	/* isa, zicbom/zicboz block sizes, the three ids, satp_mode; no zicbop block size. */
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_CONFIG, ts), 7);
	assert_false(fix_listed(l, CFG(zicbop_block_size)));
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_GENERAL, ts), 11);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_SMSTATEEN, ts), 1);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_AIA, ts), 0);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_TIMER, ts), 4);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_FP_F, ts), 33);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_FP_D, ts), 33);
	/* a c d f i m + zicsr zifencei zihintpause zba zbb zkr sstc svadu svpbmt smstateen zicbom
	 * zicboz: the host's, without h, v and ssaia, which rvkvm does not offer. */
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_SINGLE, ts),
			 18);
	assert_true(fix_listed(l, ISA_EXT(RVKVM_RISCV_ISA_EXT_ZKR)));
	assert_false(fix_listed(l, ISA_EXT(RVKVM_RISCV_ISA_EXT_H)));
	assert_false(fix_listed(l, ISA_EXT(RVKVM_RISCV_ISA_EXT_V)));
	assert_false(fix_listed(l, ISA_EXT(RVKVM_RISCV_ISA_EXT_SSAIA)));
	assert_false(fix_listed(l, ISA_EXT(RVKVM_RISCV_ISA_EXT_ZBC)));
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_ISA_EXT, RVKVM_REG_RISCV_TYPE_MASK), 18);
	/* V01 TIME HSM DBCN STA FWFT of the fake table; SUSP's probe fails; BASE has no id. */
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_SBI_EXT, RVKVM_REG_RISCV_TYPE_MASK), 6);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_STA, ts), 2);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_FWFT, ts),
			 6);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_SBI_VMM, ts), RVKVM_RISCV_SBI_EXT_MAX);
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_EXC_ROUTE, ts), 7);
	/* SSE; the fake DBTR's probe fails (no host firmware's). */
	assert_int_equal(count_type(l, RVKVM_REG_RISCV_SBI_EXT_RVKVM, ts), 1);
	assert_int_equal(l->n, 33 + 7 + 11 + 1 + 4 + 33 + 33 + 18 + 6 + 2 + 6 +
				       RVKVM_RISCV_SBI_EXT_MAX + 7 + 1);
	free(l);
}

/* Every id that get accepts (MULTI aside) is in the list: the list and the lookup agree. */
static void test_list_is_everything_get_accepts(void **state)
{
	struct rvkvm_reg_list *l = fix_reg_list();
	const uint64_t sizes[] = { RVKVM_REG_SIZE_U32, RVKVM_REG_SIZE_U64 };
	uint64_t val;

	(void)state;
	for (uint64_t type = 0; type < 0x100; type++) {
		for (uint64_t sub = 0; sub < 4; sub++) {
			bool multi = (type == 7 || type == 8) && (sub == 1 || sub == 2);

			for (uint64_t idx = 0; idx < 100; idx++) {
				for (unsigned s = 0; s < 2; s++) {
					uint64_t id =
						fix_id(sizes[s], (type << 24) | (sub << 16), idx);

					if (fix_get(id, &val) == 0 && !multi &&
					    !fix_listed(l, id)) {
						fail_msg("get accepts 0x%llx, which is not listed",
							 (unsigned long long)id);
					}
				}
			}
		}
	}
	free(l);
}

static void test_list_too_small(void **state)
{
	struct rvkvm_reg_list *l = fix_reg_list();
	uint64_t n = l->n;
	struct rvkvm_reg_list *small = malloc(sizeof(*small) + (size_t)n * sizeof(uint64_t));

	(void)state;
	assert_non_null(small);
	memset(small->reg, 0xAB, (size_t)n * sizeof(uint64_t));
	small->n = n - 1;
	assert_int_equal(rvkvm_get_reg_list(fix_v, small), RVKVM_E2BIG);
	assert_int_equal(small->n, n);
	for (uint64_t i = 0; i < n; i++) {
		assert_true(small->reg[i] == 0xABABABABABABABABULL); /* nothing written */
	}
	/* More room than needed: n says how many. */
	l = realloc(l, sizeof(*l) + (size_t)(n + 5) * sizeof(uint64_t));
	assert_non_null(l);
	l->n = n + 5;
	assert_int_equal(rvkvm_get_reg_list(fix_v, l), 0);
	assert_int_equal(l->n, n);
	free(small);
	free(l);
}

/* --- errors ------------------------------------------------------------------------------ */

static void expect_enoent(uint64_t id)
{
	uint64_t val;

	if (fix_get(id, &val) != RVKVM_ENOENT || fix_set(id, 0) != RVKVM_ENOENT ||
	    fix_set(id, 1) != RVKVM_ENOENT) {
		fail_msg("0x%llx: want RVKVM_ENOENT for get and set", (unsigned long long)id);
	}
}

static void test_unknown_ids(void **state)
{
	(void)state;
	expect_enoent(CORE(mode) & ~RVKVM_REG_ARCH_MASK); /* no architecture */
	expect_enoent((CORE(mode) & ~RVKVM_REG_ARCH_MASK) | 0x4000000000000000ULL); /* arm64's */
	expect_enoent(CORE(mode) | (1ULL << 40)); /* reserved bits */
	expect_enoent(fix_ul(0x0bULL << 24, 0));  /* types nobody defined */
	expect_enoent(fix_ul(0x7fULL << 24, 0));
	expect_enoent(fix_ul(0x83ULL << 24, 0));
	expect_enoent(fix_ul(0xffULL << 24, 0));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_VECTOR, 0)); /* no vector registers */
	expect_enoent(fix_ul(0, 0));
	expect_enoent(CORE(mode) + 1); /* one past each class */
	expect_enoent(CFG(zicbop_block_size) + 1);
	expect_enoent(CSR(senvcfg) + 1);
	expect_enoent(TIMER(state) + 1);
	expect_enoent(FCSR_F + 1);
	expect_enoent(FCSR_D + 1);
	expect_enoent(ISA_EXT(RVKVM_RISCV_ISA_EXT_MAX));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_EXT, RVKVM_RISCV_SBI_EXT_MAX));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_STA, 2));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_STATE | RVKVM_REG_RISCV_SBI_FWFT, 6));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_STATE | (2ULL << 16), 0));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_VMM, RVKVM_RISCV_SBI_EXT_MAX));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_EXC_ROUTE, RVKVM_EXC_ROUTE_NR));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_EXT_RVKVM, RVKVM_RISCV_SBI_EXT_RVKVM_DBTR));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_SBI_EXT_RVKVM, RVKVM_RISCV_SBI_EXT_RVKVM_MAX));
	expect_enoent(CORE(regs.pc) | (1ULL << 16)); /* subtypes of classes without */
	expect_enoent(CFG(isa) | (1ULL << 16));
	expect_enoent(TIMER(time) | (1ULL << 16));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_CSR | (3ULL << 16), 0));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_AIA, 0)); /* no Ssaia */
	expect_enoent(fix_ul(RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_MULTI_EN,
			     RVKVM_REG_RISCV_ISA_MULTI_REG_LAST + 1));
	expect_enoent(fix_ul(RVKVM_REG_RISCV_ISA_EXT | (3ULL << 16), 0));
	expect_enoent(CORE(regs.pc) | 0xff00); /* high index bits */
}

/* A listed register named with any other size: RVKVM_EINVAL, nothing read or written. */
static void test_wrong_size(void **state)
{
	struct rvkvm_reg_list *l = fix_reg_list();
	const uint64_t sizes[] = { RVKVM_REG_SIZE_U8, RVKVM_REG_SIZE_U16, RVKVM_REG_SIZE_U32,
				   RVKVM_REG_SIZE_U64, RVKVM_REG_SIZE_U128 };

	(void)state;
	for (uint64_t i = 0; i < l->n; i++) {
		for (unsigned s = 0; s < 5; s++) {
			uint64_t id = (l->reg[i] & ~RVKVM_REG_SIZE_MASK) | sizes[s];
			uint64_t val;

			if (id == l->reg[i]) {
				continue;
			}
			if (fix_get(id, &val) != RVKVM_EINVAL || fix_set(id, 1) != RVKVM_EINVAL) {
				fail_msg("0x%llx: want RVKVM_EINVAL", (unsigned long long)id);
			}
		}
	}
	free(l);
}

/* Read-only registers take their own value and refuse any other with RVKVM_EPERM. */
static void test_read_only(void **state)
{
	const uint64_t ro[] = { TIMER(frequency),
				CFG(satp_mode),
				CFG(zicbom_block_size),
				CFG(zicboz_block_size),
				ISA_EXT(RVKVM_RISCV_ISA_EXT_I),
				ISA_EXT(RVKVM_RISCV_ISA_EXT_ZBA),
				ISA_EXT(RVKVM_RISCV_ISA_EXT_ZKR) };

	(void)state;
	assert_int_equal(fix_get_ok(TIMER(frequency)), FIX_TIMEBASE);
	assert_int_equal(fix_get_ok(CFG(satp_mode)), 9); /* Sv48 */
	assert_int_equal(fix_get_ok(CFG(zicbom_block_size)), FIX_CBOM);
	assert_int_equal(fix_get_ok(CFG(zicboz_block_size)), FIX_CBOZ);
	for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint64_t val = fix_get_ok(ro[i]);

		assert_int_equal(fix_set(ro[i], val), 0);
		assert_int_equal(fix_set(ro[i], val ^ 1), RVKVM_EPERM);
		assert_int_equal(fix_set(ro[i], ~val), RVKVM_EPERM);
		assert_int_equal(fix_get_ok(ro[i]), val);
	}
}

/* Once the vCPU ran, configuration changes get RVKVM_EBUSY; state registers stay writable. */
static void test_after_first_run(void **state)
{
	const uint64_t config[] = { CFG(isa), CFG(mvendorid), CFG(marchid), CFG(mimpid),
				    ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC) };

	(void)state;
	fix_v->has_run = true;
	for (unsigned i = 0; i < sizeof(config) / sizeof(config[0]); i++) {
		uint64_t val = fix_get_ok(config[i]);

		assert_int_equal(fix_set(config[i], val), 0); /* its own value: still fine */
		assert_int_equal(fix_set(config[i], val ^ LETTER('f')), RVKVM_EBUSY);
		assert_int_equal(fix_get_ok(config[i]), val);
	}
	fix_set_ok(CORE(regs.pc), 0x80200000);
	fix_set_ok(CSR(sscratch), 7);
	fix_set_ok(TIMER(compare), 1000);
	fix_set_ok(FP_D(3), 0x4000000000000000ULL);
}

/* --- CONFIG ------------------------------------------------------------------------------ */

static void test_config_isa(void **state)
{
	const uint64_t host =
		LETTER('i') | LETTER('m') | LETTER('a') | LETTER('f') | LETTER('d') | LETTER('c');
	uint64_t val;

	(void)state;
	assert_int_equal(fix_get_ok(CFG(isa)), host); /* the host's, without h and v */
	assert_int_equal(fix_set(CFG(isa), host | LETTER('h')), RVKVM_EINVAL);
	assert_int_equal(fix_set(CFG(isa), host | LETTER('v')), RVKVM_EINVAL);
	assert_int_equal(fix_set(CFG(isa), host | LETTER('q')), RVKVM_EINVAL);  /* host lacks it */
	assert_int_equal(fix_set(CFG(isa), host | (1ULL << 30)), RVKVM_EINVAL); /* no letter */
	RV64_ONLY(assert_int_equal(fix_set(CFG(isa), host | (1ULL << 40)), RVKVM_EINVAL));
	assert_int_equal(fix_set(CFG(isa), host & ~LETTER('i')),
			 RVKVM_EPERM); /* cannot be taken away */
	assert_int_equal(fix_set(CFG(isa), host & ~LETTER('f')), RVKVM_EINVAL); /* D without F */
	assert_int_equal(fix_get_ok(CFG(isa)), host);
	/* Without F and D: no FP registers, FP off for the guest. */
	fix_set_ok(CFG(isa), host & ~LETTER('f') & ~LETTER('d'));
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_OFF);
	assert_int_equal(fix_get(FP_F(0), &val), RVKVM_ENOENT);
	assert_int_equal(fix_get(FCSR_D, &val), RVKVM_ENOENT);
	assert_int_equal(fix_get_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_F)), 0);
	/* F alone: FP_F only. */
	fix_set_ok(CFG(isa), host & ~LETTER('d'));
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_FS, SSTATUS_FS_INITIAL);
	assert_int_equal(fix_get(FP_F(0), &val), 0);
	assert_int_equal(fix_get(FP_D(0), &val), RVKVM_ENOENT);
	fix_set_ok(CFG(isa), host);
	assert_int_equal(fix_get(FP_D(0), &val), 0);
}

static void test_config_ids(void **state)
{
	(void)state;
	assert_int_equal(fix_get_ok(CFG(mvendorid)), 0x489);
	assert_true(fix_get_ok(CFG(marchid)) == FIX_MARCHID);
	assert_int_equal(fix_get_ok(CFG(mimpid)), 0x20181004);
	fix_set_ok(CFG(mvendorid), 0x5b7);
	fix_set_ok(CFG(marchid), 1);
	fix_set_ok(CFG(mimpid), ~0ULL);
	assert_int_equal(fix_v->cfg.mvendorid, 0x5b7);
	assert_int_equal(fix_v->cfg.marchid, 1);
	assert_true(fix_v->cfg.mimpid == ~0UL);
	/* satp_mode follows the host's mmu-type. */
	strcpy(host_caps.mmu_type, "riscv,sv39");
	assert_int_equal(fix_get_ok(CFG(satp_mode)), 8);
	strcpy(host_caps.mmu_type, "riscv,sv57");
	assert_int_equal(fix_get_ok(CFG(satp_mode)), 10);
}

/* --- CORE -------------------------------------------------------------------------------- */

static void test_core(void **state)
{
	(void)state;
	fix_set_ok(CORE(regs.pc), 0x80000000);
	assert_int_equal(fix_v->ctx.sepc, 0x80000000);
	for (unsigned n = 1; n < 32; n++) {
		fix_set_ok(fix_ul(RVKVM_REG_RISCV_CORE, n), 0x1000 + n);
	}
	for (unsigned n = 1; n < 32; n++) {
		assert_int_equal(fix_v->ctx.gpr[n], 0x1000 + n);
	}
	assert_int_equal(fix_get_ok(CORE(regs.a0)), 0x1000 + 10);
	assert_int_equal(fix_v->ctx.gpr[0], 0);
	assert_int_equal(fix_get_ok(CORE(mode)), RVKVM_RISCV_MODE_S); /* a vCPU starts in S */
	fix_set_ok(CORE(mode), RVKVM_RISCV_MODE_U);
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_SPP, 0);
	assert_int_equal(fix_set(CORE(mode), 2), RVKVM_EINVAL);
	fix_set_ok(CORE(mode), RVKVM_RISCV_MODE_S);
	assert_int_equal(fix_v->ctx.sstatus & SSTATUS_SPP, SSTATUS_SPP);
	assert_int_equal(fix_put_calls, 0); /* CORE lives in memory between runs */
}

/* --- CSR --------------------------------------------------------------------------------- */

static void test_csr_general(void **state)
{
	struct {
		uint64_t id;
		unsigned long *field;
	} map[] = {
		{ CSR(sstatus), &fix_v->csr.vsstatus },
		{ CSR(sie), &fix_v->csr.vsie },
		{ CSR(stvec), &fix_v->csr.vstvec },
		{ CSR(sscratch), &fix_v->csr.vsscratch },
		{ CSR(sepc), &fix_v->csr.vsepc },
		{ CSR(scause), &fix_v->csr.vscause },
		{ CSR(stval), &fix_v->csr.vstval },
		{ CSR(satp), &fix_v->csr.vsatp },
		{ CSR(scounteren), &fix_v->csr.scounteren },
		{ CSR(senvcfg), &fix_v->csr.senvcfg },
		{ fix_ul(RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_SMSTATEEN, 0),
		  &fix_v->csr.sstateen0 },
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		unsigned calls = fix_put_calls;

		fix_set_ok(map[i].id, 0xC0DE0000UL + i);
		assert_int_equal(*map[i].field, 0xC0DE0000UL + i);
		*map[i].field = 0xF00D0000UL + i;
		assert_int_equal(fix_get_ok(map[i].id), 0xF00D0000UL + i);
		assert_true(fix_put_calls >= calls + 2); /* each access puts the vCPU first */
	}
}

/* sip is hvip's VS lines seen one bit lower; lines raised by other harts show up. */
static void test_csr_sip(void **state)
{
	(void)state;
	fix_set_ok(CSR(sip), (1UL << 1) | (1UL << 9));
	assert_int_equal(fix_v->csr.hvip, VCPU_IRQ_VSSIP | VCPU_IRQ_VSEIP);
	assert_int_equal(fix_v->irqs_pending, VCPU_IRQ_VSSIP | VCPU_IRQ_VSEIP);
	assert_int_equal(fix_get_ok(CSR(sip)), (1UL << 1) | (1UL << 9));
	/* Only SSIP, STIP, SEIP exist. */
	fix_set_ok(CSR(sip), ~0UL);
	assert_int_equal(fix_v->csr.hvip, VCPU_IRQ_MASK);
	assert_int_equal(fix_get_ok(CSR(sip)), (1UL << 1) | (1UL << 5) | (1UL << 9));
	fix_set_ok(CSR(sip), 0);
	/* Another hart raised VSEIP (rvkvm_vcpu_interrupt): get sees it, and leaves it for the
	 * run loop to apply (a get, or a register list, must not swallow it). */
	fix_v->irqs_pending = VCPU_IRQ_VSEIP;
	fix_v->irqs_changed = VCPU_IRQ_VSEIP;
	assert_int_equal(fix_get_ok(CSR(sip)), 1UL << 9);
	assert_int_equal(fix_v->irqs_changed, VCPU_IRQ_VSEIP);
	free(fix_reg_list());
	assert_int_equal(fix_v->irqs_changed, VCPU_IRQ_VSEIP);
	assert_int_equal(fix_v->csr.hvip, 0);
	/* A set replaces every line, those from other harts too. */
	fix_set_ok(CSR(sip), 1UL << 1);
	assert_int_equal(fix_v->csr.hvip, VCPU_IRQ_VSSIP);
	assert_int_equal(fix_v->irqs_pending, VCPU_IRQ_VSSIP);
	assert_int_equal(fix_v->irqs_changed, 0);
}

/* On another hart the vCPU cannot be put: its hardware registers are out of reach. */
static void test_loaded_elsewhere(void **state)
{
	uint64_t val;

	(void)state;
	fix_put_result = RVKVM_EBUSY;
	assert_int_equal(fix_get(CSR(sstatus), &val), RVKVM_EBUSY);
	assert_int_equal(fix_set(CSR(sstatus), 1), RVKVM_EBUSY);
	assert_int_equal(fix_get(FP_D(0), &val), RVKVM_EBUSY);
	assert_int_equal(fix_get(TIMER(compare), &val), RVKVM_EBUSY);
	assert_int_equal(fix_v->csr.vsstatus, 0);
	/* Memory-only registers do not care. */
	fix_set_ok(CORE(regs.pc), 0x1234);
	assert_int_equal(fix_get_ok(TIMER(frequency)), FIX_TIMEBASE);
}

/* --- TIMER ------------------------------------------------------------------------------- */

static void test_timer(void **state)
{
	(void)state;
	assert_true(fix_get_ok(TIMER(time)) == FIX_NOW);
	fix_set_ok(TIMER(time), FIX_NOW + 1000);
	assert_true(fix_vm.time_delta == 1000);
	assert_true(fix_get_ok(TIMER(time)) == FIX_NOW + 1000);
	fix_set_ok(TIMER(time), 5); /* behind the host: the delta wraps, guest time is 5 */
	assert_true(fix_get_ok(TIMER(time)) == 5);
	/* With Sstc the compare value is vstimecmp. */
	assert_true(fix_get_ok(TIMER(compare)) == UINT64_MAX);
	assert_int_equal(fix_get_ok(TIMER(state)), RVKVM_RISCV_TIMER_STATE_OFF);
	fix_set_ok(TIMER(compare), 0x5000);
	assert_int_equal(fix_v->csr.vstimecmp, 0x5000);
	assert_int_equal(fix_get_ok(TIMER(state)), RVKVM_RISCV_TIMER_STATE_ON);
	fix_set_ok(TIMER(state), RVKVM_RISCV_TIMER_STATE_OFF);
	assert_true(fix_v->csr.vstimecmp == UINT64_MAX);
	assert_int_equal(fix_set(TIMER(state), RVKVM_RISCV_TIMER_STATE_ON), RVKVM_EINVAL);
	assert_int_equal(fix_set(TIMER(state), 7), RVKVM_EINVAL);
	/* Without Sstc it is the emulated SBI timer's deadline. */
	fix_set_ok(ISA_EXT(RVKVM_RISCV_ISA_EXT_SSTC), 0);
	fix_set_ok(TIMER(compare), 0x6000);
	assert_int_equal(fix_v->timer_deadline, 0x6000);
	assert_true(fix_v->csr.vstimecmp == UINT64_MAX);
	assert_int_equal(fix_get_ok(TIMER(state)), RVKVM_RISCV_TIMER_STATE_ON);
}

/* --- FP ---------------------------------------------------------------------------------- */

static void test_fp(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 32; i++) {
		fix_set_ok(FP_D(i), 0x1111111100000000ULL * (i + 1) + i);
	}
	for (unsigned i = 0; i < 32; i++) {
		assert_true(fix_v->fp.f[i] == 0x1111111100000000ULL * (i + 1) + i);
		assert_int_equal(fix_get_ok(FP_F(i)), i); /* the low half */
	}
	/* An FP_F write replaces the low half and keeps the high one. */
	fix_set_ok(FP_F(4), 0x3f800000);
	assert_true(fix_v->fp.f[4] == ((0x1111111100000000ULL * 5) & ~0xffffffffULL) + 0x3f800000);
	/* fcsr: one register for both classes, 32 bits wide, 8 of them defined. */
	fix_set_ok(FCSR_F, 0xe1);
	assert_int_equal(fix_v->fp.fcsr, 0xe1);
	assert_int_equal(fix_get_ok(FCSR_D), 0xe1);
	assert_int_equal(fix_set(FCSR_D, 0x100), RVKVM_EINVAL);
	assert_int_equal(fix_get_ok(FCSR_F), 0xe1);
	assert_true(fix_put_calls > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_listed_id_round_trips, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_list_contents, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_list_is_everything_get_accepts, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_list_too_small, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_ids, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_size, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_read_only, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_after_first_run, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_config_isa, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_config_ids, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_core, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_csr_general, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_csr_sip, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_loaded_elsewhere, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_timer, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_fp, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests_name("one_reg", tests, NULL, NULL);
}
