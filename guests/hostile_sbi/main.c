/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: SBI calls with wild arguments (buffers, hart masks, hart ids, entry points, ids, types); each must get an error, never harm. */
#include "hostile.h"

/*
 * One group of calls per run, picked by --append (see the hostile_sbi_*.case files). Every
 * call here is wrong in some way and the SBI specification (v2.0) names the error it gets;
 * the run then ends normally, which also shows the hypervisor survived every call.
 */

#define NOWHERE 0x40000000UL
#define TESTDEV 0x00100000UL
#define UART 0x10000000UL
#define HOST_RAM_HIGH 0x8F000000UL
#define EID_STA 0x535441UL
#define EID_FWFT 0x46574654UL
#define FID_STA_SET_SHMEM 0
#define FID_FWFT_SET 0
#define FID_FWFT_GET 1
#define WAIT_TICKS MS_TICKS(10000)
#define MAX_HARTS 8UL
/* A register's top bit: bit 63 on rv64, 31 on rv32. */
#define TOP_BIT (1UL << (sizeof(long) * 8 - 1))
/*
 * The lowest bit above a 32-bit field: bit 32 on rv64; on rv32, where a register has none, the
 * top bit stands in (the value stays one no field takes).
 */
#define HIGH_BIT (sizeof(long) == 8 ? (unsigned long)(1ULL << 32) : TOP_BIT)

static unsigned long ram_end;
static unsigned long ncpus;

static struct sbiret call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
			  unsigned long a2)
{
	return sbi_call(eid, fid, a0, a1, a2, 0, 0, 0);
}

/* The number of vCPUs: the first hart id HSM get_status refuses. */
static unsigned long count_harts(void)
{
	unsigned long n = 0;

	while (n < MAX_HARTS &&
	       call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, n, 0, 0).error == SBI_SUCCESS) {
		n++;
	}
	return n;
}

/* DBCN write and read with buffers not wholly in guest RAM: INVALID_PARAM, nothing touched. */
static void dbcn(void)
{
	static const struct {
		unsigned long len, lo, hi;
		const char *what;
	} bad[] = {
		{ 16, 0, 0, "at GPA 0" },
		{ 16, NOWHERE, 0, "at 0x40000000 (nothing there)" },
		{ 8, TESTDEV, 0, "in the test device (MMIO)" },
		{ 8, UART, 0, "in the UART (MMIO)" },
		{ 16, HOST_RAM_HIGH, 0, "in host RAM beyond the guest's" },
		{ 16, GUEST_RAM_BASE - 8, 0, "starting 8 bytes below RAM" },
		{ 16, 0, 1, "with base_addr_hi 1" },
		{ 16, 0, ~0UL, "with base_addr_hi ~0" },
		{ 16, ~0UL - 7, 0, "whose end wraps past 2^64" },
		{ TOP_BIT, GUEST_RAM_BASE, 0, "of 2^(XLEN-1) bytes" },
		{ ~0UL, GUEST_RAM_BASE, 0, "of ~0 bytes" },
	};
	static char text[] = "hostile: RAM end\n";
	unsigned long len = sizeof(text) - 1;
	unsigned long ram_size = ram_end - GUEST_RAM_BASE;
	unsigned long at_end = ram_end - len;
	struct sbiret r;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, bad[i].len, bad[i].lo, bad[i].hi);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write %s: INVALID_PARAM",
			  bad[i].what);
		r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_READ, bad[i].len, bad[i].lo, bad[i].hi);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn read %s: INVALID_PARAM",
			  bad[i].what);
	}
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, ram_size + 1, GUEST_RAM_BASE, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write of all RAM plus one byte");
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 16, ram_end - 8, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write crossing the end of RAM");
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 1, ram_end, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write of the first byte past RAM");
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_READ, 16, ram_end - 8, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn read crossing the end of RAM");

	/* The last bytes of RAM are a valid buffer (the case expects the line in the output). */
	for (unsigned long i = 0; i < len; i++) {
		((volatile char *)at_end)[i] = text[i];
	}
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, len, at_end, 0);
	check_ret(r, SBI_SUCCESS, true, (long)len, "dbcn write of the last %lu bytes of RAM", len);
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_READ, 8, ram_end - 8, 0);
	check(r.error == SBI_SUCCESS && r.value >= 0 && r.value <= 8,
	      "dbcn read into the last 8 bytes of RAM (error %ld, %ld bytes)", r.error, r.value);
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, ~0UL - 0xf5 /* 0x...ff0a */, 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0,
		  "dbcn write_byte with the upper bits set (writes 0x0a)");
	r = call(SBI_EID_DBCN, 3, 16, GUEST_RAM_BASE, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "dbcn function 3");
	r = call(SBI_EID_DBCN, ~0UL, 16, GUEST_RAM_BASE, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "dbcn function ~0");
}

/* One hart mask for IPI and the three RFENCE calls: every one must give the same error. */
static void mask_case(unsigned long mask, unsigned long base, long error, const char *what)
{
	struct sbiret r;

	r = call(SBI_EID_IPI, SBI_IPI_SEND_IPI, mask, base, 0);
	check_ret(r, error, false, 0, "send_ipi %s (mask 0x%lx base 0x%lx)", what, mask, base);
	r = call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, mask, base, 0);
	check_ret(r, error, false, 0, "remote_fence_i %s", what);
	r = sbi_call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, mask, base, 0, ~0UL, 0, 0);
	check_ret(r, error, false, 0, "remote_sfence_vma %s", what);
	r = sbi_call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, mask, base, 0, ~0UL, 1, 0);
	check_ret(r, error, false, 0, "remote_sfence_vma_asid %s", what);
	/* An IPI that did reach this hart stays pending (sstatus.SIE is 0): drop it. */
	CSR_CLEAR(sip, SIP_SSIP);
}

/* Hart masks naming harts that do not exist, and bases that overflow (run with 2 vCPUs). */
static void hartmask(void)
{
	unsigned long n = ncpus;
	struct sbiret r;

	say("hostile_sbi: %lu vCPUs\n", n);
	mask_case(1UL << n, 0, SBI_ERR_INVALID_PARAM, "to the hart after the last");
	mask_case(TOP_BIT, 0, SBI_ERR_INVALID_PARAM, "to hart XLEN-1");
	mask_case(~0UL, 0, SBI_ERR_INVALID_PARAM, "to harts 0..63");
	mask_case(1UL, n, SBI_ERR_INVALID_PARAM, "with base one past the last hart");
	mask_case(1UL << 1, n - 1, SBI_ERR_INVALID_PARAM, "with base the last hart, bit 1");
	mask_case(0xffUL, ~0UL - 3, SBI_ERR_INVALID_PARAM,
		  "with base ~0-3, mask 0xff (base+i overflows)");
	mask_case(1UL, ~0UL - 1, SBI_ERR_INVALID_PARAM, "with base ~0-1");
	mask_case(TOP_BIT, TOP_BIT >> 1, SBI_ERR_INVALID_PARAM, "with base 2^(XLEN-2), bit XLEN-1");
	mask_case(1UL, HIGH_BIT, SBI_ERR_INVALID_PARAM, "with base 2^32 (rv32: 2^31)");
	mask_case(1UL | 1UL << n, 0, SBI_ERR_INVALID_PARAM,
		  "to hart 0 and the hart after the last");
	/* The edges that are valid. */
	mask_case(0, 0, SBI_SUCCESS, "with an empty mask");
	mask_case(0, ~0UL, SBI_SUCCESS, "with base -1 (all harts, mask ignored)");
	mask_case(~0UL, ~0UL, SBI_SUCCESS, "with base -1 and mask ~0 (mask ignored)");
	mask_case(1UL, 0, SBI_SUCCESS, "to hart 0 (self)");
	mask_case(1UL, n - 1, SBI_SUCCESS, "with base the last hart, bit 0");
	/* Ranges at the edges of the address space: the whole space, and one that wraps. */
	r = sbi_call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, 1, 0, 0, ~0UL - 1, 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0,
		  "remote_sfence_vma of the whole address space but a byte");
	r = sbi_call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, 1, 0, ~0UL - 0xfff, 0x2000, 0,
		     0);
	check(r.error == SBI_SUCCESS || r.error == SBI_ERR_INVALID_ADDRESS,
	      "remote_sfence_vma of a range that wraps past 2^64: success or INVALID_ADDRESS (%ld)",
	      r.error);
	r = sbi_call(SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 1, 0, 0, ~0UL, ~0UL, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
		  "remote_sfence_vma_asid with ASID ~0 (none such)");
	for (unsigned long fid = SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID; fid <= 7; fid++) {
		r = sbi_call(SBI_EID_RFENCE, fid, 1, 0, 0, ~0UL, 0, 0);
		check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0,
			  "rfence function %lu (guest is no hypervisor)", fid);
	}
	r = call(SBI_EID_RFENCE, ~0UL, 1, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "rfence function ~0");
	r = call(SBI_EID_IPI, 1, 1, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "ipi function 1");
}

static unsigned long secondary_ran;

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	STORE(secondary_ran, hartid + 1);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/* HSM start/status/suspend with hart ids, entry points and suspend types that are wrong. */
static void hsm(void)
{
	const unsigned long bad_ids[] = { ncpus, 64, 99, HIGH_BIT, ~0UL };
	const unsigned long bad_entries[] = { 0,       NOWHERE, TESTDEV, UART, HOST_RAM_HIGH,
					      ram_end, ~0UL - 3 };
	static const uint32_t reserved_types[] = { 0x00000001, 0x0FFFFFFF, 0x10000000, 0x7FFFFFFF,
						   0x80000001, 0x8FFFFFFF, 0x90000000, 0xFFFFFFFF };
	unsigned long entry = (unsigned long)hart_secondary_entry;
	unsigned long last = ncpus - 1;
	unsigned long t0;
	struct sbiret r;

	say("hostile_sbi: %lu vCPUs\n", ncpus);
	for (unsigned i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		unsigned long id = bad_ids[i];

		r = call(SBI_EID_HSM, SBI_HSM_HART_START, id, entry, 0);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
			  "hart_start of hart 0x%lx: INVALID_PARAM", id);
		r = call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, id, 0, 0);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
			  "get_status of hart 0x%lx: INVALID_PARAM", id);
	}
	for (unsigned i = 0; i < sizeof(bad_entries) / sizeof(bad_entries[0]); i++) {
		unsigned long at = bad_entries[i];

		r = call(SBI_EID_HSM, SBI_HSM_HART_START, last, at, 0);
		check_ret(r, SBI_ERR_INVALID_ADDRESS, false, 0,
			  "hart_start of hart %lu at 0x%lx: INVALID_ADDRESS", last, at);
		r = call(SBI_EID_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_NON_RET_DEFAULT, at, 0);
		check_ret(r, SBI_ERR_INVALID_ADDRESS, false, 0,
			  "non-retentive suspend resuming at 0x%lx: INVALID_ADDRESS", at);
	}
	r = call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, last, 0, 0);
	check_ret(r, SBI_SUCCESS, true, SBI_HSM_STATE_STOPPED, "hart %lu is still STOPPED", last);
	check(LOAD(secondary_ran) == 0, "and never ran");
	for (unsigned i = 0; i < sizeof(reserved_types) / sizeof(reserved_types[0]); i++) {
		r = call(SBI_EID_HSM, SBI_HSM_HART_SUSPEND, reserved_types[i], entry, 0);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
			  "suspend type 0x%08x (reserved or platform-specific): INVALID_PARAM",
			  (unsigned)reserved_types[i]);
	}
	r = call(SBI_EID_HSM, 4, 0, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "hsm function 4");
	r = call(SBI_EID_HSM, ~0UL, 0, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "hsm function ~0");
	/* The good call still works after all that. */
	r = call(SBI_EID_HSM, SBI_HSM_HART_START, last, entry, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "hart_start of hart %lu at a good entry", last);
	t0 = now();
	while (LOAD(secondary_ran) == 0 && now() - t0 < WAIT_TICKS) {
	}
	check(LOAD(secondary_ran) == last + 1, "hart %lu runs", last);
	r = call(SBI_EID_HSM, SBI_HSM_HART_START, last, NOWHERE, 0);
	check(r.error == SBI_ERR_INVALID_ADDRESS || r.error == SBI_ERR_ALREADY_AVAILABLE,
	      "hart_start of the running hart %lu at 0x%lx: INVALID_ADDRESS or ALREADY_AVAILABLE "
	      "(%ld)",
	      last, NOWHERE, r.error);
}

/* v0.1 calls whose hart-mask pointer is wrong: SBI_ERR_INVALID_ADDRESS in a0 (run with 2 vCPUs). */
static unsigned long good_mask;

static void legacy(void)
{
	static const unsigned long eids[] = { SBI_EID_LEGACY_SEND_IPI,
					      SBI_EID_LEGACY_REMOTE_FENCE_I,
					      SBI_EID_LEGACY_REMOTE_SFENCE_VMA,
					      SBI_EID_LEGACY_REMOTE_SFENCE_VMA_ASID };
	unsigned long ptrs[] = { 0,
				 NOWHERE,
				 TESTDEV,
				 UART,
				 ram_end,
				 ram_end - sizeof(long) / 2, /* straddles the end */
				 ~0UL - 7,
				 (unsigned long)&good_mask + 1,
				 HOST_RAM_HIGH };
	struct sbiret r;

	for (unsigned e = 0; e < sizeof(eids) / sizeof(eids[0]); e++) {
		for (unsigned i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
			r = sbi_call(eids[e], 0, ptrs[i], 0, ~0UL, 0, 0, 0);
			check(r.error == SBI_ERR_INVALID_ADDRESS,
			      "legacy 0x%lx with the hart mask at 0x%lx: a0 = INVALID_ADDRESS "
			      "(%ld)",
			      eids[e], ptrs[i], r.error);
		}
		good_mask = 1UL << ncpus;
		r = sbi_call(eids[e], 0, (unsigned long)&good_mask, 0, ~0UL, 0, 0, 0);
		check(r.error == SBI_ERR_INVALID_PARAM,
		      "legacy 0x%lx with a mask naming hart %lu (of %lu): a0 = INVALID_PARAM (%ld)",
		      eids[e], ncpus, ncpus, r.error);
		good_mask = 1;
		r = sbi_call(eids[e], 0, (unsigned long)&good_mask, 0, ~0UL, 0, 0, 0);
		check(r.error == 0, "legacy 0x%lx with a good mask in RAM: a0 = 0 (%ld)", eids[e],
		      r.error);
		CSR_CLEAR(sip, SIP_SSIP);
	}
	/* The last aligned doubleword of RAM is a good place for a mask too. */
	*(volatile unsigned long *)(ram_end - 8) = 1;
	r = sbi_call(SBI_EID_LEGACY_SEND_IPI, 0, ram_end - 8, 0, 0, 0, 0, 0);
	check(r.error == 0,
	      "legacy send_ipi with the mask in the last 8 bytes of RAM: a0 = 0 (%ld)", r.error);
	CSR_CLEAR(sip, SIP_SSIP);
	/* 0x09..0x0F are reserved legacy ids: not supported, and a v0.1 call changes only a0. */
	for (unsigned long eid = 0x09; eid <= 0x0f; eid++) {
		r = sbi_call(eid, 0, 0, 0x1234, 0, 0, 0, 0);
		check(r.error == SBI_ERR_NOT_SUPPORTED && r.value == 0x1234,
		      "reserved legacy id 0x%lx: a0 = NOT_SUPPORTED, a1 kept (%ld, 0x%lx)", eid,
		      r.error, (unsigned long)r.value);
	}
	r = sbi_call(SBI_EID_LEGACY_SET_TIMER, ~0UL, ~0UL, 0x1234, 0, 0, 0, 0);
	check(r.error == 0 && r.value == 0x1234,
	      "legacy set_timer(~0) with function id ~0: a0 = 0 (%ld)", r.error);
}

/*
 * Extension and function ids at the edges: NOT_SUPPORTED, and probe says 0. The vendor space's
 * first id is rvkvm's own vendor extension on a host with mvendorid 0 (vmm/sbi_vendor.h): the
 * next one stands for it.
 */
static void ids(void)
{
	static const unsigned long eids[] = {
		SBI_EID_EXPERIMENTAL_FIRST,
		SBI_EID_EXPERIMENTAL_LAST,
		SBI_EID_VENDOR_FIRST + 1,
		SBI_EID_VENDOR_LAST,
		SBI_EID_FIRMWARE_FIRST,
		SBI_EID_FIRMWARE_LAST,
		0x11,
		0x7FFFFFFF,
		0x80000000,
		0xFFFFFFFF,
		~0UL,
		~0UL - 1,
		HIGH_BIT | SBI_EID_BASE,
		TOP_BIT | SBI_EID_HSM,
		HIGH_BIT | SBI_EID_LEGACY_SHUTDOWN,
		0x08525647UL, /* the VMM's register test hook: off unless a case turns it on (--regtest) */
	};
	static const struct {
		unsigned long eid, fid;
	} fids[] = {
		{ SBI_EID_BASE, 7 },       { SBI_EID_BASE, 0x7FFFFFFF },
		{ SBI_EID_BASE, ~0UL },    { SBI_EID_BASE, HIGH_BIT },
		{ SBI_EID_TIME, 1 },       { SBI_EID_TIME, ~0UL },
		{ SBI_EID_IPI, ~0UL },     { SBI_EID_HSM, HIGH_BIT | SBI_HSM_HART_STOP },
		{ SBI_EID_SRST, 1 },       { SBI_EID_SRST, ~0UL },
		{ SBI_EID_DBCN, TOP_BIT },
	};
	struct sbiret r;

	for (unsigned i = 0; i < sizeof(eids) / sizeof(eids[0]); i++) {
		r = sbi_call(eids[i], 0, 0, 0, 0, 0, 0, 0);
		check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "extension 0x%lx: NOT_SUPPORTED",
			  eids[i]);
		r = sbi_call(eids[i], ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL);
		check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0,
			  "extension 0x%lx function ~0: NOT_SUPPORTED", eids[i]);
		r = call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, eids[i], 0, 0);
		check_ret(r, SBI_SUCCESS, true, 0, "probe of extension 0x%lx is 0", eids[i]);
	}
	for (unsigned i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		r = sbi_call(fids[i].eid, fids[i].fid, 0, 0, 0, 0, 0, 0);
		check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0,
			  "extension 0x%lx function 0x%lx: NOT_SUPPORTED", fids[i].eid,
			  fids[i].fid);
	}
	/* Extension 0 is the v0.1 set_timer: implemented, so no error (a0 = 0). */
	r = sbi_call(0, ~0UL, ~0UL, 0, 0, 0, 0, 0);
	check(r.error == 0, "extension 0 (legacy set_timer) answers a0 = 0 (%ld)", r.error);
	r = call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 1, "probe of extension 0 (legacy set_timer) is 1");
}

/* STA and FWFT with wild addresses and ids: an error, whether or not the extension exists. */
static bool sta_fwft_error(long e)
{
	return e == SBI_ERR_NOT_SUPPORTED || e == SBI_ERR_INVALID_PARAM ||
	       e == SBI_ERR_INVALID_ADDRESS || e == SBI_ERR_DENIED;
}

static void sta_fwft(void)
{
	static const struct {
		unsigned long lo, hi;
		const char *what;
	} shmem[] = {
		{ NOWHERE, 0, "outside RAM" },
		{ TESTDEV, 0, "in the test device" },
		{ 0, 1, "with the high half set" },
		{ GUEST_RAM_BASE + 8, 0, "not 64-byte aligned" },
		{ 0, 0, "crossing the end of RAM" },
	};
	/* The id is a uint32_t: (1 << 32) | 6 is the reserved id 6. */
	static const unsigned long features[] = { 0x6,        0x3FFFFFFF, 0x40000000,
						  0x7FFFFFFF, 0xFFFFFFFF, HIGH_BIT | 0x6 };
	struct sbiret r;

	for (unsigned i = 0; i < sizeof(shmem) / sizeof(shmem[0]); i++) {
		unsigned long lo = i == 4 ? ram_end - 32 : shmem[i].lo;

		r = call(EID_STA, FID_STA_SET_SHMEM, lo, shmem[i].hi, 0);
		check(sta_fwft_error(r.error), "sta set_shmem at 0x%lx %s: an error (%ld)", lo,
		      shmem[i].what, r.error);
	}
	r = call(EID_STA, FID_STA_SET_SHMEM, ~0UL, ~0UL, ~0UL);
	check(r.error == SBI_SUCCESS || sta_fwft_error(r.error),
	      "sta set_shmem(-1, -1) (disable) with reserved flags: no crash (%ld)", r.error);
	for (unsigned i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		r = call(EID_FWFT, FID_FWFT_SET, features[i], 1, 0);
		check(sta_fwft_error(r.error), "fwft set of feature 0x%lx: an error (%ld)",
		      features[i], r.error);
		r = call(EID_FWFT, FID_FWFT_GET, features[i], 0, 0);
		check(sta_fwft_error(r.error), "fwft get of feature 0x%lx: an error (%ld)",
		      features[i], r.error);
	}
}

/* SRST with reserved or unimplemented types and reasons: INVALID_PARAM, the VM keeps running. */
static void srst(void)
{
	static const struct {
		unsigned long type, reason;
	} bad[] = {
		{ 3, 0 },
		{ 0xEFFFFFFF, 0 },
		{ 0xF0000000, 0 },
		{ 0xFFFFFFFF, 0 },
		{ 0, 2 },
		{ 0, 0xDFFFFFFF },
		{ 1, 0x7FFFFFFF },
		{ HIGH_BIT | 3, 0 },
		{ 0, HIGH_BIT | 2 },
	};
	struct sbiret r;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, bad[i].type, bad[i].reason, 0);
		check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
			  "system_reset type 0x%lx reason 0x%lx: INVALID_PARAM", bad[i].type,
			  bad[i].reason);
	}
	say("hostile_sbi: still running after the bad resets\n");
}

static const struct hostile_attack attacks[] = {
	{ "dbcn", dbcn }, { "hartmask", hartmask }, { "hsm", hsm },   { "legacy", legacy },
	{ "ids", ids },   { "sta_fwft", sta_fwft }, { "srst", srst },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	ram_end = hostile_ram_end(fdt);
	ncpus = count_harts();
	if (!check(ram_end > GUEST_RAM_BASE && ncpus > 0, "guest RAM end 0x%lx and %lu vCPUs",
		   ram_end, ncpus)) {
		return 1;
	}
	hostile_run("hostile_sbi", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	return 0;
}
