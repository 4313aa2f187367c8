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
#include "tests/unit/xlen.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (64UL * 1024)
#define ROM_BASE 0x90000000UL /* a read-only region */
#define ROM_SIZE 4096UL
#define NOT_RAM 0x1000UL
/* RAM above 4 GiB, which an RV32 guest names with phys_hi (Sv32x4 reaches 2^34). */
#define HIGH_BASE 0x100000000ULL
#define HIGH_SIZE 4096UL
#define ENTRY (RAM_BASE + 0x100)
#define OPAQUE ((unsigned long)0x0123456789abcdefULL) /* its low half on RV32 */
#define NVCPU 3      /* 0 calls (STARTED), 1 is STOPPED, 2 is STARTED and loaded on a hart */
#define HART2_ID 5UL /* the hart vCPU 2 is loaded on */
#define ABSENT 3UL   /* a hart id no vCPU has */
#define OUT_MAX 64
#define HALF_REG (sizeof(unsigned long) / 2) /* an address this far off is not XLEN/8-aligned */

/* ---- the world every call starts from ------------------------------------------------------ */

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu[NVCPU];
static struct hart hart2;
static uint8_t *ram, *rom, *high;

static void world_reset(void)
{
	memset(&vm, 0, sizeof(vm));
	memset(vcpu, 0, sizeof(vcpu));
	memset(&hart2, 0, sizeof(hart2));
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_counters = true; /* the PMU is offered, as under OpenSBI on QEMU */
	for (size_t i = 0; i < RAM_SIZE; i++) {
		ram[i] = (uint8_t)(i * 37u + 1u);
	}
	memset(rom, 0x11, ROM_SIZE);
	memset(high, 0, HIGH_SIZE);
	vm.id = 7;
	vm.memslots.slot[0] = (struct memslot){
		.used = true, .base = gpa(RAM_BASE), .size = RAM_SIZE, .host = hpa_of(ram)
	};
	vm.memslots.slot[1] = (struct memslot){ .used = true,
						.base = gpa(ROM_BASE),
						.size = ROM_SIZE,
						.host = hpa_of(rom),
						.flags = RVKVM_MEM_READONLY };
	vm.memslots.slot[2] = (struct memslot){
		.used = true, .base = gpa(HIGH_BASE), .size = HIGH_SIZE, .host = hpa_of(high)
	};
	for (unsigned i = 0; i < NVCPU; i++) {
		vcpu[i].vm = &vm;
		vcpu[i].id = i;
		vcpu[i].fwft[VCPU_FWFT_MISALIGNED_DELEG].enable = 1; /* as rvkvm_create_vcpu */
		vcpu[i].hedeleg = exc_route_hedeleg(&vcpu[i]);
		vcpu[i].sta.shmem = VCPU_STA_OFF; /* likewise */
		vcpu[i].dbtr.shmem = VCPU_DBTR_OFF;
		vcpu[i].pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT;
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

/* SSE: vCPU 0's local event in each state, its hart unmasked, the global event registered. */
#define SSE_BUF (RAM_BASE + 0x200) /* read_attrs and write_attrs values */
#define SSE_PC (RAM_BASE + 0x300)  /* where the guest was when its event came */

static void sse_local_registered(void)
{
	vcpu[0].sse.local.state = SBI_SSE_STATE_REGISTERED;
	vcpu[0].sse.local.entry_pc = ENTRY;
	vcpu[0].sse.local.entry_arg = OPAQUE;
}

static void sse_local_enabled(void)
{
	sse_local_registered();
	vcpu[0].sse.local.state = SBI_SSE_STATE_ENABLED;
}

/* In its handler, as delivery leaves it: vsepc holds the interrupted pc, VS-mode, SIE was 1. */
static void sse_local_running(void)
{
	sse_local_enabled();
	vcpu[0].sse.local.state = SBI_SSE_STATE_RUNNING;
	vcpu[0].sse.local.interrupted[0] = 0x5ec;
	vcpu[0].sse.local.interrupted[1] = SBI_SSE_FLAG_SPIE;
	vcpu[0].sse.local.interrupted[2] = 0xa6;
	vcpu[0].sse.local.interrupted[3] = 0xa7;
	vcpu[0].csr.vsepc = SSE_PC;
	vcpu[0].csr.vsstatus = SSTATUS_SPP | SSTATUS_SPIE;
	vcpu[0].ctx.sepc = ENTRY + 0x40; /* the complete ecall in the handler */
	vcpu[0].ctx.sstatus = SSTATUS_SPP;
	vcpu[0].ctx.gpr[GPR_A6] = SBI_SSE_COMPLETE;
	vcpu[0].ctx.gpr[GPR_A7] = SBI_EID_SSE;
}

static void sse_unmasked(void)
{
	vcpu[0].sse.unmasked = true;
}

static void sse_global_registered(void)
{
	vm.sse_global.state = SBI_SSE_STATE_REGISTERED;
}

static void sse_put(unsigned long v0, unsigned long v1)
{
	memcpy(ram + (SSE_BUF - RAM_BASE), &v0, sizeof(v0));
	memcpy(ram + (SSE_BUF - RAM_BASE) + sizeof(v0), &v1, sizeof(v1));
}

/* A host with Sscofpmf (and a firmware PMU that arms its counters): the PMU overflow is offered. */
static void sse_pmu_host(void)
{
	host_caps.has_pmu_overflow = true;
}

static void sse_put_5(void)
{
	sse_put(5, 0);
}

#if XLEN == 64 /* a PRIORITY above 32 bits: its row is RV64's alone */
static void sse_put_big(void)
{
	sse_put(1UL << 32, 0);
}
#endif

static void sse_put_2(void)
{
	sse_put(2, 0);
}

static void sse_put_absent(void)
{
	sse_put(ABSENT, 0);
}

static void sse_put_5_2(void)
{
	sse_put(5, 2); /* PRIORITY 5 is fine, CONFIG 2 is not */
}

static void sse_enabled_put_5(void)
{
	sse_local_enabled();
	sse_put_5();
}

static void sse_registered_put_1(void)
{
	sse_local_registered();
	sse_put(1, 0);
}

static void sse_running_put_5(void)
{
	sse_local_running();
	sse_put_5();
}

static void sse_running_put_spv(void)
{
	sse_local_running();
	sse_put(SBI_SSE_FLAG_SPIE | SBI_SSE_FLAG_SPV, 0);
}

static void sse_global_put_2(void)
{
	sse_global_registered();
	sse_put_2();
}

static void sse_global_put_absent(void)
{
	sse_global_registered();
	sse_put_absent();
}

/* PMU: vCPU 0's counters configured, started, and event_get_info entries in RAM. */
#define EV_CYCLES SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES)
#define EV_INSNS SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS)
#define EV_TIMER SBI_PMU_EVENT(SBI_PMU_TYPE_FW, SBI_PMU_FW_SET_TIMER)
#define EV_CACHE SBI_PMU_EVENT(SBI_PMU_TYPE_HW_CACHE, 0)
#define PMU_INFO (RAM_BASE + 0x400) /* event_get_info's entries */

static void pmu_cycles_configured(void)
{
	vcpu[0].pmu.ctr[0].event = EV_CYCLES;
	vcpu[0].pmu.ctr[0].value = 7;
	vcpu[0].pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT & ~1UL; /* as configuring leaves it */
}

static void pmu_cycles_started(void)
{
	pmu_cycles_configured();
	vcpu[0].pmu.ctr[0].started = true;
	vcpu[0].ctx.pmu_on = 1;
}

static void pmu_timer_counted(void)
{
	vcpu[0].pmu.ctr[3].event = EV_TIMER;
	vcpu[0].pmu.ctr[3].value = 5;
}

static void pmu_put_info(unsigned i, uint32_t event)
{
	memcpy(ram + (PMU_INFO - RAM_BASE) + i * SBI_PMU_EVENT_INFO_SIZE, &event, sizeof(event));
}

/* Supported, supported, not offered (a cache event). */
static void pmu_info_entries(void)
{
	pmu_put_info(0, EV_CYCLES);
	pmu_put_info(1, EV_TIMER);
	pmu_put_info(2, EV_CACHE);
}

static void pmu_info_reserved(void)
{
	pmu_info_entries();
	pmu_put_info(1, EV_TIMER | (1U << 20));
}

static void pmu_info_bad_type(void)
{
	pmu_info_entries();
	pmu_put_info(2, 7U << SBI_PMU_EVENT_TYPE_SHIFT); /* type 7: no such type */
}

/* DBTR: vCPU 0's shared memory, and the trigger configurations a row puts there. */
#define DBTR_SHMEM (RAM_BASE + 0x600)
#define TD_MC6 SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL6)
#define TD_EXEC_S (TD_MC6 | SDTRIG_MC6_EXECUTE | SDTRIG_MC6_S)
#define TD_STORE_U (TD_MC6 | SDTRIG_MC6_STORE | SDTRIG_MC6_U | (5UL << SDTRIG_MC6_SIZE_SHIFT))
#define TD_MC2 (SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL) | SDTRIG_MC6_EXECUTE | SDTRIG_MC6_S)
/* Their low halves on RV32. */
#define DBTR_ADDR0 ((unsigned long)0xffffffff80001000ULL)
#define DBTR_ADDR1 ((unsigned long)0x3f00002000ULL)

static void dbtr_entry(unsigned i, unsigned long w0, unsigned long tdata1, unsigned long tdata2,
		       unsigned long tdata3)
{
	unsigned long w[SBI_DBTR_ENTRY_WORDS] = { w0, tdata1, tdata2, tdata3 };

	memcpy(ram + (DBTR_SHMEM - RAM_BASE) + i * SBI_DBTR_ENTRY_SIZE, w, sizeof(w));
}

static void dbtr_shmem_on(void)
{
	vcpu[0].dbtr.shmem = DBTR_SHMEM;
}

static void dbtr_entries(void)
{
	dbtr_shmem_on();
	dbtr_entry(0, 0x77, TD_EXEC_S, DBTR_ADDR0, 0);
	dbtr_entry(1, 0x77, TD_STORE_U, DBTR_ADDR1, 0);
}

static void dbtr_entry1_m(void)
{
	dbtr_entries();
	dbtr_entry(1, 0, TD_STORE_U | SDTRIG_MC6_M, DBTR_ADDR1, 0);
}

static void dbtr_entry0_chain(void)
{
	dbtr_entries();
	dbtr_entry(0, 0, TD_EXEC_S | SDTRIG_MC6_CHAIN, DBTR_ADDR0, 0);
}

static void dbtr_entry0_vs(void)
{
	dbtr_entries();
	dbtr_entry(0, 0, TD_EXEC_S | SDTRIG_MC6_VS, DBTR_ADDR0, 0);
}

static void dbtr_entry0_mcontrol(void)
{
	dbtr_entries();
	dbtr_entry(0, 0, TD_MC2, DBTR_ADDR0, 0);
}

/* Trigger 0 installed and enabled (execute in S at DBTR_ADDR0); trigger 1 free. */
static void dbtr_installed(void)
{
	dbtr_shmem_on();
	vcpu[0].dbtr.trig[0] =
		(struct vcpu_dbtr_trigger){ .state = SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S,
					    .tdata1 = TD_EXEC_S,
					    .tdata2 = DBTR_ADDR0 };
	vcpu[0].dbtr.armed = true;
}

static void dbtr_full(void)
{
	dbtr_installed();
	dbtr_entries();
}

static void dbtr_disabled(void)
{
	dbtr_installed();
	vcpu[0].dbtr.trig[0].tdata1 &= ~SDTRIG_MC6_S;
	vcpu[0].dbtr.armed = false;
}

static void dbtr_update_to_store(void)
{
	dbtr_installed();
	dbtr_entry(0, 0, TD_STORE_U, DBTR_ADDR1, 0);
}

static void dbtr_update_idx(unsigned long idx, unsigned long tdata3)
{
	dbtr_installed();
	dbtr_entry(0, idx, TD_EXEC_S, DBTR_ADDR1, tdata3);
}

static void dbtr_update_free(void)
{
	dbtr_update_idx(1, 0);
}

static void dbtr_update_past(void)
{
	dbtr_update_idx(2, 0);
}

static void dbtr_update_textra(void)
{
	dbtr_update_idx(0, 1);
}

static void dbtr_firmware_refuses(void)
{
	dbtr_entries();
	fake_arch.dbtr_error = SBI_ERR_FAILED;
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
	struct vcpu_sse sse[NVCPU];
	struct sse_event sse_global;
	struct vcpu_pmu pmu0;
	struct vcpu_dbtr dbtr0;
	struct vcpu_ctx ctx0;
	unsigned long vsepc0, vsstatus0;
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
		s->sse[i] = vcpu[i].sse;
	}
	s->sse_global = vm.sse_global;
	s->pmu0 = vcpu[0].pmu;
	s->dbtr0 = vcpu[0].dbtr;
	s->ctx0 = vcpu[0].ctx;
	s->vsepc0 = vcpu[0].csr.vsepc;
	s->vsstatus0 = vcpu[0].csr.vsstatus;
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
#define SSE_READ                                                                           \
	SBI_EID_SSE, SBI_SSE_READ_ATTRS,                                                   \
		"sbi_sse_read_attrs(uint32_t event_id, uint32_t base_attr_id, uint32_t "   \
		"attr_count, unsigned long output_phys_lo, unsigned long output_phys_hi)", \
		.u32 = A(0) | A(1) | A(2)
#define SSE_WRITE                                                                         \
	SBI_EID_SSE, SBI_SSE_WRITE_ATTRS,                                                 \
		"sbi_sse_write_attrs(uint32_t event_id, uint32_t base_attr_id, uint32_t " \
		"attr_count, unsigned long input_phys_lo, unsigned long input_phys_hi)",  \
		.u32 = A(0) | A(1) | A(2)
#define SSE_REGISTER                                                                   \
	SBI_EID_SSE, SBI_SSE_REGISTER,                                                 \
		"sbi_sse_register(uint32_t event_id, unsigned long handler_entry_pc, " \
		"unsigned long handler_entry_arg)",                                    \
		.u32 = A(0)
#define SSE_UNREGISTER \
	SBI_EID_SSE, SBI_SSE_UNREGISTER, "sbi_sse_unregister(uint32_t event_id)", .u32 = A(0)
#define SSE_ENABLE SBI_EID_SSE, SBI_SSE_ENABLE, "sbi_sse_enable(uint32_t event_id)", .u32 = A(0)
#define SSE_DISABLE SBI_EID_SSE, SBI_SSE_DISABLE, "sbi_sse_disable(uint32_t event_id)", .u32 = A(0)
#define SSE_COMPLETE SBI_EID_SSE, SBI_SSE_COMPLETE, "sbi_sse_complete(void)"
#define SSE_INJECT                                                                               \
	SBI_EID_SSE, SBI_SSE_INJECT, "sbi_sse_inject(uint32_t event_id, unsigned long hart_id)", \
		.u32 = A(0)
#define SSE_UNMASK SBI_EID_SSE, SBI_SSE_HART_UNMASK, "sbi_sse_hart_unmask(void)"
#define SSE_MASK SBI_EID_SSE, SBI_SSE_HART_MASK, "sbi_sse_hart_mask(void)"
#define PMU_NUM SBI_EID_PMU, SBI_PMU_NUM_COUNTERS, "sbi_pmu_num_counters()"
#define PMU_INFO_FN \
	SBI_EID_PMU, SBI_PMU_COUNTER_GET_INFO, "sbi_pmu_counter_get_info(unsigned long counter_idx)"
#define PMU_MATCH                                                                                  \
	SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING,                                              \
		"sbi_pmu_counter_config_matching(ulong counter_idx_base, ulong counter_idx_mask, " \
		"ulong config_flags, ulong event_idx, uint64_t event_data)"
#define PMU_START                                                                        \
	SBI_EID_PMU, SBI_PMU_COUNTER_START,                                              \
		"sbi_pmu_counter_start(ulong counter_idx_base, ulong counter_idx_mask, " \
		"ulong start_flags, uint64_t initial_value)"
#define PMU_STOP                                                                        \
	SBI_EID_PMU, SBI_PMU_COUNTER_STOP,                                              \
		"sbi_pmu_counter_stop(ulong counter_idx_base, ulong counter_idx_mask, " \
		"ulong stop_flags)"
#define PMU_FW_READ \
	SBI_EID_PMU, SBI_PMU_COUNTER_FW_READ, "sbi_pmu_counter_fw_read(unsigned long counter_idx)"
#define PMU_FW_READ_HI                           \
	SBI_EID_PMU, SBI_PMU_COUNTER_FW_READ_HI, \
		"sbi_pmu_counter_fw_read_hi(unsigned long counter_idx)"
#define PMU_SNAPSHOT                                                                    \
	SBI_EID_PMU, SBI_PMU_SNAPSHOT_SET_SHMEM,                                        \
		"sbi_pmu_snapshot_set_shmem(ulong shmem_phys_lo, ulong shmem_phys_hi, " \
		"ulong flags)"
#define PMU_EVENT_INFO                                                                    \
	SBI_EID_PMU, SBI_PMU_EVENT_GET_INFO,                                              \
		"sbi_pmu_event_get_info(ulong shmem_phys_lo, ulong shmem_phys_hi, ulong " \
		"num_entries, ulong flags)"
#define DBTR_NUM \
	SBI_EID_DBTR, SBI_DBTR_NUM_TRIGGERS, "sbi_debug_num_triggers(unsigned long trig_tdata1)"
#define DBTR_SET_SHMEM                                                            \
	SBI_EID_DBTR, SBI_DBTR_SET_SHMEM,                                         \
		"sbi_debug_set_shmem(unsigned long shmem_phys_lo, unsigned long " \
		"shmem_phys_hi, unsigned long flags)"
#define DBTR_READ                             \
	SBI_EID_DBTR, SBI_DBTR_READ_TRIGGERS, \
		"sbi_debug_read_triggers(unsigned long trig_idx_base, unsigned long trig_count)"
#define DBTR_INSTALL                             \
	SBI_EID_DBTR, SBI_DBTR_INSTALL_TRIGGERS, \
		"sbi_debug_install_triggers(unsigned long trig_count)"
#define DBTR_UPDATE                             \
	SBI_EID_DBTR, SBI_DBTR_UPDATE_TRIGGERS, \
		"sbi_debug_update_triggers(unsigned long trig_count)"
#define DBTR_UNINSTALL                                                                     \
	SBI_EID_DBTR, SBI_DBTR_UNINSTALL_TRIGGERS,                                         \
		"sbi_debug_uninstall_triggers(unsigned long trig_idx_base, unsigned long " \
		"trig_idx_mask)"
#define DBTR_ENABLE                                                                     \
	SBI_EID_DBTR, SBI_DBTR_ENABLE_TRIGGERS,                                         \
		"sbi_debug_enable_triggers(unsigned long trig_idx_base, unsigned long " \
		"trig_idx_mask)"
#define DBTR_DISABLE                                                                     \
	SBI_EID_DBTR, SBI_DBTR_DISABLE_TRIGGERS,                                         \
		"sbi_debug_disable_triggers(unsigned long trig_idx_base, unsigned long " \
		"trig_idx_mask)"
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
	suspended_to_ram, misaligned_set, ipi_cleared, shutdown_exit, sta_zeroed, sta_stopped,
	sse_attrs_out, sse_preferred_out, sse_priority_5, sse_config_1, sse_preferred_2,
	sse_interrupted_sepc_5, sse_registered, sse_unregistered, sse_enabled, sse_disabled,
	sse_completed, sse_nothing_ran, sse_injected_here, sse_injected_2, sse_injected_global,
	sse_unmasked_now, sse_masked_now, pmu_ctr0_configured, pmu_ctr2_started, pmu_ctr3_timer,
	pmu_ctr2_skip, pmu_ctr0_started, pmu_ctr0_at_1000, pmu_ctr0_stopped, pmu_info_written,
	dbtr_shmem_set, dbtr_shmem_cleared, dbtr_read_out, dbtr_two_installed, dbtr_updated,
	dbtr_uninstalled, dbtr_enabled, dbtr_disabled_now;

#define BUF (RAM_BASE + 0x10) /* a DBCN buffer */
#define SSE_LOCAL SBI_SSE_EVENT_LOCAL_SOFTWARE
#define SSE_GLOBAL SBI_SSE_EVENT_GLOBAL_SOFTWARE
#define SSE_PMU SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW
/* A bit above every small value: bit 32, or the register's top bit on RV32. */
#define BIG (XLEN == 64 ? REG_BIT(32) : XLEN_MSB)

static const struct row table[] = {
	/* BASE: "there are no error returns defined"; each answers SBI_SUCCESS. */
	{ BASE_SPEC_VERSION, VALUE(SBI_SPEC_VERSION(RVKVM_SBI_SPEC_MAJOR, RVKVM_SBI_SPEC_MINOR)) },
	{ BASE_IMPL_ID, VALUE(RVKVM_SBI_IMPL_ID) },
	{ BASE_IMPL_VERSION, VALUE(RVKVM_SBI_IMPL_VERSION) },
	{ BASE_PROBE, .args = { SBI_EID_TIME }, VALUE(1), .spec = "available" },
	{ BASE_PROBE, .args = { SBI_EID_PMU }, VALUE(1), .spec = "available (PMU)" },
	{ BASE_PROBE, .args = { BIG | SBI_EID_TIME }, VALUE(0),
	  .spec = "a long: no EID has bit 32" },
	{ BASE_MVENDORID, VALUE(0) },
	{ BASE_MARCHID, VALUE(0) },
	{ BASE_MIMPID, VALUE(0) },
	{ NO_FID(SBI_EID_BASE, 7), .error = SBI_ERR_NOT_SUPPORTED },

	/* TIME: "always returns SBI_SUCCESS". */
	{ TIME_SET, .args = { U64_ARGS(0x123456789ULL) }, .effect = timer_set },
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
	{ RF_SFENCE_ASID, .args = { 1UL << 2, 0, 0x1000, 0x2000, SATP_ASID_MAX },
	  .effect = fenced_2 },
	{ RF_SFENCE_ASID, .args = { 1, ABSENT, 0x1000, 0x2000, 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "at least one hartid ... is not valid" },
	{ RF_SFENCE_ASID, .args = { 1UL << 2, 0, 0x1000, 0x2000, SATP_ASID_MAX + 1 },
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
	{ DBCN_WRITE, .args = { 5, PHYS_ARGS(HIGH_BASE) }, VALUE(5),
	  .spec = "base_addr_hi: the address's bits from XLEN up (RAM above 4 GiB)" },
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
	{ STA_SET, .args = { PHYS_ARGS(HIGH_BASE + 0x40), 0 }, VALUE(0),
	  .spec = "shmem_phys_hi: the address's bits from XLEN up (RAM above 4 GiB)" },
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

	/*
	 * SSE: the software-injected local (0xffff0000) and global (0xffff8000) events, and the
	 * local PMU overflow (0x00010000) where the host has Sscofpmf. The other standard events,
	 * and the PMU overflow elsewhere, are valid but have no source here (NOT_SUPPORTED);
	 * reserved and platform-specific ids are invalid.
	 */
	{ SSE_READ, .args = { SSE_LOCAL, 0, 10, SSE_BUF, 0 }, .given = sse_local_registered,
	  VALUE(0), .effect = sse_attrs_out, .spec = "every attribute, in id order" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 1, PHYS_ARGS(HIGH_BASE) }, VALUE(0),
	  .spec = "output_phys_hi: the address's bits from XLEN up (RAM above 4 GiB)" },
	{ SSE_READ, .args = { SSE_GLOBAL, 3, 1, SSE_BUF, 0 }, VALUE(0), .effect = sse_preferred_out,
	  .spec = "PREFERRED_HART alone, at offset 0" },
	{ SSE_READ, .args = { SSE_PMU, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "event_id is not reserved and valid, but ... not support(ed) (no PMU overflow: "
		  "no Sscofpmf)" },
	{ SSE_READ, .args = { SSE_PMU, 0, 1, SSE_BUF, 0 }, .given = sse_pmu_host, VALUE(0),
	  .effect = sse_unregistered, .spec = "the PMU overflow where the host has Sscofpmf" },
	{ SSE_READ, .args = { 0x00000001, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported: the double trap event (no Ssdbltrp)" },
	{ SSE_READ, .args = { 0x00008000, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported: the global high-priority RAS event" },
	{ SSE_READ, .args = { 0xffff0001, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is invalid (reserved)" },
	{ SSE_READ, .args = { 0x00004000, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is invalid (platform-specific, none implemented)" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 0, SSE_BUF, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "attr_count is zero" },
	{ SSE_READ, .args = { SSE_LOCAL, 9, 2, SSE_BUF, 0 }, .error = SBI_ERR_BAD_RANGE,
	  .spec = "One of the event attribute IDs in the range ... is reserved" },
	{ SSE_READ, .args = { SSE_LOCAL, 10, 1, SSE_BUF, 0 }, .error = SBI_ERR_BAD_RANGE,
	  .spec = "attribute 10 is reserved" },
	{ SSE_READ, .args = { SSE_LOCAL, 0xffffffff, 2, SSE_BUF, 0 }, .error = SBI_ERR_BAD_RANGE,
	  .spec = "a range that wraps around 2^32" },
	{ SSE_READ, .args = { SSE_LOCAL, 1, 0xffffffff, SSE_BUF, 0 }, .error = SBI_ERR_BAD_RANGE,
	  .spec = "an attr_count of 2^32 - 1" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 1, NOT_RAM, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... does not satisfy the requirements (not RAM)" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 1, SSE_BUF + HALF_REG, 0 },
	  .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "output_phys_lo ... MUST be XLEN / 8 bytes aligned" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 1, SSE_BUF, 1 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... (above 2^64)" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 1, ROM_BASE, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... (not writable)" },
	{ SSE_READ, .args = { SSE_LOCAL, 0, 2, RAM_BASE + RAM_SIZE - sizeof(unsigned long), 0 },
	  .error = SBI_ERR_INVALID_ADDRESS, .spec = "the shared memory ... (runs past RAM)" },
	{ SSE_READ, NEVER(SBI_ERR_FAILED, "reading a vCPU's attributes cannot fail") },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, SSE_BUF, 0 }, .given = sse_put_5, VALUE(0),
	  .effect = sse_priority_5, .spec = "PRIORITY, UNUSED" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 2, 1, SSE_BUF, 0 }, .given = sse_registered_put_1,
	  VALUE(0), .effect = sse_config_1, .spec = "CONFIG one-shot, REGISTERED" },
	{ SSE_WRITE, .args = { SSE_GLOBAL, 3, 1, SSE_BUF, 0 }, .given = sse_global_put_2, VALUE(0),
	  .effect = sse_preferred_2, .spec = "PREFERRED_HART is RW (global)" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 6, 1, SSE_BUF, 0 }, .given = sse_running_put_5, VALUE(0),
	  .effect = sse_interrupted_sepc_5, .spec = "INTERRUPTED_SEPC, RUNNING" },
	{ SSE_WRITE, .args = { SSE_PMU, 1, 1, SSE_BUF, 0 }, .given = sse_put_5,
	  .error = SBI_ERR_NOT_SUPPORTED, .spec = "not supported (no PMU overflow: no Sscofpmf)" },
	{ SSE_WRITE, .args = { 0xffffbfff, 1, 1, SSE_BUF, 0 }, .given = sse_put_5,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "event_id is invalid (reserved)" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 0, SSE_BUF, 0 }, .given = sse_put_5,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "attr_count is zero" },
	/* clang-format off */
	RV64_ONLY({ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, SSE_BUF, 0 }, .given = sse_put_big,
		    .error = SBI_ERR_INVALID_PARAM, .spec = "PRIORITY: only the lower 32 bits" },)
	/* clang-format on */
	{ SSE_WRITE, .args = { SSE_LOCAL, 2, 1, SSE_BUF, 0 }, .given = sse_put_2,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "CONFIG bit[XLEN-1:1] reserved" },
	{ SSE_WRITE, .args = { SSE_GLOBAL, 3, 1, SSE_BUF, 0 }, .given = sse_global_put_absent,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "PREFERRED_HART must always be valid hart ID" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 7, 1, SSE_BUF, 0 }, .given = sse_running_put_spv,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "INTERRUPTED_FLAGS: SPV without H" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 2, SSE_BUF, 0 }, .given = sse_put_5_2,
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the first error (CONFIG's), and PRIORITY is not written either" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 0, 1, SSE_BUF, 0 }, .error = SBI_ERR_DENIED,
	  .spec = "STATUS is read-only" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 4, 1, SSE_BUF, 0 }, .error = SBI_ERR_DENIED,
	  .spec = "ENTRY_PC is read-only" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 3, 1, SSE_BUF, 0 }, .given = sse_put_absent,
	  .error = SBI_ERR_DENIED, .spec = "PREFERRED_HART is read-only (local)" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, SSE_BUF, 0 }, .given = sse_enabled_put_5,
	  .error = SBI_ERR_INVALID_STATE, .spec = "PRIORITY only in UNUSED or REGISTERED" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 8, 1, SSE_BUF, 0 }, .given = sse_put_5,
	  .error = SBI_ERR_INVALID_STATE, .spec = "INTERRUPTED_A6 only in RUNNING" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 9, 2, SSE_BUF, 0 }, .given = sse_put_5,
	  .error = SBI_ERR_BAD_RANGE, .spec = "attribute 10 is reserved" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, NOT_RAM, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... (not RAM)" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, SSE_BUF + 1, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "input_phys_lo ... MUST be XLEN / 8 bytes aligned" },
	{ SSE_WRITE, .args = { SSE_LOCAL, 1, 1, SSE_BUF, BIG }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "the shared memory ... (above 2^64)" },
	{ SSE_WRITE, NEVER(SBI_ERR_FAILED, "writing a vCPU's attributes cannot fail") },
	{ SSE_REGISTER, .args = { SSE_LOCAL, ENTRY, OPAQUE }, VALUE(0), .effect = sse_registered },
	{ SSE_REGISTER, .args = { SSE_GLOBAL, ENTRY + 2, OPAQUE }, VALUE(0),
	  .effect = sse_registered, .spec = "2-byte aligned is enough" },
	{ SSE_REGISTER, .args = { SSE_LOCAL, ENTRY + 1, OPAQUE }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "handler_entry_pc is not 2-bytes aligned" },
	{ SSE_REGISTER, .args = { 0x00020000, ENTRY, OPAQUE }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is invalid (reserved)" },
	{ SSE_REGISTER, .args = { SSE_PMU, ENTRY, OPAQUE }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported (no PMU overflow: no Sscofpmf)" },
	{ SSE_REGISTER, .args = { SSE_PMU, ENTRY, OPAQUE }, .given = sse_pmu_host, VALUE(0),
	  .effect = sse_registered, .spec = "the PMU overflow, a local event with Sscofpmf" },
	{ SSE_REGISTER, .args = { SSE_LOCAL, ENTRY, OPAQUE }, .given = sse_local_registered,
	  .error = SBI_ERR_INVALID_STATE, .spec = "the event is not in UNUSED state" },
	{ SSE_UNREGISTER, .args = { SSE_LOCAL }, .given = sse_local_registered, VALUE(0),
	  .effect = sse_unregistered },
	{ SSE_UNREGISTER, .args = { SSE_LOCAL }, .error = SBI_ERR_INVALID_STATE,
	  .spec = "not in REGISTERED state (UNUSED)" },
	{ SSE_UNREGISTER, .args = { SSE_LOCAL }, .given = sse_local_enabled,
	  .error = SBI_ERR_INVALID_STATE, .spec = "not in REGISTERED state (ENABLED)" },
	{ SSE_UNREGISTER, .args = { 0x00100001 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is invalid (reserved)" },
	{ SSE_UNREGISTER, .args = { 0x00100000 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported: the local low-priority RAS event" },
	{ SSE_ENABLE, .args = { SSE_LOCAL }, .given = sse_local_registered, VALUE(0),
	  .effect = sse_enabled },
	{ SSE_ENABLE, .args = { SSE_LOCAL }, .error = SBI_ERR_INVALID_STATE,
	  .spec = "not in REGISTERED state (UNUSED)" },
	{ SSE_ENABLE, .args = { SSE_LOCAL }, .given = sse_local_enabled,
	  .error = SBI_ERR_INVALID_STATE, .spec = "not in REGISTERED state (ENABLED)" },
	{ SSE_ENABLE, .args = { 0xffffc000 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is not valid (platform-specific)" },
	{ SSE_ENABLE, .args = { 0x00108000 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported: the global low-priority RAS event" },
	{ SSE_DISABLE, .args = { SSE_LOCAL }, .given = sse_local_enabled, VALUE(0),
	  .effect = sse_disabled },
	{ SSE_DISABLE, .args = { SSE_LOCAL }, .given = sse_local_registered,
	  .error = SBI_ERR_INVALID_STATE, .spec = "not in ENABLED state" },
	{ SSE_DISABLE, .args = { SSE_LOCAL }, .given = sse_local_running,
	  .error = SBI_ERR_INVALID_STATE, .spec = "not in ENABLED state (RUNNING)" },
	{ SSE_DISABLE, .args = { 2 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is not valid (reserved)" },
	{ SSE_DISABLE, .args = { 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported: the local high-priority RAS event" },
	{ SSE_COMPLETE, VALUE(0), .effect = sse_nothing_ran,
	  .spec = "no events in RUNNING state: does nothing and returns SBI_SUCCESS" },
	{ SSE_COMPLETE, .given = sse_local_running, .next = SBI_NEXT_NO_RETURN,
	  .effect = sse_completed, .spec = "resumes the interrupted state" },
	{ SSE_INJECT, .args = { SSE_LOCAL, 0 }, VALUE(0), .effect = sse_injected_here },
	{ SSE_INJECT, .args = { SSE_LOCAL, 2 }, VALUE(0), .effect = sse_injected_2,
	  .spec = "the hart on which the event is to be injected" },
	{ SSE_INJECT, .args = { SSE_GLOBAL, ABSENT }, VALUE(0), .effect = sse_injected_global,
	  .spec = "For global events, the hart_id parameter is ignored" },
	{ SSE_INJECT, .args = { SSE_LOCAL, ABSENT }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hart_id is invalid" },
	{ SSE_INJECT, .args = { SSE_LOCAL, BIG | 2 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "hart_id is an unsigned long: BIG | 2 is not hart 2" },
	{ SSE_INJECT, .args = { 0xffff7fff, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "event_id is invalid (platform-specific)" },
	{ SSE_INJECT, .args = { SSE_PMU, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "not supported (no PMU overflow: no Sscofpmf)" },
	{ SSE_INJECT, .args = { SSE_PMU, 0 }, .given = sse_pmu_host, VALUE(0),
	  .spec = "the PMU overflow is injectable, as all of OpenSBI's events are" },
	{ SSE_INJECT, NEVER(SBI_ERR_FAILED, "an injection into a vCPU cannot fail") },
	{ SSE_UNMASK, VALUE(0), .effect = sse_unmasked_now, .spec = "masked initially" },
	{ SSE_UNMASK, .given = sse_unmasked, .error = SBI_ERR_ALREADY_STARTED,
	  .spec = "already unmasked" },
	{ SSE_UNMASK, NEVER(SBI_ERR_FAILED, "a vCPU's mask cannot fail to change") },
	{ SSE_MASK, .given = sse_unmasked, VALUE(0), .effect = sse_masked_now },
	{ SSE_MASK, .error = SBI_ERR_ALREADY_STOPPED, .spec = "already masked" },
	{ SSE_MASK, NEVER(SBI_ERR_FAILED, "a vCPU's mask cannot fail to change") },
	{ NO_FID(SBI_EID_SSE, 10), .error = SBI_ERR_NOT_SUPPORTED },

	/* PMU: num_counters "always returns SBI_SUCCESS". */
	{ PMU_NUM, VALUE(VCPU_PMU_COUNTERS) },
	{ PMU_INFO_FN, .args = { 0 }, VALUE(0xc00UL | 63UL << 12), .spec = "cycle, 64 bits" },
	{ PMU_INFO_FN, .args = { 2 }, VALUE(0xc02UL | 63UL << 12), .spec = "instret, 64 bits" },
	{ PMU_INFO_FN, .args = { 3 }, VALUE(SBI_PMU_INFO_TYPE_FW | (XLEN - 1UL) << 12),
	  .spec = "a firmware counter, XLEN bits" },
	{ PMU_INFO_FN, .args = { 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "counter_idx points to an invalid counter (time's place)" },
	{ PMU_INFO_FN, .args = { VCPU_PMU_COUNTERS }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "counter_idx points to an invalid counter" },
	{ PMU_INFO_FN, .args = { BIG }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "an unsigned long: bit 32 is no narrow parameter's" },
	{ NO_FID(SBI_EID_PMU, 9), .error = SBI_ERR_NOT_SUPPORTED },

	/* config_matching: "counter found and configured successfully". */
	{ PMU_MATCH, .args = { 0, 0x5, 0, EV_CYCLES }, VALUE(0), .effect = pmu_ctr0_configured },
	{ PMU_MATCH,
	  .args = { 0, 0x5, SBI_PMU_CFG_FLAG_AUTO_START | SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_INSNS },
	  VALUE(2), .effect = pmu_ctr2_started },
	{ PMU_MATCH,
	  .args = { 2, 0x3e, SBI_PMU_CFG_FLAG_SET_SINH | SBI_PMU_CFG_FLAG_SET_UINH, EV_TIMER },
	  VALUE(3), .effect = pmu_ctr3_timer, .spec = "the filter flags are hints" },
	{ PMU_MATCH, .args = { 0, 0x4, SBI_PMU_CFG_FLAG_SKIP_MATCH, EV_INSNS }, VALUE(2),
	  .effect = pmu_ctr2_skip, .spec = "SKIP_MATCH: the set's first counter" },
	{ PMU_MATCH, .args = { 0, 0x5, SBI_PMU_CFG_FLAG_SKIP_MATCH, EV_INSNS },
	  .error = SBI_ERR_NOT_SUPPORTED, .spec = "SKIP_MATCH's counter (cycle) cannot count it" },
	{ PMU_MATCH, .args = { 0, 0x1, 0, EV_CYCLES }, .given = pmu_cycles_configured,
	  .error = SBI_ERR_NOT_SUPPORTED, .spec = "none of the counters can monitor (all taken)" },
	{ PMU_MATCH, .args = { 3, 0xffff, 0, EV_CYCLES }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "none of the counters (firmware ones) can monitor cycles" },
	{ PMU_MATCH, .args = { 0, 0x5, 0, EV_CACHE }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "none of the counters can monitor a cache event" },
	{ PMU_MATCH, .args = { 3, 1, 0, SBI_PMU_EVENT(SBI_PMU_TYPE_FW, SBI_PMU_FW_PLATFORM) },
	  .error = SBI_ERR_NOT_SUPPORTED, .spec = "no platform firmware events" },
	{ PMU_MATCH, .args = { 0, 1, 0, BIG | EV_CYCLES }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "event_idx is 20 bits: no event has bit 32" },
	{ PMU_MATCH, .args = { 0, 0x3, 0, EV_CYCLES }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "set of counters has at least one invalid counter (1)" },
	{ PMU_MATCH, .args = { 3, 1UL << 16, 0, EV_TIMER }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "set of counters has at least one invalid counter (past the last)" },
	{ PMU_MATCH, .args = { ~0UL, 0x2, 0, EV_TIMER }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "base + bit wraps around" },
	{ PMU_MATCH, .args = { 0, 0, 0, EV_CYCLES }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "an empty set has no valid counter" },
	{ PMU_MATCH, .args = { 0, 1, 1UL << 8, EV_CYCLES }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "config_flags: reserved bits" },

	/* start: "counter started successfully". */
	{ PMU_START, .args = { 0, 1, 0, 99 }, .given = pmu_cycles_configured,
	  .effect = pmu_ctr0_started, .spec = "without SET_INIT_VALUE the value stays" },
	{ PMU_START, .args = { 0, 1, SBI_PMU_START_SET_INIT_VALUE, 1000 },
	  .given = pmu_cycles_configured, .effect = pmu_ctr0_at_1000 },
	{ PMU_START, .args = { 0, 1, 0, 0 }, .given = pmu_cycles_started,
	  .error = SBI_ERR_ALREADY_STARTED, .spec = "includes a counter already started" },
	{ PMU_START, .args = { 0, 1, 0, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "an invalid counter: configured for no event" },
	{ PMU_START, .args = { 1, 1, 0, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "set of counters has at least one invalid counter" },
	{ PMU_START, .args = { 0, 1, 1UL << 2, 0 }, .given = pmu_cycles_configured,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "start_flags: reserved bits" },
	{ PMU_START, .args = { 0, 1, SBI_PMU_START_FLAG_INIT_SNAPSHOT, 0 },
	  .given = pmu_cycles_configured, .error = SBI_ERR_NO_SHMEM,
	  .spec = "the snapshot shared memory is not available" },

	/* stop: "counter stopped successfully". */
	{ PMU_STOP, .args = { 0, 1, 0 }, .given = pmu_cycles_started, .effect = pmu_ctr0_stopped },
	{ PMU_STOP, .args = { 0, 1, 0 }, .given = pmu_cycles_configured,
	  .error = SBI_ERR_ALREADY_STOPPED, .spec = "includes a counter already stopped" },
	{ PMU_STOP, .args = { 0, 0x3, 0 }, .given = pmu_cycles_started,
	  .error = SBI_ERR_INVALID_PARAM,
	  .spec = "set of counters has at least one invalid counter" },
	{ PMU_STOP, .args = { 0, 1, 1UL << 2 }, .given = pmu_cycles_started,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "stop_flags: reserved bits" },
	{ PMU_STOP, .args = { 0, 1, SBI_PMU_STOP_FLAG_TAKE_SNAPSHOT }, .given = pmu_cycles_started,
	  .error = SBI_ERR_NO_SHMEM, .spec = "the snapshot shared memory is not available" },

	/* fw_read, fw_read_hi: "firmware counter read successfully". */
	{ PMU_FW_READ, .args = { 3 }, .given = pmu_timer_counted, VALUE(5) },
	{ PMU_FW_READ, .args = { 0 }, .given = pmu_cycles_configured,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "counter_idx points to a hardware counter" },
	{ PMU_FW_READ, .args = { 3 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "an invalid counter: configured for no event" },
	{ PMU_FW_READ, .args = { VCPU_PMU_COUNTERS }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "counter_idx points to an invalid counter" },
	{ PMU_FW_READ_HI, .args = { 3 }, .given = pmu_timer_counted, VALUE(0),
	  .spec = "always returns zero in sbiret.value for RV64" },
	{ PMU_FW_READ_HI, .args = { 2 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "counter_idx points to a hardware counter" },
	{ PMU_FW_READ_HI, .args = { BIG | 3 }, .given = pmu_timer_counted,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "counter_idx points to an invalid counter" },

	/* snapshot_set_shmem: "an optional function". */
	{ PMU_SNAPSHOT, .args = { RAM_BASE, 0, 0 }, .error = SBI_ERR_NOT_SUPPORTED,
	  .spec = "the snapshot functionality is not available" },
	{ PMU_SNAPSHOT, NEVER(SBI_ERR_INVALID_PARAM, "not available: checks nothing") },
	{ PMU_SNAPSHOT, NEVER(SBI_ERR_INVALID_ADDRESS, "not available: checks nothing") },

	/* event_get_info: "the output field is updated for each event". */
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, 3, 0 }, .given = pmu_info_entries,
	  .effect = pmu_info_written },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, 0, 0 }, .spec = "no entries: nothing to do" },
	{ PMU_EVENT_INFO, .args = { PHYS_ARGS(HIGH_BASE), 1, 0 },
	  .spec = "shmem_phys_hi: the address's bits from XLEN up (RAM above 4 GiB)" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, 3, 1 }, .given = pmu_info_entries,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "the flags parameter is not zero" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO + 8, 0, 1, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "shmem_phys_lo is not 16-bytes aligned" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, 3, 0 }, .given = pmu_info_reserved,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "event_idx doesn't conform (bits 20-31)" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, 3, 0 }, .given = pmu_info_bad_type,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "event_idx doesn't conform (no such type)" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 1, 1, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (above XLEN)" },
	{ PMU_EVENT_INFO, .args = { NOT_RAM, 0, 1, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (no RAM)" },
	{ PMU_EVENT_INFO, .args = { ROM_BASE, 0, 1, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (read-only)" },
	{ PMU_EVENT_INFO, .args = { RAM_BASE + RAM_SIZE - 16, 0, 2, 0 },
	  .error = SBI_ERR_INVALID_ADDRESS, .spec = "not writable (past RAM's end)" },
	{ PMU_EVENT_INFO, .args = { PMU_INFO, 0, ~0UL, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "16 * num_entries bytes: more than the address space" },
	{ PMU_EVENT_INFO, NEVER(SBI_ERR_NOT_SUPPORTED, "implemented") },
	{ PMU_EVENT_INFO, NEVER(SBI_ERR_FAILED, "writes to RAM cannot fail") },

	/* DBTR (chapter 19); vCPU 0 has two triggers, QEMU 7.2's (fake_arch.dbtr_triggers). */
	{ DBTR_NUM, .args = { 0 }, VALUE(2), .spec = "trig_max when trig_tdata1 == 0" },
	{ DBTR_NUM, .args = { TD_EXEC_S }, VALUE(2), .spec = "the number of matching triggers" },
	{ DBTR_NUM, .args = { TD_MC2 }, VALUE(0),
	  .spec = "none: an mcontrol trigger never fires in VS/VU" },
	{ DBTR_NUM, .args = { TD_EXEC_S | SDTRIG_MC6_M }, VALUE(0), .spec = "none: m must be 0" },
	{ DBTR_SET_SHMEM, .args = { DBTR_SHMEM, 0, 0 }, .effect = dbtr_shmem_set },
	{ DBTR_SET_SHMEM, .args = { PHYS_ARGS(HIGH_BASE), 0 },
	  .spec = "shmem_phys_hi: the address's bits from XLEN up (RAM above 4 GiB)" },
	{ DBTR_SET_SHMEM, .args = { ~0UL, ~0UL, 0 }, .given = dbtr_shmem_on,
	  .effect = dbtr_shmem_cleared, .spec = "all-ones: shared memory disabled" },
	{ DBTR_SET_SHMEM, .args = { DBTR_SHMEM, 0, 1 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "the flags parameter is not zero" },
	{ DBTR_SET_SHMEM, .args = { DBTR_SHMEM + HALF_REG, 0, 0 }, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "shmem_phys_lo is not (XLEN / 8) bytes aligned" },
	{ DBTR_SET_SHMEM, .args = { DBTR_SHMEM, 1, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (above XLEN)" },
	{ DBTR_SET_SHMEM, .args = { NOT_RAM, 0, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (no RAM)" },
	{ DBTR_SET_SHMEM, .args = { ROM_BASE, 0, 0 }, .error = SBI_ERR_INVALID_ADDRESS,
	  .spec = "not writable (read-only)" },
	{ DBTR_SET_SHMEM, .args = { RAM_BASE + RAM_SIZE - SBI_DBTR_ENTRY_SIZE, 0, 0 },
	  .error = SBI_ERR_INVALID_ADDRESS, .spec = "trig_max * (XLEN / 2) bytes past RAM's end" },
	{ DBTR_SET_SHMEM, NEVER(SBI_ERR_FAILED, "checks only what the guest passed") },
	{ DBTR_READ, .args = { 0, 2 }, .given = dbtr_installed, .effect = dbtr_read_out },
	{ DBTR_READ, .args = { 0, 1 }, .error = SBI_ERR_NO_SHMEM,
	  .spec = "shared memory for debug triggers is disabled" },
	{ DBTR_READ, .args = { 2, 0 }, .given = dbtr_shmem_on, .error = SBI_ERR_BAD_RANGE,
	  .spec = "trig_idx_base >= trig_max" },
	{ DBTR_READ, .args = { 1, 2 }, .given = dbtr_shmem_on, .error = SBI_ERR_BAD_RANGE,
	  .spec = "trig_idx_base + trig_count past trig_max" },
	{ DBTR_READ, .args = { 1, ~0UL }, .given = dbtr_shmem_on, .error = SBI_ERR_BAD_RANGE,
	  .spec = "trig_idx_base + trig_count past trig_max (wrapping)" },
	{ DBTR_INSTALL, .args = { 2 }, .given = dbtr_entries, .effect = dbtr_two_installed },
	{ DBTR_INSTALL, .args = { 1 }, .error = SBI_ERR_NO_SHMEM, VALUE(0),
	  .spec = "shared memory is disabled; value zero" },
	{ DBTR_INSTALL, .args = { 3 }, .given = dbtr_entries, .error = SBI_ERR_BAD_RANGE,
	  .spec = "trig_count past trig_max" },
	{ DBTR_INSTALL, .args = { 2 }, .given = dbtr_entry1_m, .error = SBI_ERR_INVALID_PARAM,
	  VALUE(1), .spec = "trig_tdata1 invalid (m set) at array index 1" },
	{ DBTR_INSTALL, .args = { 2 }, .given = dbtr_entry0_vs, .error = SBI_ERR_INVALID_PARAM,
	  VALUE(0), .spec = "trig_tdata1 invalid: vs for a guest without H (riscv-sbi-doc #188)" },
	{ DBTR_INSTALL, .args = { 2 }, .given = dbtr_full, .error = SBI_ERR_FAILED, VALUE(1),
	  .spec = "failed to assign a trig_idx to array index 1" },
	{ DBTR_INSTALL, .args = { 1 }, .given = dbtr_entry0_mcontrol, .error = SBI_ERR_FAILED,
	  VALUE(0), .spec = "no HW debug trigger of type 2 fires in a guest" },
	{ DBTR_INSTALL, .args = { 2 }, .given = dbtr_firmware_refuses, .error = SBI_ERR_FAILED,
	  .spec = "failed for the HW trigger (the firmware refused)" },
	{ DBTR_INSTALL, .args = { 1 }, .given = dbtr_entry0_chain, .error = SBI_ERR_NOT_SUPPORTED,
	  VALUE(0), .spec = "unimplemented optional bits (chain)" },
	{ DBTR_UPDATE, .args = { 1 }, .given = dbtr_update_to_store, .effect = dbtr_updated },
	{ DBTR_UPDATE, .args = { 1 }, .error = SBI_ERR_NO_SHMEM, VALUE(0),
	  .spec = "shared memory is disabled" },
	{ DBTR_UPDATE, .args = { 3 }, .given = dbtr_installed, .error = SBI_ERR_BAD_RANGE,
	  .spec = "trig_count past trig_max" },
	{ DBTR_UPDATE, .args = { 1 }, .given = dbtr_update_past, .error = SBI_ERR_INVALID_PARAM,
	  VALUE(0), .spec = "trig_idx >= trig_max" },
	{ DBTR_UPDATE, .args = { 1 }, .given = dbtr_update_free, .error = SBI_ERR_FAILED, VALUE(0),
	  .spec = "valid trig_idx, not mapped to a HW trigger" },
	{ DBTR_UPDATE, .args = { 1 }, .given = dbtr_update_textra, .error = SBI_ERR_NOT_SUPPORTED,
	  VALUE(0), .spec = "unimplemented optional bits (tdata3)" },
	{ DBTR_UNINSTALL, .args = { 0, 1 }, .given = dbtr_installed, .effect = dbtr_uninstalled },
	{ DBTR_UNINSTALL, .args = { 0, 3 }, .given = dbtr_installed, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "one of the set not mapped (trigger 1)" },
	{ DBTR_UNINSTALL, .args = { BIG, 1 }, .given = dbtr_installed,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "trig_idx >= trig_max" },
	{ DBTR_ENABLE, .args = { 0, 1 }, .given = dbtr_disabled, .effect = dbtr_enabled },
	{ DBTR_ENABLE, .args = { 1, 1 }, .given = dbtr_installed, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "not mapped" },
	{ DBTR_ENABLE, .args = { ~0UL, 2 }, .given = dbtr_installed, .error = SBI_ERR_INVALID_PARAM,
	  .spec = "trig_idx >= trig_max (base + 1 wraps)" },
	{ DBTR_DISABLE, .args = { 0, 1 }, .given = dbtr_installed, .effect = dbtr_disabled_now },
	{ DBTR_DISABLE, .args = { 0, XLEN_MSB }, .given = dbtr_installed,
	  .error = SBI_ERR_INVALID_PARAM, .spec = "trig_idx >= trig_max" },
	{ NO_FID(SBI_EID_DBTR, 8), .error = SBI_ERR_NOT_SUPPORTED },

	/* v0.1: "0 upon success or an implementation specific negative error code", in a0. */
	{ L_SET_TIMER, .args = { U64_ARGS(0x123456789ULL) }, LEGACY(0), .effect = timer_set },
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
	{ L_SFENCE_ASID, .args = { RAM_BASE, 0x1000, 0x2000, SATP_ASID_MAX }, LEGACY(0),
	  .effect = fenced_2 },
	{ L_SFENCE_ASID, .args = { RAM_BASE, 0x1000, 0x2000, SATP_ASID_MAX + 1 },
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
	FN(SSE_READ),
	FN(SSE_WRITE),
	FN(SSE_REGISTER),
	FN(SSE_UNREGISTER),
	FN(SSE_ENABLE),
	FN(SSE_DISABLE),
	FN(SSE_COMPLETE),
	FN(SSE_INJECT),
	FN(SSE_UNMASK),
	FN(SSE_MASK),
	FN(PMU_NUM),
	FN(PMU_INFO_FN),
	FN(PMU_MATCH),
	FN(PMU_START),
	FN(PMU_STOP),
	FN(PMU_FW_READ),
	FN(PMU_FW_READ_HI),
	FN(PMU_SNAPSHOT),
	FN(PMU_EVENT_INFO),
	FN(DBTR_NUM),
	FN(DBTR_SET_SHMEM),
	FN(DBTR_READ),
	FN(DBTR_INSTALL),
	FN(DBTR_UPDATE),
	FN(DBTR_UNINSTALL),
	FN(DBTR_ENABLE),
	FN(DBTR_DISABLE),
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
	return s->arch.timers == 1 && s->arch.timer_deadline == u64_arg(row->args, 0)
		       ? NULL
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

/* SSE. */

static unsigned long sse_out(const struct seen *s, unsigned i)
{
	unsigned long v;

	memcpy(&v, s->ram_after + (SSE_BUF - RAM_BASE) + i * sizeof(v), sizeof(v));
	return v;
}

static bool sse_out_after(const struct seen *s, unsigned n)
{
	for (unsigned long a = SSE_BUF + n * sizeof(long); a < RAM_BASE + RAM_SIZE; a++) {
		if (s->ram_after[a - RAM_BASE] != ram_pattern(a)) {
			return false;
		}
	}
	return true;
}

static const char *sse_attrs_out(const struct row *row, const struct seen *s)
{
	const unsigned long want[10] = { SBI_SSE_STATE_REGISTERED | SBI_SSE_STATUS_INJECTABLE,
					 0,
					 0,
					 0, /* a local event's preferred hart is its own */
					 ENTRY,
					 OPAQUE,
					 0,
					 0,
					 0,
					 0 };

	(void)row;
	for (unsigned i = 0; i < 10; i++) {
		if (sse_out(s, i) != want[i]) {
			return "an attribute read wrong";
		}
	}
	return sse_out_after(s, 10) ? NULL : "written past attr_count values";
}

static const char *sse_preferred_out(const struct row *row, const struct seen *s)
{
	(void)row;
	return sse_out(s, 0) == 0 && sse_out_after(s, 1) ? NULL : "not PREFERRED_HART 0 alone";
}

static const char *sse_priority_5(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse[0].local.priority == 5 ? NULL : "priority not set";
}

static const char *sse_config_1(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse[0].local.config == SBI_SSE_CONFIG_ONESHOT ? NULL : "config not set";
}

static const char *sse_preferred_2(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse_global.preferred_hart == 2 ? NULL : "preferred hart not set";
}

static const char *sse_interrupted_sepc_5(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse[0].local.interrupted[0] == 5 && s->sse[0].local.interrupted[3] == 0xa7
		       ? NULL
		       : "INTERRUPTED_SEPC alone must change";
}

static const struct sse_event *sse_named(const struct row *row, const struct seen *s)
{
	switch ((uint32_t)row->args[0]) {
	case SSE_GLOBAL:
		return &s->sse_global;
	case SSE_PMU:
		return &s->sse[0].pmu_overflow;
	default:
		return &s->sse[0].local;
	}
}

static const char *sse_registered(const struct row *row, const struct seen *s)
{
	const struct sse_event *e = sse_named(row, s);

	return e->state == SBI_SSE_STATE_REGISTERED && e->entry_pc == row->args[1] &&
			       e->entry_arg == row->args[2]
		       ? NULL
		       : "not REGISTERED with the entry pc and arg";
}

static const char *sse_unregistered(const struct row *row, const struct seen *s)
{
	return sse_named(row, s)->state == SBI_SSE_STATE_UNUSED ? NULL : "not UNUSED";
}

static const char *sse_enabled(const struct row *row, const struct seen *s)
{
	if (sse_named(row, s)->state != SBI_SSE_STATE_ENABLED) {
		return "not ENABLED";
	}
	return s->sse[0].look ? NULL : "the run loop is not told to look";
}

static const char *sse_disabled(const struct row *row, const struct seen *s)
{
	return sse_named(row, s)->state == SBI_SSE_STATE_REGISTERED ? NULL : "not REGISTERED";
}

static const char *sse_nothing_ran(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse[0].local.state == SBI_SSE_STATE_UNUSED && !s->sse[0].look ? NULL
										: "state changed";
}

/* sse_local_running's world, completed: the handler's sret, then the saved state back. */
static const char *sse_completed(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->ctx0.sepc != SSE_PC || !(s->ctx0.sstatus & SSTATUS_SPP)) {
		return "not back at the interrupted pc in VS-mode";
	}
	if (s->ctx0.gpr[GPR_A6] != 0xa6 || s->ctx0.gpr[GPR_A7] != 0xa7) {
		return "a6/a7 not restored";
	}
	if (s->vsepc0 != 0x5ec || s->vsstatus0 != (SSTATUS_SIE | SSTATUS_SPIE)) {
		return "vsepc, or vsstatus (SIE = SPIE, SPIE and SPP from the flags), not restored";
	}
	return s->sse[0].local.state == SBI_SSE_STATE_ENABLED && s->sse[0].look
		       ? NULL
		       : "not ENABLED again";
}

static const char *sse_injected_here(const struct row *row, const struct seen *s)
{
	(void)row;
	if (!s->sse[0].local.pending || !s->sse[0].look || s->sse[2].local.pending) {
		return "not pending here alone";
	}
	return s->arch.kicks == 0 ? NULL : "kicked";
}

static const char *sse_injected_2(const struct row *row, const struct seen *s)
{
	(void)row;
	if (!s->sse[2].local.pending || !s->sse[2].look || s->sse[0].local.pending) {
		return "not pending at vCPU 2 alone";
	}
	return s->arch.kicks == 1 && s->arch.kicked[0] == &vcpu[2] ? NULL : "vCPU 2 not kicked";
}

static const char *sse_injected_global(const struct row *row, const struct seen *s)
{
	(void)row;
	if (!s->sse_global.pending || s->sse[0].local.pending) {
		return "the global event is not pending";
	}
	return s->sse[0].look && s->arch.kicks == 0 ? NULL : "its hart (0, here) not told";
}

static const char *sse_unmasked_now(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->sse[0].unmasked && s->sse[0].look ? NULL : "not unmasked";
}

static const char *sse_masked_now(const struct row *row, const struct seen *s)
{
	(void)row;
	return !s->sse[0].unmasked ? NULL : "not masked";
}

/* The counter as a call left it: configured for event, started or not, and its value. */
static const char *pmu_counter(const struct seen *s, unsigned i, uint32_t event, bool started,
			       uint64_t value)
{
	const struct vcpu_pmu_counter *c = &s->pmu0.ctr[i];

	if (c->event != event) {
		return "counter not configured for the event";
	}
	if (c->started != started) {
		return started ? "counter not started" : "counter still started";
	}
	return c->value == value ? NULL : "counter value wrong";
}

/* Configured, not started: the guest's reads of cycle trap from now on (hcounteren.CY clear). */
static const char *pmu_ctr0_configured(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->pmu0.hcounteren != (VCPU_HCOUNTEREN_DEFAULT & ~1UL) || s->ctx0.pmu_on) {
		return "hcounteren/pmu_on wrong";
	}
	return pmu_counter(s, 0, EV_CYCLES, false, 0);
}

static const char *pmu_ctr2_started(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->pmu0.hcounteren != (VCPU_HCOUNTEREN_DEFAULT & ~4UL) || !s->ctx0.pmu_on) {
		return "hcounteren/pmu_on wrong";
	}
	return pmu_counter(s, 2, EV_INSNS, true, 0);
}

static const char *pmu_ctr3_timer(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->ctx0.pmu_on || s->pmu0.hcounteren != VCPU_HCOUNTEREN_DEFAULT) {
		return "a firmware counter changed the hardware counters' state";
	}
	return pmu_counter(s, 3, EV_TIMER, false, 0);
}

static const char *pmu_ctr2_skip(const struct row *row, const struct seen *s)
{
	(void)row;
	return pmu_counter(s, 2, EV_INSNS, false, 0);
}

static const char *pmu_ctr0_started(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->ctx0.pmu_on ? pmu_counter(s, 0, EV_CYCLES, true, 7) : "pmu_on not set";
}

static const char *pmu_ctr0_at_1000(const struct row *row, const struct seen *s)
{
	(void)row;
	return pmu_counter(s, 0, EV_CYCLES, true, 1000);
}

static const char *pmu_ctr0_stopped(const struct row *row, const struct seen *s)
{
	(void)row;
	return !s->ctx0.pmu_on ? pmu_counter(s, 0, EV_CYCLES, false, 7) : "pmu_on still set";
}

static const char *pmu_info_written(const struct row *row, const struct seen *s)
{
	static const uint32_t want[3] = { 1, 1, 0 };

	(void)row;
	for (unsigned i = 0; i < 3; i++) {
		uint32_t out;

		memcpy(&out, s->ram_after + (PMU_INFO - RAM_BASE) + i * SBI_PMU_EVENT_INFO_SIZE + 4,
		       sizeof(out));
		if (out != want[i]) {
			return "an entry's output is wrong";
		}
	}
	return NULL;
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
	SAME(sse);
	SAME(sse_global);
	SAME(pmu0);
	SAME(dbtr0);
	SAME(arch.dbtr_in_hart); /* tried, maybe, but the hart holds what it held */
	SAME(ctx0);
	SAME(vsepc0);
	SAME(vsstatus0);
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
 * them: bit 32 alone (what a conformance checker tries first), and every bit above. An RV32
 * register has no bits above a uint32_t, and bit 31 is a uint8_t's "bit 32 alone".
 */
static void test_narrow_parameters(void **state)
{
	unsigned calls = 0;

	(void)state;
	failures = 0;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *row = &table[i];

		if (row->never || !((XLEN > 32 ? row->u32 : 0) | row->u8)) {
			continue;
		}
		run(row, row->args, &plain);
		for (int all = 0; all <= 1; all++) {
			unsigned long args[6];
			const char *what = all ? "every upper bit set" : "bit 32 set";

			memcpy(args, row->args, sizeof(args));
			for (unsigned n = 0; n < 6; n++) {
				if (XLEN > 32 && (row->u32 & A(n))) {
					args[n] |= all ? REG_BITS_FROM(32) : BIG;
				}
				if (row->u8 & A(n)) {
					args[n] |= all ? REG_BITS_FROM(8) : BIG;
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
/* ---- DBTR effects ---- */

static unsigned long dbtr_word(const struct seen *s, unsigned entry, unsigned word)
{
	unsigned long w;

	memcpy(&w,
	       s->ram_after + (DBTR_SHMEM - RAM_BASE) + entry * SBI_DBTR_ENTRY_SIZE +
		       word * sizeof(unsigned long),
	       sizeof(w));
	return w;
}

static const char *dbtr_shmem_set(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->dbtr0.shmem == DBTR_SHMEM ? NULL : "the shared memory is not at shmem_phys_lo";
}

static const char *dbtr_shmem_cleared(const struct row *row, const struct seen *s)
{
	(void)row;
	return s->dbtr0.shmem == VCPU_DBTR_OFF ? NULL : "the shared memory is still on";
}

static const char *dbtr_read_out(const struct row *row, const struct seen *s)
{
	(void)row;
	if (dbtr_word(s, 0, 0) != (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S) ||
	    dbtr_word(s, 0, 1) != TD_EXEC_S || dbtr_word(s, 0, 2) != DBTR_ADDR0 ||
	    dbtr_word(s, 0, 3) != 0) {
		return "trigger 0's state and configuration are not in entry 0";
	}
	for (unsigned w = 0; w < SBI_DBTR_ENTRY_WORDS; w++) {
		if (dbtr_word(s, 1, w) != 0) {
			return "free trigger 1 does not read as zeros";
		}
	}
	return NULL;
}

static const char *dbtr_two_installed(const struct row *row, const struct seen *s)
{
	const struct vcpu_dbtr_trigger *t = s->dbtr0.trig;

	(void)row;
	if (dbtr_word(s, 0, 0) != 0 || dbtr_word(s, 1, 0) != 1) {
		return "trig_idx 0 and 1 are not written back";
	}
	if (t[0].state != (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S) || t[0].tdata1 != TD_EXEC_S ||
	    t[0].tdata2 != DBTR_ADDR0 || t[1].state != (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_U) ||
	    t[1].tdata1 != TD_STORE_U || t[1].tdata2 != DBTR_ADDR1 || !s->dbtr0.armed) {
		return "the triggers' state is not the configurations'";
	}
	if (s->arch.dbtr_installs != 1 ||
	    memcmp(&s->arch.dbtr_in_hart, &s->dbtr0, sizeof(s->dbtr0))) {
		return "the set is not what the hart got";
	}
	return NULL;
}

static const char *dbtr_updated(const struct row *row, const struct seen *s)
{
	const struct vcpu_dbtr_trigger *t = &s->dbtr0.trig[0];

	(void)row;
	if (t->state != (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_U) || t->tdata1 != TD_STORE_U ||
	    t->tdata2 != DBTR_ADDR1 || s->arch.dbtr_installs != 1) {
		return "trigger 0 is not the new configuration, or the hart did not get it";
	}
	return NULL;
}

static const char *dbtr_uninstalled(const struct row *row, const struct seen *s)
{
	static const struct vcpu_dbtr_trigger none;

	(void)row;
	if (memcmp(&s->dbtr0.trig[0], &none, sizeof(none)) || s->dbtr0.armed ||
	    s->arch.dbtr_installs != 1 || s->arch.dbtr_in_hart.armed) {
		return "trigger 0 is still there, or still in the hart";
	}
	return NULL;
}

static const char *dbtr_enabled(const struct row *row, const struct seen *s)
{
	(void)row;
	if (s->dbtr0.trig[0].tdata1 != TD_EXEC_S || !s->dbtr0.armed || s->arch.dbtr_installs != 1) {
		return "trigger 0's s bit is not back from its state";
	}
	return NULL;
}

static const char *dbtr_disabled_now(const struct row *row, const struct seen *s)
{
	const struct vcpu_dbtr_trigger *t = &s->dbtr0.trig[0];

	(void)row;
	if (t->tdata1 != (TD_EXEC_S & ~SDTRIG_MC6_S) ||
	    t->state != (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S) || s->dbtr0.armed ||
	    s->arch.dbtr_installs != 1) {
		return "trigger 0 still has s, lost its saved copy, or stays in the hart";
	}
	return NULL;
}

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
	high = malloc(HIGH_SIZE);
	plain.ram_after = malloc(RAM_SIZE);
	widened.ram_after = malloc(RAM_SIZE);
	untouched.ram_after = malloc(RAM_SIZE);
	return ram && rom && high && plain.ram_after && widened.ram_after && untouched.ram_after
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	free(rom);
	free(high);
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
