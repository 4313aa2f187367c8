/* Per-physical-hart state of the hypervisor, reached through tp while in HS-mode. */
#ifndef CORE_HART_H
#define CORE_HART_H

#include <stdbool.h>
#include <stdint.h>

#define HART_MAX 16
#define HART_STACK_SIZE (16 * 1024)

struct rvkvm_vcpu;

struct hart {
	unsigned index;       /* dense index used by rvkvm */
	unsigned long hartid; /* the platform's hart id */
	unsigned online; /* 0, then 1 once the hart has set itself up */
	struct rvkvm_vcpu *loaded; /* vCPU whose VS-level state is in this hart's CSRs */
	uint64_t vmid_generation;  /* generation this hart last flushed for */
};

extern struct hart harts[HART_MAX];
extern unsigned hart_count;

static inline struct hart *hart_self(void)
{
	struct hart *h;

	__asm__("mv %0, tp" : "=r"(h));
	return h;
}

#endif
