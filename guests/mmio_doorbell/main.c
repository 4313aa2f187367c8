/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest for doorbells (rvkvm_ioeventfd). The VMM registers one on the test device: a 4-byte
 * write of 1 at TESTDEV + 0x18. Such writes must be counted by the core without reaching the
 * VMM's device model; writes of another value or width there, and reads, must reach it as
 * before; and rings from two vCPUs at once must all count. One source for rv32 and rv64: the
 * counters are read whole on rv64 and by halves on rv32, which has no 8-byte write to try.
 */
#include "guest.h"
#include "hart.h"
#include "mmio_access.h"

#define TESTDEV 0x00100000UL
#define DOORBELL (TESTDEV + 0x18)
#define DOORBELL_MATCH 1u
#define RUNG (TESTDEV + 0x20)  /* 64-bit counter: rings counted so far */
#define EXITS (TESTDEV + 0x28) /* 64-bit counter: writes at DOORBELL that reached the VMM */
#define RINGS 1000
#define RINGS_EACH 500

static unsigned long go, done;

static uint64_t rung(void)
{
	return mmio_read64(RUNG);
}

static uint64_t exits(void)
{
	return mmio_read64(EXITS);
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
	/* The writes that must reach the VMM: rv32 has no 8-byte one. */
	const unsigned others = sizeof(unsigned long) == 8 ? 4 : 3;
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
	if (sizeof(unsigned long) == 8) {
		store_d(DOORBELL, DOORBELL_MATCH);
	}
	*(volatile uint32_t *)(DOORBELL + 4) = DOORBELL_MATCH; /* another address */
	check(exits() == others, "%u writes the doorbell does not take reached the VMM (%llu did)",
	      others, (unsigned long long)exits());
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
	check(exits() == others, "and none reached the VMM");
	return (int)check_failures();
}
