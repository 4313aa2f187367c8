/* Calls from the hypervisor to the SBI firmware below it (OpenSBI in M-mode). */
#ifndef PLATFORM_FIRMWARE_H
#define PLATFORM_FIRMWARE_H

struct firmware_ret {
	long error;
	unsigned long value;
};

struct firmware_ret firmware_call(unsigned long eid, unsigned long fid, unsigned long a0,
				  unsigned long a1, unsigned long a2, unsigned long a3);
long firmware_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
void firmware_putchar(char c);
void firmware_system_reset(unsigned long type, unsigned long reason);
long firmware_remote_hfence_gvma_vmid(unsigned long hart_mask, unsigned long hart_mask_base,
				      unsigned long vmid);
unsigned long firmware_base(unsigned long fid);

#endif
