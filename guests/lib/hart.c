/* SPDX-License-Identifier: Apache-2.0 */
/* Test-guest support for SMP guests (see hart.h): hart entry and stacks, trap vector, locked output. */
#include "hart.h"

#include <stdarg.h>

#include "lib/printf.h"
#include "lib/riscv_xlen.h" /* REG_L, REG_S, REGBYTES in the trap vector */

#define HART_STACK_SHIFT 14 /* 16 KiB per hart */
#define STR_(x) #x
#define STR(x) STR_(x)

unsigned char hart_stacks[HART_MAX][1UL << HART_STACK_SHIFT] __attribute__((aligned(16)));

struct catcher {
	unsigned long armed, caught, scause, sepc, stval;
};

static struct catcher catchers[HART_MAX];
static unsigned long print_owner; /* hart id + 1 of the hart printing, 0 when free */
static unsigned long failures;

/* clang-format off */
__asm__(".text\n"
	".balign 4\n"
	".globl hart_secondary_entry\n"
	"hart_secondary_entry:\n"
	"	.option push\n"
	"	.option norelax\n"
	"	la gp, __global_pointer$\n"
	"	.option pop\n"
	"	li t0, " STR(HART_MAX) "\n"
	"	bgeu a0, t0, 2f\n"
	"	mv tp, a0\n"
	"	la sp, hart_stacks\n"
	"	addi t0, a0, 1\n"
	"	slli t0, t0, " STR(HART_STACK_SHIFT) "\n"
	"	add sp, sp, t0\n"
	"	call secondary_main\n"
	"2:	wfi\n"
	"	j 2b\n"
	"\n"
	".balign 4\n"
	".globl hart_trap_vector\n"
	"hart_trap_vector:\n"
	"	addi sp, sp, -16 * " STR(REGBYTES) "\n"
	"	" STR(REG_S) " ra, 0 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t0, 1 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t1, 2 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t2, 3 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a0, 4 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a1, 5 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a2, 6 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a3, 7 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a4, 8 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a5, 9 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a6, 10 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " a7, 11 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t3, 12 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t4, 13 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t5, 14 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_S) " t6, 15 * " STR(REGBYTES) "(sp)\n"
	"	csrr a0, scause\n"
	"	csrr a1, sepc\n"
	"	csrr a2, stval\n"
	"	call hart_trap\n"
	"	csrw sepc, a0\n"
	"	" STR(REG_L) " ra, 0 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t0, 1 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t1, 2 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t2, 3 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a0, 4 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a1, 5 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a2, 6 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a3, 7 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a4, 8 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a5, 9 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a6, 10 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " a7, 11 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t3, 12 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t4, 13 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t5, 14 * " STR(REGBYTES) "(sp)\n"
	"	" STR(REG_L) " t6, 15 * " STR(REGBYTES) "(sp)\n"
	"	addi sp, sp, 16 * " STR(REGBYTES) "\n"
	"	sret\n");
/* clang-format on */

void hart_boot_init(unsigned long hartid)
{
	__asm__ volatile("mv tp, %0" : : "r"(hartid));
}

unsigned long hart_id(void)
{
	unsigned long id;

	__asm__ volatile("mv %0, tp" : "=r"(id));
	return id;
}

unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t now64(void)
{
	return CSR_READ64(time);
}

void delay_ticks(unsigned long ticks)
{
	unsigned long t0 = now();

	while (now() - t0 < ticks) {
	}
}

/* Takes the output lock; false when this hart already holds it (output from a trap handler). */
static bool print_lock(void)
{
	unsigned long me = hart_id() + 1;
	unsigned long expected;

	if (LOAD(print_owner) == me) {
		return false;
	}
	do {
		expected = 0;
	} while (!__atomic_compare_exchange_n(&print_owner, &expected, me, false, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

static void print_unlock(bool taken)
{
	if (taken) {
		__atomic_store_n(&print_owner, 0, __ATOMIC_RELEASE);
	}
}

void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	bool taken;

	va_start(ap, fmt);
	lib_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	taken = print_lock();
	guest_printf("%s", buf);
	print_unlock(taken);
}

bool check(bool ok, const char *fmt, ...)
{
	char name[200];
	va_list ap;
	bool taken;

	va_start(ap, fmt);
	lib_vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	taken = print_lock();
	if (!ok) {
		failures++;
	}
	guest_check(ok, name);
	print_unlock(taken);
	return ok;
}

bool check_ret(struct sbiret r, long error, bool check_value, long value, const char *fmt, ...)
{
	char name[200];
	va_list ap;
	bool taken;
	bool ok = r.error == error && (!check_value || r.value == value);

	va_start(ap, fmt);
	lib_vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	taken = print_lock();
	if (!ok) {
		failures++;
	}
	guest_check_ret(r, error, check_value, value, name);
	print_unlock(taken);
	return ok;
}

unsigned long check_failures(void)
{
	return LOAD(failures);
}

void hart_catch_arm(void)
{
	struct catcher *c = &catchers[hart_id()];

	c->caught = 0;
	STORE(c->armed, 1);
}

bool hart_catch_end(unsigned long *scause, unsigned long *sepc, unsigned long *stval)
{
	struct catcher *c = &catchers[hart_id()];

	STORE(c->armed, 0);
	*scause = c->scause;
	*sepc = c->sepc;
	*stval = c->stval;
	return LOAD(c->caught) != 0;
}

void hart_unexpected_interrupt(unsigned long hartid, unsigned long code)
{
	check(false, "no unexpected interrupt (code %lu on hart %lu)", code, hartid);
	CSR_CLEAR(sie, 1UL << code);
}

__attribute__((weak)) void on_interrupt(unsigned long hartid, unsigned long code)
{
	hart_unexpected_interrupt(hartid, code);
}

__attribute__((weak)) void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	say("hart %lu started but this guest has nothing for it to do\n", hartid);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

unsigned long hart_trap(unsigned long scause, unsigned long sepc, unsigned long stval)
{
	unsigned long hartid = hart_id();
	struct catcher *c = &catchers[hartid % HART_MAX];

	if ((long)scause < 0) {
		on_interrupt(hartid, scause & ~(1UL << (sizeof(long) * 8 - 1)));
		return sepc;
	}
	if (hartid < HART_MAX && LOAD(c->armed)) {
		/* Skip the instruction: 2 bytes if its low bits say compressed, else 4. */
		unsigned short low = *(volatile unsigned short *)sepc;

		c->scause = scause;
		c->sepc = sepc;
		c->stval = stval;
		STORE(c->caught, 1);
		STORE(c->armed, 0);
		return sepc + ((low & 3) == 3 ? 4 : 2);
	}
	check(false, "no unexpected exception (scause %lu sepc 0x%lx stval 0x%lx on hart %lu)",
	      scause, sepc, stval, hartid);
	guest_exit();
}
