/* SPDX-License-Identifier: Apache-2.0 */
/* The hart's debug triggers for the loaded vCPU's SBI DBTR, set through the firmware's own DBTR. */
#include "core/hart.h"
#include "core/sbi/sbi.h"
#include "platform/platform.h"

/*
 * Each hart's shared memory with the firmware: one entry per trigger. The firmware takes its
 * physical address, which is its address here (the hypervisor runs with satp = Bare).
 *
 * The entry's layout is the spec's (SBI 3.0: four words, trig_idx in word 0) or the draft's
 * OpenSBI 1.6 implements (five words, trig_idx in word 4 after tstate and tdata1-3); both keep
 * tdata1-3 in words 1-3. dbtr_arch_init finds out which by installing a trigger that cannot fire
 * and seeing which word the firmware wrote the index to.
 */
#define DRAFT_WORDS 5
#define DRAFT_IDX 4
static unsigned long shmem[HART_MAX][VCPU_DBTR_MAX * DRAFT_WORDS];
static unsigned triggers;                           /* mcontrol6 triggers per hart, found at boot */
static unsigned entry_words = SBI_DBTR_ENTRY_WORDS; /* the firmware's layout */
static unsigned idx_word;

_Static_assert(VCPU_DBTR_MAX <= sizeof(unsigned long) * 8, "hart.dbtr_installed has a bit each");

void dbtr_arch_init(void)
{
	unsigned long n = 0;

	if (firmware_dbtr(SBI_DBTR_NUM_TRIGGERS, SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL6), 0, 0, &n) !=
	    SBI_SUCCESS) {
		n = 0;
	}
	triggers = n < VCPU_DBTR_MAX ? (unsigned)n : VCPU_DBTR_MAX;
}

/* Which layout the firmware has (the boot hart, with its shared memory set). */
static void probe_layout(unsigned long *m)
{
	unsigned long value;

	/* An execute trigger for no mode at all: valid, and it never fires. */
	for (unsigned w = 0; w < DRAFT_WORDS; w++) {
		m[w] = ~0UL;
	}
	m[1] = SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL6) | SDTRIG_MC6_EXECUTE;
	m[2] = 0;
	m[3] = 0;
	if (firmware_dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0, &value) != SBI_SUCCESS) {
		triggers = 0;
		return;
	}
	if (m[0] < VCPU_DBTR_MAX) {
		idx_word = 0;
		entry_words = SBI_DBTR_ENTRY_WORDS;
	} else if (m[DRAFT_IDX] < VCPU_DBTR_MAX) {
		idx_word = DRAFT_IDX;
		entry_words = DRAFT_WORDS;
	} else {
		triggers = 0; /* neither: a firmware rvkvm does not understand */
		return;
	}
	(void)firmware_dbtr(SBI_DBTR_UNINSTALL_TRIGGERS, m[idx_word], 1, 0, &value);
}

void dbtr_arch_hart_init(void)
{
	unsigned long value;

	if (triggers == 0) {
		return;
	}
	/* Off first: a hart the firmware started again may still have it on. */
	(void)firmware_dbtr(SBI_DBTR_SET_SHMEM, ~0UL, ~0UL, 0, &value);
	if (firmware_dbtr(SBI_DBTR_SET_SHMEM, (unsigned long)shmem[hart_self()->index], 0, 0,
			  &value) != SBI_SUCCESS) {
		triggers = 0; /* never offered to a guest: every hart must have it */
		return;
	}
	if (hart_self()->index == 0) {
		probe_layout(shmem[0]);
	}
}

unsigned dbtr_arch_triggers(void)
{
	return triggers;
}

static void remove(struct hart *h)
{
	unsigned long value;

	if (h->dbtr_installed) {
		(void)firmware_dbtr(SBI_DBTR_UNINSTALL_TRIGGERS, 0, h->dbtr_installed, 0, &value);
		h->dbtr_installed = 0;
	}
}

static long install(struct hart *h, const struct vcpu_dbtr *d)
{
	unsigned long *m = shmem[h->index];
	unsigned long value;
	unsigned n = 0;
	long err;

	remove(h);
	for (unsigned i = 0; i < VCPU_DBTR_MAX; i++) {
		const struct vcpu_dbtr_trigger *t = &d->trig[i];

		if (t->tdata1 & (SDTRIG_MC6_S | SDTRIG_MC6_U)) {
			unsigned long *e = m + n * entry_words;

			e[0] = 0;
			e[1] = sbi_dbtr_host_tdata1(t->tdata1);
			e[2] = t->tdata2;
			e[3] = t->tdata3;
			n++;
		}
	}
	if (n == 0) {
		return SBI_SUCCESS;
	}
	err = firmware_dbtr(SBI_DBTR_INSTALL_TRIGGERS, n, 0, 0, &value);
	if (err != SBI_SUCCESS) {
		return err;
	}
	for (unsigned k = 0; k < n; k++) {
		unsigned long idx = m[k * entry_words + idx_word];

		if (idx < VCPU_DBTR_MAX) {
			h->dbtr_installed |= 1UL << idx;
		}
	}
	return SBI_SUCCESS;
}

long dbtr_arch_install(struct rvkvm_vcpu *v, const struct vcpu_dbtr *d)
{
	struct hart *h = hart_self();

	return h->loaded == v ? install(h, d) : SBI_SUCCESS;
}

void dbtr_arch_load(struct rvkvm_vcpu *v)
{
	/*
	 * The same set the firmware took when the guest installed it, on a hart like this one:
	 * refused, it would only leave the guest's triggers out, and nothing else.
	 */
	(void)install(hart_self(), &v->dbtr);
}

void dbtr_arch_put(void)
{
	remove(hart_self());
}
