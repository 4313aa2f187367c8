/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest for a region change over a page a vCPU last found to be a device. The core remembers,
 * per vCPU, the last page a G-stage fault found to be no RAM and skips the memslot search for
 * it; a region change must make it look again. vCPU 0 reads the UART (its page is the one
 * remembered), vCPU 1 has the VMM move the test slot over the UART's page and log dirty pages
 * there, then vCPU 0 writes that page: the write faults (dirty logging) and must land in RAM,
 * not go to the UART as a device access.
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define UART_BASE 0x10000000UL /* 16 MiB aligned, like the slot's size */
#define UART_LSR (UART_BASE + 5)

static unsigned long go;   /* vCPU 0 has read the UART */
static unsigned long done; /* vCPU 1 has moved the slot there and started the log */

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	while (!LOAD(go)) {
	}
	/* These exits are vCPU 1's: what vCPU 0 remembers stays the UART's page. */
	memtest_cmd(MEMTEST_MOVE, UART_BASE >> 12);
	memtest_cmd(MEMTEST_LOG_START, 0);
	STORE(done, 1);
	(void)sbi_call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0); /* does not return */
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long start;

	(void)fdt;
	hart_boot_init(hartid);
	check_ret(sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry,
			   0, 0, 0, 0),
		  SBI_SUCCESS, false, 0, "start vCPU 1");
	(void)*(volatile uint8_t *)UART_LSR; /* a device access: the page is no RAM, for now */
	STORE(go, 1);
	start = now();
	while (!LOAD(done) && now() - start < MS_TICKS(20000)) {
	}
	if (!check(LOAD(done), "vCPU 1 moved the slot over the UART's page")) {
		return (int)check_failures();
	}
	*(volatile uint64_t *)UART_BASE = 0x1234; /* a logged write: a G-stage fault there */
	check(*(volatile uint64_t *)UART_BASE == 0x1234, "the write landed in the RAM now there");
	return (int)check_failures();
}
