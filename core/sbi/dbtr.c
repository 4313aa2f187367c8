/* SPDX-License-Identifier: Apache-2.0 */
/* SBI DBTR (Debug Triggers): a guest's breakpoints and watchpoints, in the hart's triggers while it runs. */
#include "core/guest_ram.h"
#include "core/sbi/sbi.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/*
 * What a guest may ask for: an mcontrol6 trigger on an address (select 0, match "equal", no
 * chain, timing 0) that raises a breakpoint exception (action 0), on load, store or execute,
 * in its S- or U-mode, for an access of any size or of 1, 2, 4 or 8 bytes: what QEMU 7.2's
 * triggers implement, taken as VS/VU ones in the hart. The guest has no H extension, so vs or
 * vu is an invalid configuration for it (as the spec's authors answered, riscv-sbi-doc issue
 * 188); tdata3's bits (textra) and every bit not named here are unimplemented.
 */
#define TDATA1_TYPE_MASK (0xfUL << SDTRIG_TDATA1_TYPE_SHIFT)
#define TDATA1_PRIV (SDTRIG_MC6_S | SDTRIG_MC6_U)
#define TDATA1_OFFERED                                                                \
	(TDATA1_TYPE_MASK | SDTRIG_MC6_LOAD | SDTRIG_MC6_STORE | SDTRIG_MC6_EXECUTE | \
	 TDATA1_PRIV | SDTRIG_MC6_SIZE_MASK)
#define SIZES_OFFERED ((1U << 0) | (1U << 1) | (1U << 2) | (1U << 3) | (1U << 5))

static unsigned trig_max(void)
{
	unsigned n = dbtr_arch_triggers();

	return n < VCPU_DBTR_MAX ? n : VCPU_DBTR_MAX;
}

/* The spec's answer to a trigger configuration: SBI_SUCCESS when rvkvm can install it. */
static long check_config(unsigned long tdata1, unsigned long tdata3)
{
	unsigned long type = tdata1 >> SDTRIG_TDATA1_TYPE_SHIFT;
	unsigned size = (unsigned)((tdata1 & SDTRIG_MC6_SIZE_MASK) >> SDTRIG_MC6_SIZE_SHIFT);

	if (tdata1 & (SDTRIG_TDATA1_DMODE | SDTRIG_MC6_M)) {
		return SBI_ERR_INVALID_PARAM; /* the spec's two constraints on every trigger */
	}
	if (type == SDTRIG_TYPE_MCONTROL6 && (tdata1 & (SDTRIG_MC6_VS | SDTRIG_MC6_VU))) {
		return SBI_ERR_INVALID_PARAM; /* modes the guest does not have */
	}
	if (type != SDTRIG_TYPE_MCONTROL6) {
		return SBI_ERR_FAILED; /* no trigger of that type fires in a guest's modes */
	}
	if ((tdata1 & ~TDATA1_OFFERED) || !((SIZES_OFFERED >> size) & 1) || tdata3 != 0) {
		return SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_SUCCESS;
}

unsigned long sbi_dbtr_host_tdata1(unsigned long tdata1)
{
	unsigned long t = tdata1 & ~TDATA1_PRIV;

	if (tdata1 & SDTRIG_MC6_S) {
		t |= SDTRIG_MC6_VS;
	}
	if (tdata1 & SDTRIG_MC6_U) {
		t |= SDTRIG_MC6_VU;
	}
	return t;
}

static bool mapped(const struct vcpu_dbtr *d, unsigned long idx)
{
	return idx < trig_max() && (d->trig[idx].state & SBI_DBTR_STATE_MAPPED);
}

/* Sets trigger t from a configuration (checked), enabled: its state saves the s and u bits. */
static void configure(struct vcpu_dbtr_trigger *t, const unsigned long *words)
{
	t->tdata1 = words[1];
	t->tdata2 = words[2];
	t->tdata3 = words[3];
	t->state = SBI_DBTR_STATE_MAPPED | (words[1] & SDTRIG_MC6_U ? SBI_DBTR_STATE_U : 0) |
		   (words[1] & SDTRIG_MC6_S ? SBI_DBTR_STATE_S : 0);
}

/* Puts the new set of triggers in place: in the hardware first, so a refusal changes nothing. */
static long commit(struct rvkvm_vcpu *v, struct vcpu_dbtr *next)
{
	long err;

	next->armed = false;
	for (unsigned i = 0; i < VCPU_DBTR_MAX; i++) {
		next->armed |= (next->trig[i].tdata1 & TDATA1_PRIV) != 0;
	}
	err = dbtr_arch_install(v, next);
	if (err != SBI_SUCCESS) {
		(void)dbtr_arch_install(
			v, &v->dbtr); /* what the hart held: the firmware took it before */
		return SBI_ERR_FAILED;
	}
	v->dbtr = *next;
	return SBI_SUCCESS;
}

static long set_shmem(struct rvkvm_vcpu *v, unsigned long lo, unsigned long hi, unsigned long flags)
{
	uint64_t shmem;

	if (flags != 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (lo == ~0UL && hi == ~0UL) {
		v->dbtr.shmem = VCPU_DBTR_OFF;
		return SBI_SUCCESS;
	}
	if (lo % sizeof(unsigned long) != 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (!sbi_phys_addr(lo, hi, &shmem) ||
	    !guest_ram_valid(v->vm, gpa(shmem), trig_max() * SBI_DBTR_ENTRY_SIZE, true)) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	v->dbtr.shmem = shmem;
	return SBI_SUCCESS;
}

/*
 * The guest's shared memory for the first count entries, once the range [base, base + count) of
 * triggers is checked: SBI_SUCCESS with *m set (NULL when count is 0), or the call's error.
 * The spec's tables say BAD_RANGE for base + count >= trig_max, which would leave the last
 * trigger unreadable and forbid installing all at once; what they mean, and what OpenSBI does,
 * is a range past the end.
 */
static long entries(struct rvkvm_vcpu *v, unsigned long base, unsigned long count,
		    unsigned long **m)
{
	*m = NULL;
	if (v->dbtr.shmem == VCPU_DBTR_OFF) {
		return SBI_ERR_NO_SHMEM;
	}
	if (base >= trig_max() || count > trig_max() - base) {
		return SBI_ERR_BAD_RANGE;
	}
	if (count == 0) {
		return SBI_SUCCESS;
	}
	*m = guest_ram_access(v->vm, gpa(v->dbtr.shmem), count * SBI_DBTR_ENTRY_SIZE, true);
	return *m ? SBI_SUCCESS : SBI_ERR_FAILED; /* the VMM took the region away since */
}

static long read_triggers(struct rvkvm_vcpu *v, unsigned long base, unsigned long count)
{
	unsigned long *m;
	long err = entries(v, base, count, &m);

	if (err != SBI_SUCCESS) {
		return err;
	}
	for (unsigned long i = 0; i < count; i++) {
		const struct vcpu_dbtr_trigger *t = &v->dbtr.trig[base + i];
		unsigned long words[SBI_DBTR_ENTRY_WORDS] = { t->state, t->tdata1, t->tdata2,
							      t->tdata3 };

		lib_memcpy(m + i * SBI_DBTR_ENTRY_WORDS, words, sizeof(words));
	}
	return SBI_SUCCESS;
}

/*
 * Install and update: checks every entry of the guest's array (copied first: another vCPU may
 * change it meanwhile) before anything changes; *failed is the index of the entry that failed.
 */
static long install_or_update(struct rvkvm_vcpu *v, bool install, unsigned long count,
			      unsigned long *failed)
{
	unsigned long words[VCPU_DBTR_MAX][SBI_DBTR_ENTRY_WORDS];
	struct vcpu_dbtr next = v->dbtr;
	unsigned long *m;
	unsigned slot = 0;
	long err;

	*failed = 0;
	err = entries(v, 0, count, &m);
	if (err != SBI_SUCCESS || count == 0) {
		return err;
	}
	lib_memcpy(words, m, count * SBI_DBTR_ENTRY_SIZE);
	for (unsigned long i = 0; i < count; i++) {
		*failed = i;
		if (!install && words[i][0] >= trig_max()) {
			return SBI_ERR_INVALID_PARAM;
		}
		if (!install && !mapped(&next, words[i][0])) {
			return SBI_ERR_FAILED;
		}
		err = check_config(words[i][1], words[i][3]);
		if (err != SBI_SUCCESS) {
			/* update: a type other than the installed one's is an invalid configuration */
			return !install && err == SBI_ERR_FAILED ? SBI_ERR_INVALID_PARAM : err;
		}
		if (install) {
			while (slot < trig_max() &&
			       (next.trig[slot].state & SBI_DBTR_STATE_MAPPED)) {
				slot++;
			}
			if (slot == trig_max()) {
				return SBI_ERR_FAILED; /* no trigger left for this one */
			}
			words[i][0] = slot;
		}
		configure(&next.trig[words[i][0]], words[i]);
	}
	*failed = 0;
	err = commit(v, &next);
	if (err != SBI_SUCCESS || !install) {
		return err;
	}
	for (unsigned long i = 0; i < count; i++) {
		lib_memcpy(m + i * SBI_DBTR_ENTRY_WORDS, &words[i][0], sizeof(unsigned long));
	}
	return SBI_SUCCESS;
}

enum mask_op { OP_UNINSTALL, OP_ENABLE, OP_DISABLE };

/* Uninstall, enable or disable the triggers base + n for each bit n of mask: all mapped, or none. */
static long by_mask(struct rvkvm_vcpu *v, unsigned long base, unsigned long mask, enum mask_op op)
{
	struct vcpu_dbtr next = v->dbtr;

	for (unsigned n = 0; n < sizeof(mask) * 8; n++) {
		if (((mask >> n) & 1) && (base > ~0UL - n || !mapped(&next, base + n))) {
			return SBI_ERR_INVALID_PARAM;
		}
	}
	for (unsigned n = 0; n < sizeof(mask) * 8; n++) {
		struct vcpu_dbtr_trigger *t;

		if (!((mask >> n) & 1)) {
			continue;
		}
		t = &next.trig[base + n];
		if (op == OP_UNINSTALL) {
			*t = (struct vcpu_dbtr_trigger){ 0 };
			continue;
		}
		t->tdata1 &= ~TDATA1_PRIV;
		if (op == OP_ENABLE) {
			t->tdata1 |= (t->state & SBI_DBTR_STATE_S ? SDTRIG_MC6_S : 0) |
				     (t->state & SBI_DBTR_STATE_U ? SDTRIG_MC6_U : 0);
		}
	}
	return commit(v, &next) == SBI_SUCCESS ? SBI_SUCCESS : SBI_ERR_FAILED;
}

static unsigned long num_triggers(unsigned long tdata1)
{
	if (tdata1 == 0) {
		return trig_max();
	}
	return check_config(tdata1, 0) == SBI_SUCCESS ? trig_max() : 0;
}

static int dbtr_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	const unsigned long *a = c->args;

	r->value = 0;
	switch (c->fid) {
	case SBI_DBTR_NUM_TRIGGERS:
		r->error = SBI_SUCCESS;
		r->value = num_triggers(a[0]);
		break;
	case SBI_DBTR_SET_SHMEM:
		r->error = set_shmem(v, a[0], a[1], a[2]);
		break;
	case SBI_DBTR_READ_TRIGGERS:
		r->error = read_triggers(v, a[0], a[1]);
		break;
	case SBI_DBTR_INSTALL_TRIGGERS:
	case SBI_DBTR_UPDATE_TRIGGERS:
		r->error =
			install_or_update(v, c->fid == SBI_DBTR_INSTALL_TRIGGERS, a[0], &r->value);
		break;
	case SBI_DBTR_UNINSTALL_TRIGGERS:
		r->error = by_mask(v, a[0], a[1], OP_UNINSTALL);
		break;
	case SBI_DBTR_ENABLE_TRIGGERS:
		r->error = by_mask(v, a[0], a[1], OP_ENABLE);
		break;
	case SBI_DBTR_DISABLE_TRIGGERS:
		r->error = by_mask(v, a[0], a[1], OP_DISABLE);
		break;
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

void sbi_dbtr_reset(struct rvkvm_vcpu *v)
{
	struct vcpu_dbtr none = { .shmem = VCPU_DBTR_OFF };

	if (v->dbtr.armed) {
		(void)dbtr_arch_install(v, &none); /* taking triggers out cannot fail */
	}
	v->dbtr = none;
}

static bool dbtr_probe(const struct rvkvm_vcpu *v)
{
	(void)v;
	return trig_max() > 0;
}

const struct sbi_ext sbi_ext_dbtr = {
	.name = "DBTR",
	.eid_lo = SBI_EID_DBTR,
	.eid_hi = SBI_EID_DBTR,
	.kvm_id = SBI_KVM_ID_NONE,
	.own = SBI_OWN(RVKVM_RISCV_SBI_EXT_RVKVM_DBTR),
	.probe = dbtr_probe,
	.handler = dbtr_handler,
};
