/* SPDX-License-Identifier: Apache-2.0 */
/* Every function of every core SBI extension against the SBI 3.0 spec: its error table, and its
 * 32-bit parameters read as the low half of their register. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arch/riscv/csr.h"
#include "core/exc_route.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/fakes/fake_console.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (64UL * 1024)
#define ROM_BASE 0x90000000UL /* a read-only region */
#define ROM_SIZE 4096UL
#define NOT_RAM 0x1000UL
#define ENTRY (RAM_BASE + 0x100)
#define OPAQUE 0x0123456789abcdefUL
#define NVCPU 3      /* 0 calls (STARTED), 1 is STOPPED, 2 is STARTED and loaded on a hart */
#define HART2_ID 5UL /* the hart vCPU 2 is loaded on */
#define ABSENT 3UL   /* a hart id no vCPU has */
#define OUT_MAX 64

/* ---- the world every call starts from ------------------------------------------------------ */

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu[NVCPU];
static struct hart hart2;
static uint8_t *ram, *rom;

static void world_reset(void)
{
	memset(&vm, 0, sizeof(vm));
	memset(vcpu, 0, sizeof(vcpu));
	memset(&hart2, 0, sizeof(hart2));
	memset(&host_caps, 0, sizeof(host_caps));
	for (size_t i = 0; i < RAM_SIZE; i++) {
		ram[i] = (uint8_t)(i * 37u + 1u);
	}
	memset(rom, 0x11, ROM_SIZE);
	vm.id = 7;
	vm.memslots.slot[0] = (struct memslot){
		.used = true, .base = gpa(RAM_BASE), .size = RAM_SIZE, .host = hpa_of(ram)
	};
	vm.memslots.slot[1] = (struct memslot){ .used = true,
						.base = gpa(ROM_BASE),
						.size = ROM_SIZE,
						.host = hpa_of(rom),
						.flags = RVKVM_MEM_READONLY };
	for (unsigned i = 0; i < NVCPU; i++) {
		vcpu[i].vm = &vm;
		vcpu[i].id = i;
		vcpu[i].fwft[VCPU_FWFT_MISALIGNED_DELEG].enable = 1; /* as rvkvm_create_vcpu */
		vcpu[i].hedeleg = exc_route_hedeleg(&vcpu[i]);
		vcpu[i].sta.shmem = VCPU_STA_OFF; /* likewise */
		vm.vcpus[i] = &vcpu[i];
	}
	vm.nvcpus = NVCPU;
	vcpu[1].hsm_state = VCPU_HSM_STOPPED;
	hart2.hartid = HART2_ID;
	vcpu[2].hart = &hart2;
	fake_arch_reset();
	fake_arch.guest_word = 1UL << 2; /* a legacy call's hart mask in guest memory: vCPU 2 */
	fake_console_reset();
}

/* Variations of the world a row may ask for before its call. */
static void others_stopped(void)
{
	vcpu[2].hsm_state = VCPU_HSM_STOPPED;
}

static void misaligned_locked(void)
{
	vcpu[0].fwft[VCPU_FWFT_MISALIGNED_DELEG].flags = SBI_FWFT_SET_FLAG_LOCK;
}

static void misaligned_pinned(void)
{
	vcpu[0].cfg.exc_route[EXC_LOAD_MISALIGNED] = RVKVM_EXC_ROUTE_VMM;
}

#define STA_SHMEM (RAM_BASE + 0x80) /* where vCPU 0 has steal time, given sta_on */

static void sta_on(void)
{
	vcpu[0].sta.shmem = STA_SHMEM;
}

static void console_input(void)
{
	fake_console_queue_input("qrst", 4);
}

static void ipi_pending(void)
{
	vcpu[0].irqs_pending |= VCPU_IRQ_VSSIP;
}

static void mask_names_absent(void)
{
	fake_arch.guest_word = 1UL << ABSENT;
}

static void mask_unreadable(void)
{
	fake_arch.guest_read_fails = true;
}

/* ---- what a call did: its result and everything a test can see of the world after it -------- */

struct seen {
	long error;
	unsigned long value;
	enum sbi_next next;
	int hsm[NVCPU];
	unsigned long irqs[NVCPU], requests[NVCPU], start_addr[NVCPU], start_opaque[NVCPU];
	unsigned long hedeleg[NVCPU];
	uint64_t sta_shmem[NVCPU];
	struct vcpu_fwft_feature fwft[NVCPU];
	struct rvkvm_exit exit;
	struct fake_arch arch;
	unsigned char out[OUT_MAX];
	size_t out_len, in_left;
	uint8_t *ram_after; /* a copy of guest RAM */
};

static void look(struct seen *s)
{
	const unsigned char *out = fake_console_vm_output(&s->out_len);

	for (unsigned i = 0; i < NVCPU; i++) {
		s->hsm[i] = vcpu[i].hsm_state;
		s->irqs[i] = vcpu[i].irqs_pending;
		s->requests[i] = vcpu[i].requests;
		s->start_addr[i] = vcpu[i].start_addr;
		s->start_opaque[i] = vcpu[i].start_opaque;
		s->hedeleg[i] = vcpu[i].hedeleg;
		s->sta_shmem[i] = vcpu[i].sta.shmem;
		s->fwft[i] = vcpu[i].fwft[VCPU_FWFT_MISALIGNED_DELEG];
	}
	s->exit = vcpu[0].exit;
	s->arch = fake_arch;
	memset(s->out, 0, sizeof(s->out));
	memcpy(s->out, out, s->out_len < OUT_MAX ? s->out_len : OUT_MAX);
	s->in_left = fake_console_input_left();
	memcpy(s->ram_after, ram, RAM_SIZE);
}

/* ---- the table ------------------------------------------------------------------------------ */

#define A(n) (1u << (n)) /* argument register a<n> */

/*
 * Each function as the spec declares it; u32 and u8 name the parameters the spec types uint32_t
 * (or int) and uint8_t, which the call must read as the low bits of their register.
 */
#define BASE_SPEC_VERSION SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, "sbi_get_spec_version(void)"
#define BASE_IMPL_ID SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, "sbi_get_impl_id(void)"
#define BASE_IMPL_VERSION SBI_EID_BASE, SBI_BASE_GET_IMPL_VERSION, "sbi_get_impl_version(void)"
#define BASE_PROBE SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, "sbi_probe_extension(long extension_id)"
#define BASE_MVENDORID SBI_EID_BASE, SBI_BASE_GET_MVENDORID, "sbi_get_mvendorid(void)"
#define BASE_MARCHID SBI_EID_BASE, SBI_BASE_GET_MARCHID, "sbi_get_marchid(void)"
#define BASE_MIMPID SBI_EID_BASE, SBI_BASE_GET_MIMPID, "sbi_get_mimpid(void)"
#define TIME_SET SBI_EID_TIME, SBI_TIME_SET_TIMER, "sbi_set_timer(uint64_t stime_value)"
#define IPI_SEND                       \
	SBI_EID_IPI, SBI_IPI_SEND_IPI, \
		"sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)"
#define RF_FENCE_I                                 \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, \
		"sbi_remote_fence_i(unsigned long hart_mask, unsigned long hart_mask_base)"
#define RF_SFENCE                                                                                 \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA,                                             \
		"sbi_remote_sfence_vma(ulong hart_mask, ulong hart_mask_base, ulong start_addr, " \
		"ulong size)"
#define RF_SFENCE_ASID                                                                     \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID,                                 \
		"sbi_remote_sfence_vma_asid(ulong hart_mask, ulong hart_mask_base, ulong " \
		"start_addr, "                                                             \
		"ulong size, ulong asid)"
#define RF_HFENCE_GVMA_VMID                                                                 \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID,                                 \
		"sbi_remote_hfence_gvma_vmid(ulong hart_mask, ulong hart_mask_base, ulong " \
		"start_addr, "                                                              \
		"ulong size, ulong vmid)"
#define RF_HFENCE_GVMA                                                                             \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_HFENCE_GVMA,                                             \
		"sbi_remote_hfence_gvma(ulong hart_mask, ulong hart_mask_base, ulong start_addr, " \
		"ulong size)"
#define RF_HFENCE_VVMA_ASID                                                                 \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID,                                 \
		"sbi_remote_hfence_vvma_asid(ulong hart_mask, ulong hart_mask_base, ulong " \
		"start_addr, "                                                              \
		"ulong size, ulong asid)"
#define RF_HFENCE_VVMA                                                                             \
	SBI_EID_RFENCE, SBI_RFENCE_REMOTE_HFENCE_VVMA,                                             \
		"sbi_remote_hfence_vvma(ulong hart_mask, ulong hart_mask_base, ulong start_addr, " \
		"ulong size)"
#define HSM_START                                                                               \
	SBI_EID_HSM, SBI_HSM_HART_START,                                                        \
		"sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long " \
		"opaque)"
#define HSM_STOP SBI_EID_HSM, SBI_HSM_HART_STOP, "sbi_hart_stop(void)"
#define HSM_STATUS SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, "sbi_hart_get_status(unsigned long hartid)"
#define HSM_SUSPEND                                                                   \
	SBI_EID_HSM, SBI_HSM_HART_SUSPEND,                                            \
		"sbi_hart_suspend(uint32_t suspend_type, unsigned long resume_addr, " \
		"unsigned long opaque)",                                              \
		.u32 = A(0)
#define SRST_RESET                           \
	SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, \
		"sbi_system_reset(uint32_t reset_type, uint32_t reset_reason)", .u32 = A(0) | A(1)
#define DBCN_WRITE                            \
	SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, \
		"sbi_debug_console_write(ulong num_bytes, ulong base_addr_lo, ulong base_addr_hi)"
#define DBCN_READ                            \
	SBI_EID_DBCN, SBI_DBCN_CONSOLE_READ, \
		"sbi_debug_console_read(ulong num_bytes, ulong base_addr_lo, ulong base_addr_hi)"
#define DBCN_WRITE_BYTE                                                                          \
	SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, "sbi_debug_console_write_byte(uint8_t byte)", \
		.u8 = A(0)
#define SUSP_SUSPEND                                                                  \
	SBI_EID_SUSP, SBI_SUSP_SYSTEM_SUSPEND,                                        \
		"sbi_system_suspend(uint32_t sleep_type, unsigned long resume_addr, " \
		"unsigned long opaque)",                                              \
		.u32 = A(0)
#define FWFT_SET                                                                            \
	SBI_EID_FWFT, SBI_FWFT_SET,                                                         \
		"sbi_fwft_set(uint32_t feature, unsigned long value, unsigned long flags)", \
		.u32 = A(0)
#define FWFT_GET SBI_EID_FWFT, SBI_FWFT_GET, "sbi_fwft_get(uint32_t feature)", .u32 = A(0)
#define STA_SET                                    \
	SBI_EID_STA, SBI_STA_STEAL_TIME_SET_SHMEM, \
		"sbi_steal_time_set_shmem(ulong shmem_phys_lo, ulong shmem_phys_hi, ulong flags)"
/* v0.1: the extension id is the function; a6 is ignored. */
#define L_SET_TIMER SBI_EID_LEGACY_SET_TIMER, 0, "sbi_set_timer(uint64_t stime_value)"
#define L_PUTCHAR SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, "sbi_console_putchar(int ch)", .u32 = A(0)
#define L_GETCHAR SBI_EID_LEGACY_CONSOLE_GETCHAR, 0, "sbi_console_getchar(void)"
#define L_CLEAR_IPI SBI_EID_LEGACY_CLEAR_IPI, 0, "sbi_clear_ipi(void)"
#define L_SEND_IPI SBI_EID_LEGACY_SEND_IPI, 0, "sbi_send_ipi(const unsigned long *hart_mask)"
#define L_FENCE_I \
	SBI_EID_LEGACY_REMOTE_FENCE_I, 0, "sbi_remote_fence_i(const unsigned long *hart_mask)"
#define L_SFENCE                             \
	SBI_EID_LEGACY_REMOTE_SFENCE_VMA, 0, \
		"sbi_remote_sfence_vma(const unsigned long *hart_mask, ulong start, ulong size)"
#define L_SFENCE_ASID                                                                            \
	SBI_EID_LEGACY_REMOTE_SFENCE_VMA_ASID, 0,                                                \
		"sbi_remote_sfence_vma_asid(const unsigned long *hart_mask, ulong start, ulong " \
		"size, "                                                                         \
		"ulong asid)"
#define L_SHUTDOWN SBI_EID_LEGACY_SHUTDOWN, 0, "sbi_shutdown(void)"
/* A function id the extension does not have ("Binary Encoding": SBI_ERR_NOT_SUPPORTED). */
#define NO_FID(eid, fid) eid, fid, "(no such function)"

struct row;
typedef const char *effect_fn(const struct row *row, const struct seen *s);

struct row {
	unsigned long eid, fid;
	const char *sig;
	unsigned u32, u8; /* A(n): a<n> is uint32_t (or int) / uint8_t */
	unsigned long args[6];
	void (*given)(void); /* a variation of the world, or NULL */
	/*
	 * What the guest must get: next says how the call ends; error is a0 and value a1 (checked
	 * when check_value) for a call that returns; a v0.1 call returns value alone, in a0.
	 */
	enum sbi_next next;
	long error;
	bool check_value;
	unsigned long value;
	effect_fn *effect; /* checks what a call that succeeds did, or NULL */
	const char *spec;  /* the spec's words for this case */
	const char *never; /* the spec lists this error but rvkvm cannot give it: why; no call */
};

#define VALUE(x) .check_value = true, .value = (unsigned long)(x)
#define LEGACY(x) .next = SBI_NEXT_RETURN_LEGACY, VALUE(x)
#define NEVER(err, why) .error = (err), .never = (why)

static effect_fn timer_set, ipi_at_2, fenced_2, hart1_started, self_stopped, waited,
	resumed_at_entry, reset_exit, console_wrote_ram, console_read_into_ram, console_wrote_a0,
	suspended_to_ram, misaligned_set, ipi_cleared, shutdown_exit, sta_zeroed, sta_stopped;

#define BUF (RAM_BASE + 0x10) /* a DBCN buffer */
#define BIG (1UL << 32)

static const struct row table[] = {
	/* BASE: "there are no error returns defined"; each answers SBI_SUCCESS. */
	{ BASE_SPEC_VERSION, VALUE(SBI_SPEC_VERSION(RVKVM_SBI_SPEC_MAJOR, RVKVM_SBI_SPEC_MINOR)) },
	{ BASE_IMPL_ID, VALUE(RVKVM_SBI_IMPL_ID) },
	{ BASE_IMPL_VERSION, VALUE(RVKVM_SBI_IMPL_VERSION) },
	{ BASE_PROBE, .args = { SBI_EID_TIME }, VALUE(1), .spec = "available" },
	{ BASE_PROBE, .args = { SBI_EID_PMU }, VALUE(0),
	  .spec = "not available (the core has no PMU)" },
	{ BASE_PROBE, .args = { BIG | SBI_EID_TIME }, VALUE(0),
	  .spec = "a long: no EID has bit 32" },
	{ BASE_MVENDORID, VALUE(0) },
	{ BASE_MARCHID, VALUE(0) },
	{ BASE_MIMPID, VALUE(0) },
	{ NO_FID(SBI_EID_BASE, 7), .error = SBI_ERR_NOT_SUPPORTED },

	/* TIME: "always returns SBI_SUCCESS". */
	{ TIME_SET, .args = { 0x123456789UL }, .effect = timer_set },
	{ NO_FID(SBI_EID_TIME, 1), .error = SBI_ERR_NOT_SUPPORTED },

	/* IPI. */
	{ IPI_SEND, .args = { 1UL << 2, 0 }, .effect = ipi_at_2 },
	{ IPI_SEND, .args = { 1, ABSENT }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "at least one hartid ... is not valid" },
	{ IPI_SEND, .args = { 1UL << 1 | 1, BIG }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hart_mask_base is an unsigned long: BIG names no hart" },
	{ IPI_SEND, NEVER(SBI_ERR_FAILED, "an IPI to a valid vCPU cannot fail") },
	{ NO_FID(SBI_EID_IPI, 1), .error = SBI_ERR_NOT_SUPPORTED },

	/* RFENCE. */
	{ RF_FENCE_I, .args = { 1UL << 2, 0 }, .effect = fenced_2 },
	{ RF_FENCE_I, .args = { 1, ABSENT }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "at least one hartid ... is not valid" },
	{ RF_FENCE_I, NEVER(SBI_ERR_FAILED, "rvkvm's fences cannot fail") },
	{ RF_SFENCE, .args = { 1UL << 2, 0, 0x1000, 0x2000 }, .effect = fenced_2 },
	{ RF_SFENCE, .args = { 1, ABSENT, 0x1000, 0x2000 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "at least one hartid ... is not valid" },
	{ RF_SFENCE, NEVER(SBI_ERR_INVALID_ADDRESS,
			   "every range is fenced; one past the top of the address space whole") },
	{ RF_SFENCE, NEVER(SBI_ERR_FAILED, "rvkvm's fences cannot fail") },
	{ RF_SFENCE_ASID, .args = { 1UL << 2, 0, 0x1000, 0x2000, 0xffff }, .effect = fenced_2 },
	{ RF_SFENCE_ASID, .args = { 1, ABSENT, 0x1000, 0x2000, 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "at least one hartid ... is not valid" },
	{ RF_SFENCE_ASID, .args = { 1UL << 2, 0, 0x1000, 0x2000, 0x10000 },
	  .error = SBI_ERR_INVALID_PARAM, .spec = "asid ... is not valid (wider than satp.ASID)" },
	{ RF_SFENCE_ASID, .args = { 1UL << 2, 0, 0x1000, 0x2000, BIG | 1 },
	  .error = SBI_ERR_INVALID_PARAM, .spec = "asid is an unsigned long: not ASID 1" },
	{ RF_SFENCE_ASID, NEVER(SBI_ERR_INVALID_ADDRESS, "every range is fenced; one past the top "
							 "of the address space whole") },
	{ RF_SFENCE_ASID, NEVER(SBI_ERR_FAILED, "rvkvm's fences cannot fail") },
	{ RF_HFENCE_GVMA_VMID, .args = { 1UL << 2, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not implemented (guests are not offered the H extension)" },
	{ RF_HFENCE_GVMA, .args = { 1UL << 2, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not implemented" },
	{ RF_HFENCE_VVMA_ASID, .args = { 1UL << 2, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not implemented" },
	{ RF_HFENCE_VVMA, .args = { 1UL << 2, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not implemented" },
	{ NO_FID(SBI_EID_RFENCE, 7), .error = SBI_ERR_NOT_SUPPORTED },

	/* HSM. */
	{ HSM_START, .args = { 1, ENTRY, OPAQUE }, .effect = hart1_started,
	  .spec = "hart was previously in stopped state" },
	{ HSM_START, .args = { 1, NOT_RAM, OPAQUE }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "start_addr is not valid" },
	{ HSM_START, .args = { ABSENT, ENTRY, OPAQUE }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hartid is not a valid hartid" },
	{ HSM_START, .args = { BIG | 1, ENTRY, OPAQUE }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hartid is an unsigned long: BIG | 1 is not hart 1" },
	{ HSM_START, .args = { 2, ENTRY, OPAQUE }, .error = SBI_ERR_ALREADY_AVAILABLE,
	  .spec = "the given hartid is already started" },
	{ HSM_START, NEVER(SBI_ERR_FAILED, "a stopped vCPU can always be started") },
	{ HSM_STOP, .next = SBI_NEXT_NO_RETURN, .effect = self_stopped,
	  .spec = "not expected to return" },
	{ HSM_STOP, NEVER(SBI_ERR_FAILED, "the last vCPU to stop ends the VM instead (test_sbi)") },
	{ HSM_STATUS, .args = { 1 }, VALUE(SBI_HSM_STATE_STOPPED) },
	{ HSM_STATUS, .args = { 2 }, VALUE(SBI_HSM_STATE_STARTED) },
	{ HSM_STATUS, .args = { ABSENT }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hartid is not valid" },
	{ HSM_STATUS, .args = { BIG | 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hartid is an unsigned long: BIG | 1 is not hart 1" },
	{ HSM_SUSPEND, .args = { SBI_HSM_SUSPEND_RET_DEFAULT, NOT_RAM, OPAQUE }, .effect = waited,
	  .spec = "suspended and resumed from a retentive state (resume_addr unused)" },
	{ HSM_SUSPEND, .args = { SBI_HSM_SUSPEND_NON_RET_DEFAULT, ENTRY, OPAQUE },
	  .next = SBI_NEXT_NO_RETURN, .effect = resumed_at_entry,
	  .spec = "resumes at resume_addr after a non-retentive suspend" },
	{ HSM_SUSPEND, .args = { 0x00000001, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reserved" },
	{ HSM_SUSPEND, .args = { 0x0fffffff, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reserved" },
	{ HSM_SUSPEND, .args = { 0x10000000, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "platform-specific (retentive) and unimplemented" },
	{ HSM_SUSPEND, .args = { 0x80000001, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reserved" },
	{ HSM_SUSPEND, .args = { 0x90000000, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "platform-specific (non-retentive) and unimplemented" },
	{ HSM_SUSPEND, .args = { 0xffffffff, ENTRY }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "platform-specific (non-retentive) and unimplemented" },
	{ HSM_SUSPEND, .args = { SBI_HSM_SUSPEND_NON_RET_DEFAULT, NOT_RAM },
	  .error = SBI_ERR_INVALID_ADDRESS, .spec = "resume_addr is not valid" },
	{ HSM_SUSPEND, NEVER(SBI_ERR_NOT_SUPPORTED, "both default types depend on nothing") },
	{ HSM_SUSPEND, NEVER(SBI_ERR_FAILED, "a vCPU's suspend cannot fail") },
	{ NO_FID(SBI_EID_HSM, 4), .error = SBI_ERR_NOT_SUPPORTED },

	/* SRST: a reset that succeeds does not return to the guest; the VMM sees an exit. */
	{ SRST_RESET, .args = { SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE },
	  .next = SBI_NEXT_EXIT, .effect = reset_exit },
	{ SRST_RESET, .args = { SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_SYSTEM_FAILURE },
	  .next = SBI_NEXT_EXIT, .effect = reset_exit },
	{ SRST_RESET, .args = { SBI_SRST_TYPE_WARM_REBOOT, 0xe0000000 }, .next = SBI_NEXT_EXIT,
	  .effect = reset_exit, .spec = "SBI implementation specific reason: the VMM's to read" },
	{ SRST_RESET, .args = { SBI_SRST_TYPE_SHUTDOWN, 0xffffffff }, .next = SBI_NEXT_EXIT,
	  .effect = reset_exit, .spec = "vendor or platform specific reason: the VMM's to read" },
	{ SRST_RESET, .args = { 3, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reset_type is reserved" },
	{ SRST_RESET, .args = { 0xefffffff, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reset_type is reserved" },
	{ SRST_RESET, .args = { 0xf0000000, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reset_type is platform-specific and unimplemented" },
	{ SRST_RESET, .args = { 0, 2 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reset_reason is reserved" },
	{ SRST_RESET, .args = { 0, 0xdfffffff }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "reset_reason is reserved" },
	{ SRST_RESET, NEVER(SBI_ERR_NOT_SUPPORTED, "the three standard types depend on nothing") },
	{ SRST_RESET, NEVER(SBI_ERR_FAILED, "the request always reaches the VMM") },
	{ NO_FID(SBI_EID_SRST, 1), .error = SBI_ERR_NOT_SUPPORTED },

	/* DBCN. */
	{ DBCN_WRITE, .args = { 5, BUF, 0 }, VALUE(5), .effect = console_wrote_ram },
	{ DBCN_WRITE, .args = { 5, ROM_BASE, 0 }, VALUE(5),
	  .spec = "a write reads guest memory: ROM will do" },
	{ DBCN_WRITE, .args = { 0, NOT_RAM, 0 }, VALUE(0), .spec = "no bytes: nothing to check" },
	{ DBCN_WRITE, .args = { 5, NOT_RAM, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (not RAM)" },
	{ DBCN_WRITE, .args = { 5, BUF, 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (above 2^64)" },
	{ DBCN_WRITE, .args = { RAM_SIZE, BUF, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (runs past RAM)" },
	{ DBCN_WRITE, NEVER(SBI_ERR_DENIED, "every VM may write its console") },
	{ DBCN_WRITE, NEVER(SBI_ERR_FAILED, "the console takes every byte (or the call fewer)") },
	{ DBCN_READ, .args = { 5, BUF, 0 }, .given = console_input, VALUE(4),
	  .effect = console_read_into_ram, .spec = "4 bytes waiting, room for 5" },
	{ DBCN_READ, .args = { 5, BUF, 0 }, VALUE(0), .spec = "no input: nothing read" },
	{ DBCN_READ, .args = { 5, ROM_BASE, 0 }, .given = console_input,
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (not writable)" },
	{ DBCN_READ, .args = { 5, NOT_RAM, 0 }, .given = console_input,
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (not RAM)" },
	{ DBCN_READ, .args = { 5, BUF, BIG }, .given = console_input,
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the memory ... does not satisfy the requirements (above 2^64)" },
	{ DBCN_READ, NEVER(SBI_ERR_DENIED, "every VM may read its console") },
	{ DBCN_READ, NEVER(SBI_ERR_FAILED, "reading the console cannot fail") },
	{ DBCN_WRITE_BYTE, .args = { 'A' }, VALUE(0), .effect = console_wrote_a0,
	  .spec = "sbiret.uvalue is set to zero" },
	{ DBCN_WRITE_BYTE, NEVER(SBI_ERR_DENIED, "every VM may write its console") },
	{ DBCN_WRITE_BYTE, NEVER(SBI_ERR_FAILED, "the console takes every byte") },
	{ NO_FID(SBI_EID_DBCN, 3), .error = SBI_ERR_NOT_SUPPORTED },

	/* SUSP: a suspend that succeeds does not return; the VMM sees it, the guest wakes later. */
	{ SUSP_SUSPEND, .args = { 0, ENTRY, OPAQUE }, .given = others_stopped,
	  .next = SBI_NEXT_NO_RETURN_EXIT, .effect = suspended_to_ram, .spec = "SUSPEND_TO_RAM" },
	{ SUSP_SUSPEND, .args = { 1, ENTRY, OPAQUE }, .given = others_stopped,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "sleep_type is reserved" },
	{ SUSP_SUSPEND, .args = { 0x7fffffff, ENTRY, OPAQUE }, .given = others_stopped,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "sleep_type is reserved" },
	{ SUSP_SUSPEND, .args = { 0x80000000, ENTRY, OPAQUE }, .given = others_stopped,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "platform-specific and unimplemented" },
	{ SUSP_SUSPEND, .args = { 0xffffffff, ENTRY, OPAQUE }, .given = others_stopped,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "platform-specific and unimplemented" },
	{ SUSP_SUSPEND, .args = { 0, NOT_RAM, OPAQUE }, .given = others_stopped,
	  .error = SBI_ERR_INVALID_ADDRESS, .spec = "resume_addr is not valid" },
	{ SUSP_SUSPEND, .args = { 0, ENTRY, OPAQUE }, .error = SBI_ERR_DENIED,
	  .spec = "unsatisfied entry criteria (vCPU 2 is not stopped)" },
	{ SUSP_SUSPEND, NEVER(SBI_ERR_NOT_SUPPORTED, "SUSPEND_TO_RAM depends on nothing") },
	{ SUSP_SUSPEND, NEVER(SBI_ERR_FAILED, "the request always reaches the VMM") },
	{ NO_FID(SBI_EID_SUSP, 1), .error = SBI_ERR_NOT_SUPPORTED },

	/* FWFT: of the features, the core offers MISALIGNED_EXC_DELEG (PTE A/D only on Svadu). */
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0 }, .effect = misaligned_set },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, SBI_FWFT_SET_FLAG_LOCK },
	  .effect = misaligned_set },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0 }, .effect = misaligned_set,
	  .spec = "succeeds if value matches the existing value" },
	{ FWFT_SET, .args = { SBI_FWFT_LANDING_PAD, 1, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not reserved and valid, but the platform does not support it" },
	{ FWFT_SET, .args = { SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not reserved and valid, but the platform does not support it (no Svadu)" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 2, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "provided value ... is invalid" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, BIG | 1, 0 },
	  .error = SBI_ERR_INVALID_PARAM, .spec = "value is an unsigned long: BIG | 1 is not 1" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 2 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "provided ... flags parameter is invalid (BIT[XLEN-1:1] must be zero)" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, BIG },
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "provided ... flags parameter is invalid (BIT[XLEN-1:1] must be zero)" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0 }, .given = misaligned_pinned,
	  .error = SBI_ERR_DENIED, .spec = "denied by the SBI implementation (the VMM routes it)" },
	{ FWFT_SET, .args = { 6, 0, 0 }, .error = SBI_ERR_DENIED, .spec = "feature is reserved" },
	{ FWFT_SET, .args = { 0x40000000, 0, 0 }, .error = SBI_ERR_DENIED,
	  .spec = "feature is platform-specific and unimplemented" },
	{ FWFT_SET, .args = { 0x80000000, 0, 0 }, .error = SBI_ERR_DENIED,
	  .spec = "feature is reserved" },
	{ FWFT_SET, .args = { 0xffffffff, 0, 0 }, .error = SBI_ERR_DENIED,
	  .spec = "feature is platform-specific and unimplemented" },
	{ FWFT_SET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0 }, .given = misaligned_locked,
	  .error = SBI_ERR_DENIED_LOCKED, .spec = "the feature is locked" },
	{ FWFT_SET, NEVER(SBI_ERR_FAILED, "setting a vCPU's feature cannot fail") },
	{ FWFT_GET, .args = { SBI_FWFT_MISALIGNED_EXC_DELEG }, VALUE(0) },
	{ FWFT_GET, .args = { SBI_FWFT_SHADOW_STACK }, .error = SBI_ERR_NOT_SUPPORTED, VALUE(0),
	  .spec = "not reserved and valid, but not supported; value is zero on failure" },
	{ FWFT_GET, .args = { 6 }, .error = SBI_ERR_DENIED, VALUE(0),
	  .spec = "feature is reserved" },
	{ FWFT_GET, .args = { 0x7fffffff }, .error = SBI_ERR_DENIED, VALUE(0),
	  .spec = "feature is platform-specific and unimplemented" },
	{ FWFT_GET, .args = { 0xbfffffff }, .error = SBI_ERR_DENIED, VALUE(0),
	  .spec = "feature is reserved" },
	{ FWFT_GET, .args = { 0xc0000000 }, .error = SBI_ERR_DENIED, VALUE(0),
	  .spec = "feature is platform-specific and unimplemented" },
	{ FWFT_GET, NEVER(SBI_ERR_FAILED, "reading a vCPU's feature cannot fail") },
	{ NO_FID(SBI_EID_FWFT, 2), .error = SBI_ERR_NOT_SUPPORTED },

	/* STA: "sbiret.value is set to zero" whatever the error. */
	{ STA_SET, .args = { RAM_BASE + 0x40, 0, 0 }, VALUE(0), .effect = sta_zeroed,
	  .spec = "All bytes MUST be set to zero by the SBI implementation" },
	{ STA_SET, .args = { RAM_BASE + 0x40, 0, 0 }, .given = sta_on, VALUE(0),
	  .effect = sta_zeroed, .spec = "set again: the new address replaces the old" },
	{ STA_SET, .args = { ~0UL, ~0UL, 0 }, .given = sta_on, VALUE(0), .effect = sta_stopped,
	  .spec = "all-ones: stop reporting steal-time information" },
	{ STA_SET, .args = { ~0UL, ~0UL, 0 }, VALUE(0), .effect = sta_stopped,
	  .spec = "all-ones when nothing was set: nothing to stop" },
	{ STA_SET, .args = { RAM_BASE + 0x40, 0, 1 }, VALUE(0), .error = SBI_ERR_INVALID_PARAM,
	  .spec = "The flags parameter is not zero" },
	{ STA_SET, .args = { RAM_BASE + 0x40, 0, BIG }, VALUE(0), .error = SBI_ERR_INVALID_PARAM,
	  .spec = "The flags parameter is not zero (an unsigned long)" },
	{ STA_SET, .args = { ~0UL, ~0UL, 1 }, .given = sta_on, VALUE(0),
	  .error = SBI_ERR_INVALID_PARAM, .spec = "flags not zero, even to stop" },
	{ STA_SET, .args = { RAM_BASE + 0x48, 0, 0 }, VALUE(0), .error = SBI_ERR_INVALID_PARAM,
	  .spec = "shmem_phys_lo is not 64-byte aligned" },
	{ STA_SET, .args = { RAM_BASE + 0x20, 0, 0 }, VALUE(0), .error = SBI_ERR_INVALID_PARAM,
	  .spec = "shmem_phys_lo is not 64-byte aligned" },
	{ STA_SET, .args = { ~0UL, 0, 0 }, VALUE(0), .error = SBI_ERR_INVALID_PARAM,
	  .spec = "not all-ones, and shmem_phys_lo is not 64-byte aligned" },
	{ STA_SET, .args = { NOT_RAM, 0, 0 }, VALUE(0), .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... is not an accessible address (not RAM)" },
	{ STA_SET, .args = { RAM_BASE + RAM_SIZE, 0, 0 }, VALUE(0),
	  .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... is not an accessible address (just past RAM)" },
	{ STA_SET, .args = { ROM_BASE, 0, 0 }, VALUE(0), .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "The shared memory ... is not writable" },
	{ STA_SET, .args = { RAM_BASE + 0x40, 1, 0 }, VALUE(0), .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "shmem_phys_hi holds bits above 2^64: no RAM" },
	{ STA_SET, .args = { RAM_BASE + 0x40, ~0UL, 0 }, VALUE(0), .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "hi all-ones, lo not: an address, and no RAM" },
	{ STA_SET, NEVER(SBI_ERR_FAILED, "a vCPU's steal-time address is always kept") },
	{ NO_FID(SBI_EID_STA, 1), .error = SBI_ERR_NOT_SUPPORTED },

	/* v0.1: "0 upon success or an implementation specific negative error code", in a0. */
	{ L_SET_TIMER, .args = { 0x123456789UL }, LEGACY(0), .effect = timer_set },
	{ L_PUTCHAR, .args = { 'A' }, LEGACY(0), .effect = console_wrote_a0 },
	{ L_GETCHAR, .given = console_input, LEGACY('q'), .spec = "returns the byte" },
	{ L_GETCHAR, LEGACY(-1), .spec = "-1 for failure (nothing to read)" },
	{ L_CLEAR_IPI, .given = ipi_pending, LEGACY(1), .effect = ipi_cleared,
	  .spec = "a positive value if an IPI had been pending" },
	{ L_CLEAR_IPI, LEGACY(0), .spec = "0 if no IPI had been pending" },
	{ L_SEND_IPI, .args = { RAM_BASE }, LEGACY(0), .effect = ipi_at_2 },
	{ L_SEND_IPI, .args = { RAM_BASE }, .given = mask_names_absent,
	  LEGACY(SBI_ERR_INVALID_PARAM) },
	{ L_SEND_IPI, .args = { RAM_BASE }, .given = mask_unreadable,
	  LEGACY(SBI_ERR_INVALID_ADDRESS) },
	{ L_FENCE_I, .args = { RAM_BASE }, LEGACY(0), .effect = fenced_2 },
	{ L_FENCE_I, .args = { RAM_BASE }, .given = mask_names_absent,
	  LEGACY(SBI_ERR_INVALID_PARAM) },
	{ L_SFENCE, .args = { RAM_BASE, 0x1000, 0x2000 }, LEGACY(0), .effect = fenced_2 },
	{ L_SFENCE, .args = { RAM_BASE }, .given = mask_unreadable,
	  LEGACY(SBI_ERR_INVALID_ADDRESS) },
	{ L_SFENCE_ASID, .args = { RAM_BASE, 0x1000, 0x2000, 0xffff }, LEGACY(0),
	  .effect = fenced_2 },
	{ L_SFENCE_ASID, .args = { RAM_BASE, 0x1000, 0x2000, 0x10000 },
	  LEGACY(SBI_ERR_INVALID_PARAM), .spec = "an ASID wider than satp.ASID" },
	{ L_SHUTDOWN, .next = SBI_NEXT_EXIT, .effect = shutdown_exit, .spec = "doesn't return" },
};

#define NROWS (sizeof(table) / sizeof(table[0]))

/* Every function of every core extension (as rows without a case), so the table is known to
 * call each. */
#define FN(f)                    \
	{                        \
		f, .args = { 0 } \
	}
static const struct row functions[] = {
	FN(BASE_SPEC_VERSION),
	FN(BASE_IMPL_ID),
	FN(BASE_IMPL_VERSION),
	FN(BASE_PROBE),
	FN(BASE_MVENDORID),
	FN(BASE_MARCHID),
	FN(BASE_MIMPID),
	FN(TIME_SET),
	FN(IPI_SEND),
	FN(RF_FENCE_I),
	FN(RF_SFENCE),
	FN(RF_SFENCE_ASID),
	FN(RF_HFENCE_GVMA_VMID),
	FN(RF_HFENCE_GVMA),
	FN(RF_HFENCE_VVMA_ASID),
	FN(RF_HFENCE_VVMA),
	FN(HSM_START),
	FN(HSM_STOP),
	FN(HSM_STATUS),
	FN(HSM_SUSPEND),
	FN(SRST_RESET),
	FN(DBCN_WRITE),
	FN(DBCN_READ),
	FN(DBCN_WRITE_BYTE),
	FN(SUSP_SUSPEND),
	FN(FWFT_SET),
	FN(FWFT_GET),
	FN(STA_SET),
	FN(L_SET_TIMER),
	FN(L_PUTCHAR),
	FN(L_GETCHAR),
	FN(L_CLEAR_IPI),
	FN(L_SEND_IPI),
	FN(L_FENCE_I),
	FN(L_SFENCE),
	FN(L_SFENCE_ASID),
	FN(L_SHUTDOWN),
};

/* ---- what calls that succeed do ------------------------------------------------------------- */

static const char *timer_set(const struct row *row, const struct seen *s)
{
	return s->arch.timers == 1 && s->arch.timer_deadline == row->args[0] ? NULL
									     : "timer not set";
}

static const char *ipi_at_2(const struct row *row, const struct seen *s)
{
	(void)row;
	if (!(s->irqs[2] & VCPU_IRQ_VSSIP) || s->irqs[0] || s->irqs[1]) {
		return "no IPI at vCPU 2 alone";
	}
	return NULL;
}

static const char *fenced_2(const struct row *row, const struct seen *s)
{
	bool legacy = row->eid <= SBI_EID_LEGACY_LAST;
	bool fence_i = row->eid == SBI_EID_LEGACY_REMOTE_FENCE_I ||
		       (row->eid == SBI_EID_RFENCE && row->fid == SBI_RFENCE_REMOTE_FENCE_I);
	unsigned first = legacy ? 1 : 2; /* where start, size and asid begin */

	if (s->requests[2] != (fence_i ? VCPU_REQ_FENCE_I : VCPU_REQ_HFENCE_VVMA) ||
	    s->requests[0] || s->requests[1]) {
		return "vCPU 2 alone must get the request";
	}
	if (s->arch.fences != 1 || s->arch.fence_mask != 1UL << HART2_ID) {
		return "vCPU 2's hart must be fenced now";
	}
	if (!fence_i && (s->arch.fence_start != row->args[first] ||
			 s->arch.fence_size != row->args[first + 1])) {
		return "range not passed on";
	}
	if (s->arch.fence_kind == 2 && s->arch.fence_asid != row->args[first + 2]) {
		return "ASID not passed on";
	}
	return NULL;
}

static const char *hart1_started(const struct row *row, const struct seen *s)
{
	if (s->hsm[1] != VCPU_HSM_START_PENDING || s->start_addr[1] != row->args[1] ||
	    s->start_opaque[1] != row->args[2]) {
		return "vCPU 1 not started at start_addr with opaque";
	}
	return s->arch.kicks == 1 && s->arch.kicked[0] == &vcpu[1] ? NULL : "vCPU 1 not kicked";
}

static const char *self_stopped(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->hsm[0] == VCPU_HSM_STOPPED ? NULL : "caller not stopped";
}

static const char *waited(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->arch.waits != 1 || s->hsm[0] != VCPU_HSM_STARTED) {
		return "retentive suspend did not wait and resume";
	}
	return s->arch.resets == 0 ? NULL : "retentive suspend moved the vCPU";
}

static const char *resumed_at_entry(const struct row *row, const struct seen *s)
{
	if (s->arch.waits != 1 || s->arch.resets != 1 || s->arch.reset_entry != row->args[1] ||
	    s->arch.reset_opaque != row->args[2]) {
		return "non-retentive suspend did not resume at resume_addr with opaque";
	}
	return NULL;
}

static const char *reset_exit(const struct row *row, const struct seen *s)
{
	uint32_t type = (uint32_t)row->args[0], reason = (uint32_t)row->args[1];
	uint32_t want = type == SBI_SRST_TYPE_SHUTDOWN ? RVKVM_SYSTEM_EVENT_SHUTDOWN
						       : RVKVM_SYSTEM_EVENT_RESET;

	if (s->exit.reason != RVKVM_EXIT_SYSTEM_EVENT || s->exit.system_event.type != want) {
		return "no system event exit of the type asked";
	}
	return s->exit.system_event.ndata == 1 && s->exit.system_event.data[0] == reason
		       ? NULL
		       : "the reason does not reach the VMM";
}

static const char *console_wrote_ram(const struct row *row, const struct seen *s)
{
	const uint8_t *buf = ram + (row->args[1] - RAM_BASE);

	return s->out_len == row->args[0] && !memcmp(s->out, buf, s->out_len)
		       ? NULL
		       : "console did not get the buffer";
}

static const char *console_read_into_ram(const struct row *row, const struct seen *s)
{
	const uint8_t *buf = s->ram_after + (row->args[1] - RAM_BASE);

	return !memcmp(buf, "qrst", 4) && buf[4] == ram[row->args[1] - RAM_BASE + 4] &&
			       s->in_left == 0
		       ? NULL
		       : "input not in the buffer, or past it";
}

static const char *console_wrote_a0(const struct row *row, const struct seen *s)
{
	return s->out_len == 1 && s->out[0] == (uint8_t)row->args[0] ? NULL
								     : "console did not get a0";
}

static const char *suspended_to_ram(const struct row *row, const struct seen *s)
{
	if (s->arch.resets != 1 || s->arch.reset_vcpu != &vcpu[0] ||
	    s->arch.reset_entry != row->args[1] || s->arch.reset_opaque != row->args[2]) {
		return "not set to wake at resume_addr with opaque";
	}
	if (s->exit.reason != RVKVM_EXIT_SYSTEM_EVENT ||
	    s->exit.system_event.type != RVKVM_SYSTEM_EVENT_SUSPEND) {
		return "no suspend exit";
	}
	return s->exit.system_event.data[0] == 0 ? NULL : "exit names another sleep type";
}

static const char *misaligned_set(const struct row *row, const struct seen *s)
{
	unsigned long misaligned = (1UL << EXC_LOAD_MISALIGNED) | (1UL << EXC_STORE_MISALIGNED);

	if (s->fwft[0].value != row->args[1] || s->fwft[0].flags != row->args[2]) {
		return "value or flags not kept";
	}
	return (s->hedeleg[0] & misaligned) == (row->args[1] ? misaligned : 0)
		       ? NULL
		       : "hedeleg does not follow the value";
}

static const char *ipi_cleared(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->irqs[0] & VCPU_IRQ_VSSIP ? "IPI still pending" : NULL;
}

/* Guest RAM as world_reset fills it. */
static uint8_t ram_pattern(unsigned long gpa_v)
{
	return (uint8_t)((gpa_v - RAM_BASE) * 37u + 1u);
}

static const char *sta_zeroed(const struct row *row, const struct seen *s)
{
	unsigned long at = row->args[0];

	if (s->sta_shmem[0] != at || s->sta_shmem[1] != VCPU_STA_OFF) {
		return "the caller's steal time is not at shmem_phys_lo";
	}
	for (unsigned long a = RAM_BASE; a < RAM_BASE + RAM_SIZE; a++) {
		bool in = a >= at && a < at + SBI_STA_SHMEM_SIZE;

		if (s->ram_after[a - RAM_BASE] != (in ? 0 : ram_pattern(a))) {
			return in ? "the 64 bytes are not zeroed" : "a byte outside them changed";
		}
	}
	return NULL;
}

static const char *sta_stopped(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->sta_shmem[0] != VCPU_STA_OFF) {
		return "steal time still reported";
	}
	for (unsigned long a = RAM_BASE; a < RAM_BASE + RAM_SIZE; a++) {
		if (s->ram_after[a - RAM_BASE] != ram_pattern(a)) {
			return "guest RAM written";
		}
	}
	return NULL;
}

static const char *shutdown_exit(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->exit.reason == RVKVM_EXIT_SYSTEM_EVENT &&
			       s->exit.system_event.type == RVKVM_SYSTEM_EVENT_SHUTDOWN
		       ? NULL
		       : "no shutdown exit";
}

/* ---- running the table ---------------------------------------------------------------------- */

static unsigned failures;

static void fail_row(const struct row *row, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message("FAIL %s a0..a4=%#lx,%#lx,%#lx,%#lx,%#lx -- %s: %s\n", row->sig, row->args[0],
		      row->args[1], row->args[2], row->args[3], row->args[4],
		      row->spec ? row->spec : "", msg);
	failures++;
}

/* The row's call on a fresh world, with args in place of the row's own. */
static void run(const struct row *row, const unsigned long args[6], struct seen *s)
{
	struct sbi_call c = { .eid = row->eid, .fid = row->fid };
	struct sbi_result r;

	world_reset();
	if (row->given) {
		row->given();
	}
	memcpy(c.args, args, sizeof(c.args));
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu[0], &c, &r), 0);
	s->error = r.error;
	s->value = r.value;
	s->next = r.next;
	look(s);
}

/* The world as a call left it, apart from the call's result: nothing a refused call may change. */
static void compare_world(const struct row *row, const char *what, const struct seen *a,
			  const struct seen *b)
{
#define SAME(field)                                                    \
	do {                                                           \
		if (memcmp(&a->field, &b->field, sizeof(a->field))) {  \
			fail_row(row, "%s: %s differs", what, #field); \
		}                                                      \
	} while (0)
	SAME(hsm);
	SAME(irqs);
	SAME(requests);
	SAME(start_addr);
	SAME(start_opaque);
	SAME(hedeleg);
	SAME(sta_shmem);
	SAME(fwft);
	SAME(exit);
	SAME(arch.kicks);
	SAME(arch.waits);
	SAME(arch.resets);
	SAME(arch.reset_entry);
	SAME(arch.reset_opaque);
	SAME(arch.timers);
	SAME(arch.timer_deadline);
	SAME(arch.fences);
	SAME(arch.fence_kind);
	SAME(arch.fence_mask);
	SAME(arch.fence_start);
	SAME(arch.fence_size);
	SAME(arch.fence_asid);
	SAME(out_len);
	SAME(out);
	SAME(in_left);
	if (memcmp(a->ram_after, b->ram_after, RAM_SIZE)) {
		fail_row(row, "%s: guest RAM differs", what);
	}
#undef SAME
}

static void check_answer(const struct row *row, const struct seen *s)
{
	bool returns = row->next == SBI_NEXT_RETURN || row->next == SBI_NEXT_EXIT;

	if (s->next != row->next) {
		fail_row(row, "ends as next %d, want %d", (int)s->next, (int)row->next);
		return;
	}
	if (returns && s->error != row->error) {
		fail_row(row, "error %ld, want %ld", s->error, row->error);
	}
	if ((returns || row->next == SBI_NEXT_RETURN_LEGACY) && row->check_value &&
	    s->value != row->value) {
		fail_row(row, "value %#lx, want %#lx", s->value, row->value);
	}
}

static struct seen plain, widened, untouched;

/* The spec's table, case by case: the answer, and what the call did or (refused) did not do. */
static void test_error_tables(void **state)
{
	unsigned calls = 0, never = 0;

	(void)state;
	failures = 0;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *row = &table[i];
		const char *bad;

		if (row->never) {
			never++;
			continue;
		}
		calls++;
		run(row, row->args, &plain);
		check_answer(row, &plain);
		if (row->error != SBI_SUCCESS && row->next == SBI_NEXT_RETURN) {
			/* A refused call leaves the world as it found it. */
			world_reset();
			if (row->given) {
				row->given();
			}
			look(&untouched);
			compare_world(row, "refused", &plain, &untouched);
		}
		bad = row->effect ? row->effect(row, &plain) : NULL;
		if (bad) {
			fail_row(row, "%s", bad);
		}
	}
	print_message("%u calls checked against the spec's tables; %u listed errors rvkvm never "
		      "gives (reasons in the table)\n",
		      calls, never);
	assert_int_equal(failures, 0);
}

/*
 * A parameter the spec types uint32_t (or uint8_t) is the low bits of its register: the same
 * call with bits set above them must give the same answer and do the same. Two ways to set
 * them: bit 32 alone (what a conformance checker tries first), and every bit above.
 */
static void test_narrow_parameters(void **state)
{
	unsigned calls = 0;

	(void)state;
	failures = 0;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *row = &table[i];

		if (row->never || !(row->u32 | row->u8)) {
			continue;
		}
		run(row, row->args, &plain);
		for (int all = 0; all <= 1; all++) {
			unsigned long args[6];
			const char *what = all ? "every upper bit set" : "bit 32 set";

			memcpy(args, row->args, sizeof(args));
			for (unsigned n = 0; n < 6; n++) {
				if (row->u32 & A(n)) {
					args[n] |= all ? ~0UL << 32 : BIG;
				}
				if (row->u8 & A(n)) {
					args[n] |= all ? ~0UL << 8 : BIG;
				}
			}
			calls++;
			run(row, args, &widened);
			if (widened.next != plain.next || widened.error != plain.error ||
			    widened.value != plain.value) {
				fail_row(row, "%s: next %d error %ld value %#lx, not %d %ld %#lx",
					 what, (int)widened.next, widened.error, widened.value,
					 (int)plain.next, plain.error, plain.value);
			}
			compare_world(row, what, &widened, &plain);
		}
	}
	print_message("%u calls with a 32-bit (or 8-bit) parameter widened\n", calls);
	assert_int_equal(failures, 0);
}

/* The table calls every function at least once, and each function's row is the same function. */
static void test_every_function_called(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof(functions) / sizeof(functions[0]); f++) {
		unsigned called = 0;

		for (size_t i = 0; i < NROWS; i++) {
			const struct row *row = &table[i];

			if (row->eid == functions[f].eid && row->fid == functions[f].fid &&
			    !row->never) {
				assert_string_equal(row->sig, functions[f].sig);
				called++;
			}
		}
		if (!called) {
			fail_msg("%s is never called", functions[f].sig);
		}
	}
	/* Every core extension is in the list (BASE has no kvm id; the rest each have one). */
	for (unsigned e = 0; e < sbi_ext_count; e++) {
		bool found = false;

		for (size_t f = 0; f < sizeof(functions) / sizeof(functions[0]); f++) {
			found = found || (functions[f].eid >= sbi_ext_table[e]->eid_lo &&
					  functions[f].eid <= sbi_ext_table[e]->eid_hi);
		}
		if (!found) {
			fail_msg("extension %s has no function in the table",
				 sbi_ext_table[e]->name);
		}
	}
}

static int setup(void **state)
{
	(void)state;
	ram = malloc(RAM_SIZE); /* exactly the slot, so ASan sees a byte touched past it */
	rom = malloc(ROM_SIZE);
	plain.ram_after = malloc(RAM_SIZE);
	widened.ram_after = malloc(RAM_SIZE);
	untouched.ram_after = malloc(RAM_SIZE);
	return ram && rom && plain.ram_after && widened.ram_after && untouched.ram_after ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	free(rom);
	free(plain.ram_after);
	free(widened.ram_after);
	free(untouched.ram_after);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_function_called),
		cmocka_unit_test(test_error_tables),
		cmocka_unit_test(test_narrow_parameters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
