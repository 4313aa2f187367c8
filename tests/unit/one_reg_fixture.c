/* SPDX-License-Identifier: Apache-2.0 */
/* The ONE_REG host tests' fake host: host_caps, arch hooks, allocator, SBI table; and id helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"
#include "tests/fakes/fake_clock.h"
#include "tests/unit/one_reg_fixture.h"

struct rvkvm_vm fix_vm;
struct rvkvm_vcpu *fix_v;
unsigned fix_put_calls;
int fix_put_result;
bool fix_sta_present;

/* --- fake arch hooks and allocator ------------------------------------------------------- */

void vcpu_arch_apply_traps(struct rvkvm_vcpu *v)
{
	(void)v; /* hedeleg reaches a hart only at load, which these tests do not do */
}

void vcpu_arch_pmu_alarm(struct rvkvm_vcpu *v)
{
	(void)v; /* no vCPU here watches a PMU overflow: the host has none (host_caps) */
	fail_msg("vcpu_arch_pmu_alarm called: no overflow is watched in these tests");
}

int vcpu_arch_put(struct rvkvm_vcpu *v)
{
	assert_ptr_equal(v, fix_v);
	fix_put_calls++;
	return fix_put_result;
}

void *core_alloc_zeroed(size_t size, size_t align)
{
	void *p = aligned_alloc(align, (size + align - 1) / align * align);

	assert_non_null(p);
	memset(p, 0, size);
	return p;
}

/* --- a fake SBI table: what ONE_REG SBI_EXT and SBI_STATE see of the core's extensions ----- */

static int no_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	(void)v;
	(void)c;
	(void)r;
	fail_msg("no SBI call is made by the ONE_REG tests");
	return -1;
}

static bool sta_probe(const struct rvkvm_vcpu *v)
{
	(void)v;
	return fix_sta_present;
}

static bool never(const struct rvkvm_vcpu *v)
{
	(void)v;
	return false;
}

#define EXT(nm, lo, hi, id, pr)                                                    \
	{                                                                          \
		.name = nm, .eid_lo = lo, .eid_hi = hi, .probe = pr, .kvm_id = id, \
		.handler = no_handler                                              \
	}
static const struct sbi_ext ext_legacy = EXT("LEGACY", 0, 8, RVKVM_RISCV_SBI_EXT_V01, NULL);
static const struct sbi_ext ext_base = EXT("BASE", 0x10, 0x10, SBI_KVM_ID_NONE, NULL);
static const struct sbi_ext ext_time =
	EXT("TIME", SBI_EID_TIME, SBI_EID_TIME, RVKVM_RISCV_SBI_EXT_TIME, NULL);
static const struct sbi_ext ext_hsm =
	EXT("HSM", SBI_EID_HSM, SBI_EID_HSM, RVKVM_RISCV_SBI_EXT_HSM, NULL);
static const struct sbi_ext ext_dbcn =
	EXT("DBCN", SBI_EID_DBCN, SBI_EID_DBCN, RVKVM_RISCV_SBI_EXT_DBCN, NULL);
/* The real STA and FWFT, for their SBI_STATE registers; STA present as fix_sta_present says. */
static struct sbi_ext ext_sta;
/* Implemented, but its probe says the host cannot: no register. */
static const struct sbi_ext ext_susp =
	EXT("SUSP", SBI_EID_SUSP, SBI_EID_SUSP, RVKVM_RISCV_SBI_EXT_SUSP, never);
/* Without a Linux id (ONE_REG SBI_EXT_RVKVM): SSE always there, DBTR never on this host. */
static const struct sbi_ext ext_sse = { .name = "SSE",
					.eid_lo = SBI_EID_SSE,
					.eid_hi = SBI_EID_SSE,
					.kvm_id = SBI_KVM_ID_NONE,
					.own = SBI_OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE),
					.handler = no_handler };
static const struct sbi_ext ext_dbtr = { .name = "DBTR",
					 .eid_lo = SBI_EID_DBTR,
					 .eid_hi = SBI_EID_DBTR,
					 .kvm_id = SBI_KVM_ID_NONE,
					 .own = SBI_OWN(RVKVM_RISCV_SBI_EXT_RVKVM_DBTR),
					 .probe = never,
					 .handler = no_handler };

const struct sbi_ext *const sbi_ext_table[] = {
	&ext_legacy, &ext_base, &ext_time,     &ext_hsm, &ext_dbcn,
	&ext_sta,    &ext_susp, &sbi_ext_fwft, &ext_sse, &ext_dbtr,
};
const unsigned sbi_ext_count = sizeof(sbi_ext_table) / sizeof(sbi_ext_table[0]);
const unsigned sbi_ext_count_all = sizeof(sbi_ext_table) / sizeof(sbi_ext_table[0]);

/* --- setup ------------------------------------------------------------------------------- */

int fix_setup(void **state)
{
	(void)state;
	memset(&host_caps, 0, sizeof(host_caps));
	strcpy(host_caps.isa, FIX_HOST_ISA);
	strcpy(host_caps.mmu_type, "riscv,sv48");
	host_caps.has_h = host_caps.has_sstc = host_caps.has_svadu = host_caps.has_smstateen = true;
	host_caps.timebase_freq = FIX_TIMEBASE;
	host_caps.mvendorid = 0x489;
	host_caps.marchid = FIX_MARCHID;
	host_caps.mimpid = 0x20181004;
	host_caps.cbom_block_size = FIX_CBOM;
	host_caps.cboz_block_size = FIX_CBOZ;
	memset(&fix_vm, 0, sizeof(fix_vm));
	fix_put_calls = 0;
	fix_put_result = 0;
	fix_sta_present = true;
	ext_sta = sbi_ext_sta;
	ext_sta.probe = sta_probe;
	fake_clock_now = FIX_NOW;
	fix_v = NULL;
	return rvkvm_create_vcpu(&fix_vm, 0, &fix_v);
}

int fix_teardown(void **state)
{
	(void)state;
	free(fix_v);
	fix_v = NULL;
	return 0;
}

/* --- helpers ----------------------------------------------------------------------------- */

uint64_t fix_id(uint64_t size, uint64_t type_subtype, uint64_t index)
{
	return RVKVM_REG_RISCV | size | type_subtype | index;
}

uint64_t fix_ul(uint64_t type_subtype, uint64_t index)
{
	return fix_id(RVKVM_REG_SIZE_ULONG, type_subtype, index);
}

int fix_get(uint64_t id, uint64_t *val)
{
	uint8_t buf[16];
	int err;

	memset(buf, 0xEE, sizeof(buf));
	err = rvkvm_get_one_reg(fix_v, id, buf);
	*val = 0;
	if (err == 0) {
		memcpy(val, buf, RVKVM_REG_SIZE(id) < 8 ? RVKVM_REG_SIZE(id) : 8);
		/* Nothing beyond the register's size is written. */
		for (unsigned i = RVKVM_REG_SIZE(id); i < sizeof(buf); i++) {
			assert_int_equal(buf[i], 0xEE);
		}
	} else {
		for (unsigned i = 0; i < sizeof(buf); i++) {
			assert_int_equal(buf[i], 0xEE);
		}
	}
	return err;
}

int fix_set(uint64_t id, uint64_t val)
{
	uint8_t buf[16];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &val, sizeof(val));
	return rvkvm_set_one_reg(fix_v, id, buf);
}

uint64_t fix_get_ok(uint64_t id)
{
	uint64_t val;
	int err = fix_get(id, &val);

	if (err) {
		fail_msg("get 0x%llx: %d", (unsigned long long)id, err);
	}
	return val;
}

void fix_set_ok(uint64_t id, uint64_t val)
{
	int err = fix_set(id, val);

	if (err) {
		fail_msg("set 0x%llx = 0x%llx: %d", (unsigned long long)id, (unsigned long long)val,
			 err);
	}
}

struct rvkvm_reg_list *fix_reg_list(void)
{
	struct rvkvm_reg_list probe = { .n = 0 };
	struct rvkvm_reg_list *l;

	assert_int_equal(rvkvm_get_reg_list(fix_v, &probe), RVKVM_E2BIG);
	assert_true(probe.n > 0);
	l = calloc(1, sizeof(*l) + (size_t)probe.n * sizeof(uint64_t));
	assert_non_null(l);
	l->n = probe.n;
	assert_int_equal(rvkvm_get_reg_list(fix_v, l), 0);
	assert_int_equal(l->n, probe.n);
	return l;
}

bool fix_listed(const struct rvkvm_reg_list *l, uint64_t id)
{
	for (uint64_t i = 0; i < l->n; i++) {
		if (l->reg[i] == id) {
			return true;
		}
	}
	return false;
}
