/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest for doorbells (rvkvm_ioeventfd). The VMM registers one on the test device: a 4-byte
 * write of 1 at TESTDEV + 0x18. Such writes must be counted by the core without reaching the
 * VMM's device model; writes of another value or width there, and reads, must reach it as
 * before; and rings from two vCPUs at once must all count.
 */
#include "guest.h"
#include "hart.h"

#define TESTDEV 0x00100000UL
#define DOORBELL (TESTDEV + 0x18)
#define DOORBELL_MATCH 1u
#define RUNG (TESTDEV + 0x20)  /* 8-byte read: rings counted so far */
#define EXITS (TESTDEV + 0x28) /* 8-byte read: writes at DOORBELL that reached the VMM */
#define RINGS 1000
#define RINGS_EACH 500

static unsigned long go, done;

static uint64_t rung(void)
{
	return *(volatile uint64_t *)RUNG;
}

static uint64_t exits(void)
{
	return *(volatile uint64_t *)EXITS;
}

static void ring(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		*(volatile uint32_t *)DOORBELL = DOORBELL_MATCH;
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	while (!LOAD(go)) {
	}
	ring(RINGS_EACH);
	STORE(done, 1);
	(void)sbi_call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0); /* does not return */
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	uint64_t base;
	unsigned long start;

	(void)fdt;
	hart_boot_init(hartid);
	check(rung() == 0 && exits() == 0, "nothing rung and no write came to the VMM at boot");

	ring(RINGS);
	check(rung() == RINGS, "%u matching writes rang %llu times", RINGS,
	      (unsigned long long)rung());
	check(exits() == 0, "none of them reached the VMM (%llu did)", (unsigned long long)exits());

	base = rung();
	*(volatile uint32_t *)DOORBELL = 2;             /* another value */
	*(volatile uint8_t *)DOORBELL = DOORBELL_MATCH; /* another width */
	*(volatile uint16_t *)DOORBELL = DOORBELL_MATCH;
	*(volatile uint64_t *)DOORBELL = DOORBELL_MATCH;
	*(volatile uint32_t *)(DOORBELL + 4) = DOORBELL_MATCH; /* another address */
	check(exits() == 4, "4 writes the doorbell does not take reached the VMM (%llu did)",
	      (unsigned long long)exits());
	check(*(volatile uint32_t *)DOORBELL == 0, "a read there is the device's (zero)");
	check(rung() == base, "none of those rang");

	check_ret(sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry,
			   0, 0, 0, 0),
		  SBI_SUCCESS, false, 0, "start vCPU 1");
	STORE(go, 1);
	ring(RINGS_EACH);
	start = now();
	while (!LOAD(done) && now() - start < MS_TICKS(20000)) {
	}
	check(LOAD(done), "vCPU 1 rang its share");
	check(rung() == base + 2 * RINGS_EACH,
	      "two vCPUs ringing at once: %u rings counted as %llu", 2 * RINGS_EACH,
	      (unsigned long long)(rung() - base));
	check(exits() == 4, "and none reached the VMM");
	return (int)check_failures();
}
