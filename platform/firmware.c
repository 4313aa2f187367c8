/* SBI calls from the hypervisor to the firmware. */
#include "platform/firmware.h"

#include "lib/sbi_spec.h"

#define SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID 2

struct firmware_ret firmware_call(unsigned long eid, unsigned long fid, unsigned long a0,
				  unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct firmware_ret){ (long)r0, r1 };
}

long firmware_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return firmware_call(SBI_EID_HSM, SBI_HSM_HART_START, hartid, start, opaque, 0).error;
}

void firmware_putchar(char c)
{
	firmware_call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, (unsigned char)c, 0, 0, 0);
}

void firmware_system_reset(unsigned long type, unsigned long reason)
{
	firmware_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0, 0);
}

long firmware_remote_hfence_gvma_vmid(unsigned long hart_mask, unsigned long hart_mask_base,
				      unsigned long vmid)
{
	/* start 0 with size -1 is the whole guest-physical space. */
	register unsigned long r0 __asm__("a0") = hart_mask;
	register unsigned long r1 __asm__("a1") = hart_mask_base;
	register unsigned long r2 __asm__("a2") = 0;
	register unsigned long r3 __asm__("a3") = (unsigned long)-1;
	register unsigned long r4 __asm__("a4") = vmid;
	register unsigned long r6 __asm__("a6") = SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID;
	register unsigned long r7 __asm__("a7") = SBI_EID_RFENCE;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
	return (long)r0;
}

unsigned long firmware_base(unsigned long fid)
{
	return firmware_call(SBI_EID_BASE, fid, 0, 0, 0, 0).value;
}
