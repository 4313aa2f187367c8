/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBI calls answered by the VMM. rvkvm's vendor extension (EID 0x09000000 | mvendorid[23:0],
 * vmm/sbi_vendor.h) is not known to the core, so each call exits to the VMM; its answers must
 * reach a0/a1 and the guest must continue right after the ecall, exactly once per call.
 * Mode "product" probes the product image, which has no test hooks: the vendor extension
 * answers nothing, and the test device's address is no device at all.
 */
#include "hostile.h"
#include "lib/sbi_spec.h"

#define VENDOR_BASE 0x09000000UL
#define MAGIC 0x52564B4DUL
#define CALLS 500
#define TESTDEV 0x00100000UL

static unsigned long vendor_eid(void)
{
	struct sbiret r = sbi_call(SBI_EID_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0, 0, 0, 0);

	return VENDOR_BASE | ((unsigned long)r.value & 0xffffffUL);
}

static void vendor_extension(void)
{
	unsigned long eid = vendor_eid();
	unsigned long done = 0;
	struct sbiret r;

	r = sbi_call(eid, 0, 0, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, (long)MAGIC, "vendor 0x%lx fid 0: the VMM's magic", eid);
	r = sbi_call(eid, 1, 40, 2, 0x100, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 0x12a, "vendor fid 1: a0 + a1 + a2 computed by the VMM");
	r = sbi_call(eid, 2, 0, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 0, "vendor fid 2: the calling vCPU is 0");
	r = sbi_call(eid, 3, 0, 0, 0, 0, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, true, 0, "vendor fid 3: NOT_SUPPORTED");
	r = sbi_call(eid + 1, 0, 0, 0, 0, 0, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, true, 0, "another vendor's id: NOT_SUPPORTED");
	/* sepc advances once per call: a loop of calls runs exactly as many times as written. */
	for (unsigned long i = 0; i < CALLS; i++) {
		r = sbi_call(eid, 1, i, done, 0, 0, 0, 0);
		if (r.error != SBI_SUCCESS || (unsigned long)r.value != i + done) {
			break;
		}
		done++;
	}
	check(done == CALLS, "%lu forwarded calls in a loop, each answered once (%lu)",
	      (unsigned long)CALLS, done);
}

static void product(void)
{
	unsigned long eid = vendor_eid();
	struct sbiret r = sbi_call(eid, 0, 0, 0, 0, 0, 0, 0);

	check_ret(r, SBI_ERR_NOT_SUPPORTED, true, 0,
		  "vendor 0x%lx fid 0: NOT_SUPPORTED, no test hook", eid);
	/* The VM stops here (status 3): nothing the guest could probe answers. */
	say("sbi_vmm: reading the test device's address 0x%lx\n", TESTDEV);
	(void)*(volatile unsigned long *)TESTDEV;
	check(false, "the read at 0x%lx returned: a device is there", TESTDEV);
}

static const struct hostile_attack modes[] = {
	{ "vendor", vendor_extension },
	{ "product", product },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	hostile_run("sbi_vmm", modes, sizeof(modes) / sizeof(modes[0]), fdt);
	return 0;
}
