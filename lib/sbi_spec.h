/* SPDX-License-Identifier: Apache-2.0 */
/* Constants of the RISC-V SBI specification (v3.0), shared by the core, the firmware calls and the guests. */
#ifndef LIB_SBI_SPEC_H
#define LIB_SBI_SPEC_H

/* Standard error codes (SBI spec, "Binary Encoding"). */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STARTED (-7)
#define SBI_ERR_ALREADY_STOPPED (-8)
#define SBI_ERR_NO_SHMEM (-9)
#define SBI_ERR_INVALID_STATE (-10)
#define SBI_ERR_BAD_RANGE (-11)
#define SBI_ERR_TIMEOUT (-12)
#define SBI_ERR_IO (-13)
#define SBI_ERR_DENIED_LOCKED (-14)

/* Spec version as returned by BASE get_spec_version: major in bits 30:24. */
#define SBI_SPEC_VERSION(major, minor) (((unsigned long)(major) << 24) | (unsigned long)(minor))

/* Legacy (v0.1) extension ids; each is its own function. */
#define SBI_EID_LEGACY_SET_TIMER 0x00
#define SBI_EID_LEGACY_CONSOLE_PUTCHAR 0x01
#define SBI_EID_LEGACY_CONSOLE_GETCHAR 0x02
#define SBI_EID_LEGACY_CLEAR_IPI 0x03
#define SBI_EID_LEGACY_SEND_IPI 0x04
#define SBI_EID_LEGACY_REMOTE_FENCE_I 0x05
#define SBI_EID_LEGACY_REMOTE_SFENCE_VMA 0x06
#define SBI_EID_LEGACY_REMOTE_SFENCE_VMA_ASID 0x07
#define SBI_EID_LEGACY_SHUTDOWN 0x08
#define SBI_EID_LEGACY_LAST 0x0f

/* Extension ids. */
#define SBI_EID_BASE 0x10
#define SBI_EID_TIME 0x54494D45
#define SBI_EID_IPI 0x735049
#define SBI_EID_RFENCE 0x52464E43
#define SBI_EID_HSM 0x48534D
#define SBI_EID_SRST 0x53525354
#define SBI_EID_PMU 0x504D55
#define SBI_EID_DBCN 0x4442434E
#define SBI_EID_SUSP 0x53555350
#define SBI_SUSP_SYSTEM_SUSPEND 0
#define SBI_EID_CPPC 0x43505043
#define SBI_EID_STA 0x535441
#define SBI_EID_FWFT 0x46574654
#define SBI_EID_MPXY 0x4D505859
#define SBI_EID_SSE 0x535345
#define SBI_EID_DBTR 0x44425452
#define SBI_FWFT_SET 0
#define SBI_FWFT_GET 1
#define SBI_FWFT_MISALIGNED_EXC_DELEG 0
#define SBI_FWFT_LANDING_PAD 1
#define SBI_FWFT_SHADOW_STACK 2
#define SBI_FWFT_DOUBLE_TRAP 3
#define SBI_FWFT_PTE_AD_HW_UPDATING 4
#define SBI_FWFT_POINTER_MASKING_PMLEN 5
#define SBI_FWFT_FEATURE_COUNT 6 /* 6 and up are reserved or platform-specific */
#define SBI_FWFT_SET_FLAG_LOCK (1UL << 0)
#define SBI_EID_EXPERIMENTAL_FIRST 0x08000000
#define SBI_EID_EXPERIMENTAL_LAST 0x08FFFFFF
#define SBI_EID_VENDOR_FIRST 0x09000000
#define SBI_EID_VENDOR_LAST 0x09FFFFFF
#define SBI_EID_FIRMWARE_FIRST 0x0A000000
#define SBI_EID_FIRMWARE_LAST 0x0AFFFFFF

/* BASE functions. */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6

/* HSM functions and states. */
#define SBI_HSM_HART_START 0
#define SBI_HSM_HART_STOP 1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_HART_SUSPEND 3
#define SBI_HSM_STATE_STARTED 0
#define SBI_HSM_STATE_STOPPED 1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING 3
#define SBI_HSM_STATE_SUSPENDED 4

/* SRST. */
#define SBI_SRST_SYSTEM_RESET 0
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_TYPE_LAST_STANDARD 2
#define SBI_SRST_TYPE_VENDOR_FIRST 0xF0000000UL
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_SYSTEM_FAILURE 1
#define SBI_SRST_REASON_LAST_STANDARD 1
#define SBI_SRST_REASON_SBI_FIRST 0xE0000000UL
#define SBI_SRST_REASON_VENDOR_FIRST 0xF0000000UL

/* IPI and RFENCE functions. */
#define SBI_IPI_SEND_IPI 0
#define SBI_RFENCE_REMOTE_FENCE_I 0
#define SBI_RFENCE_REMOTE_SFENCE_VMA 1
#define SBI_RFENCE_REMOTE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID 3
#define SBI_RFENCE_REMOTE_HFENCE_GVMA 4
#define SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_REMOTE_HFENCE_VVMA 6

/* TIME. */
#define SBI_TIME_SET_TIMER 0

/* HSM suspend types. */
#define SBI_HSM_SUSPEND_RET_DEFAULT 0x00000000UL
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT 0x80000000UL

/* DBCN functions. */
#define SBI_DBCN_CONSOLE_WRITE 0
#define SBI_DBCN_CONSOLE_READ 1
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2

/* STA: its one function, and the shared memory it fills (little-endian fields). */
#define SBI_STA_STEAL_TIME_SET_SHMEM 0
#define SBI_STA_SHMEM_SIZE 64    /* also its alignment */
#define SBI_STA_OFF_SEQUENCE 0   /* uint32_t, odd while an update is under way */
#define SBI_STA_OFF_FLAGS 4      /* uint32_t, always 0 */
#define SBI_STA_OFF_STEAL 8      /* uint64_t, nanoseconds */
#define SBI_STA_OFF_PREEMPTED 16 /* uint8_t */

/* SSE (Supervisor Software Events, SBI 3.0): functions. */
#define SBI_SSE_READ_ATTRS 0
#define SBI_SSE_WRITE_ATTRS 1
#define SBI_SSE_REGISTER 2
#define SBI_SSE_UNREGISTER 3
#define SBI_SSE_ENABLE 4
#define SBI_SSE_DISABLE 5
#define SBI_SSE_COMPLETE 6
#define SBI_SSE_INJECT 7
#define SBI_SSE_HART_UNMASK 8
#define SBI_SSE_HART_MASK 9
/* SSE event ids: bit 15 global, bit 14 platform-specific, in every 16-bit range. */
#define SBI_SSE_EVENT_LOCAL_HIGH_PRIO_RAS 0x00000000U
#define SBI_SSE_EVENT_LOCAL_DOUBLE_TRAP 0x00000001U
#define SBI_SSE_EVENT_GLOBAL_HIGH_PRIO_RAS 0x00008000U
#define SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW 0x00010000U
#define SBI_SSE_EVENT_LOCAL_LOW_PRIO_RAS 0x00100000U
#define SBI_SSE_EVENT_GLOBAL_LOW_PRIO_RAS 0x00108000U
#define SBI_SSE_EVENT_LOCAL_SOFTWARE 0xffff0000U
#define SBI_SSE_EVENT_GLOBAL_SOFTWARE 0xffff8000U
#define SBI_SSE_EVENT_GLOBAL_BIT (1U << 15)
#define SBI_SSE_EVENT_PLATFORM_BIT (1U << 14)
/* SSE event attribute ids (each XLEN bits wide); higher ids are reserved. */
#define SBI_SSE_ATTR_STATUS 0
#define SBI_SSE_ATTR_PRIORITY 1
#define SBI_SSE_ATTR_CONFIG 2
#define SBI_SSE_ATTR_PREFERRED_HART 3
#define SBI_SSE_ATTR_ENTRY_PC 4
#define SBI_SSE_ATTR_ENTRY_ARG 5
#define SBI_SSE_ATTR_INTERRUPTED_SEPC 6
#define SBI_SSE_ATTR_INTERRUPTED_FLAGS 7
#define SBI_SSE_ATTR_INTERRUPTED_A6 8
#define SBI_SSE_ATTR_INTERRUPTED_A7 9
#define SBI_SSE_ATTR_COUNT 10
/* SSE event states (STATUS bits 1:0), and STATUS's other bits. */
#define SBI_SSE_STATE_UNUSED 0
#define SBI_SSE_STATE_REGISTERED 1
#define SBI_SSE_STATE_ENABLED 2
#define SBI_SSE_STATE_RUNNING 3
#define SBI_SSE_STATUS_STATE_MASK 3UL
#define SBI_SSE_STATUS_PENDING (1UL << 2)
#define SBI_SSE_STATUS_INJECTABLE (1UL << 3)
/* CONFIG: disable the event on complete (one-shot). */
#define SBI_SSE_CONFIG_ONESHOT (1UL << 0)
/* INTERRUPTED_FLAGS: the interrupted sstatus.SPP, sstatus.SPIE, hstatus.SPV, hstatus.SPVP, ... */
#define SBI_SSE_FLAG_SPP (1UL << 0)
#define SBI_SSE_FLAG_SPIE (1UL << 1)
#define SBI_SSE_FLAG_SPV (1UL << 2)
#define SBI_SSE_FLAG_SPVP (1UL << 3)
#define SBI_SSE_FLAG_SPELP (1UL << 4)
#define SBI_SSE_FLAG_SDT (1UL << 5)

/* PMU (SBI 3.0 chapter 11): functions. */
#define SBI_PMU_NUM_COUNTERS 0
#define SBI_PMU_COUNTER_GET_INFO 1
#define SBI_PMU_COUNTER_CONFIG_MATCHING 2
#define SBI_PMU_COUNTER_START 3
#define SBI_PMU_COUNTER_STOP 4
#define SBI_PMU_COUNTER_FW_READ 5
#define SBI_PMU_COUNTER_FW_READ_HI 6
#define SBI_PMU_SNAPSHOT_SET_SHMEM 7
#define SBI_PMU_EVENT_GET_INFO 8
/* counter_info: CSR number in 11:0, width - 1 in 17:12, type in bit XLEN-1 (1: firmware). */
#define SBI_PMU_INFO_CSR_SHIFT 0
#define SBI_PMU_INFO_WIDTH_SHIFT 12
#define SBI_PMU_INFO_TYPE_FW (1UL << (sizeof(unsigned long) * 8 - 1))
/* event_idx: type in 19:16, code in 15:0; the rest of the register is no part of it. */
#define SBI_PMU_EVENT_TYPE_SHIFT 16
#define SBI_PMU_EVENT_CODE_MASK 0xffffUL
#define SBI_PMU_EVENT_IDX_MASK 0xfffffUL
#define SBI_PMU_EVENT(type, code) (((unsigned long)(type) << SBI_PMU_EVENT_TYPE_SHIFT) | (code))
#define SBI_PMU_TYPE_HW 0x0
#define SBI_PMU_TYPE_HW_CACHE 0x1
#define SBI_PMU_TYPE_HW_RAW 0x2
#define SBI_PMU_TYPE_HW_RAW_V2 0x3
#define SBI_PMU_TYPE_FW 0xf
#define SBI_PMU_HW_NO_EVENT 0
#define SBI_PMU_HW_CPU_CYCLES 1
#define SBI_PMU_HW_INSTRUCTIONS 2
#define SBI_PMU_HW_REF_CPU_CYCLES 10
/* Firmware event codes 0 to 21 are the spec's standard ones; 65535 is SBI_PMU_FW_PLATFORM. */
#define SBI_PMU_FW_MISALIGNED_LOAD 0
#define SBI_PMU_FW_MISALIGNED_STORE 1
#define SBI_PMU_FW_ACCESS_LOAD 2
#define SBI_PMU_FW_ACCESS_STORE 3
#define SBI_PMU_FW_ILLEGAL_INSN 4
#define SBI_PMU_FW_SET_TIMER 5
#define SBI_PMU_FW_IPI_SENT 6
#define SBI_PMU_FW_IPI_RECEIVED 7
#define SBI_PMU_FW_FENCE_I_SENT 8
#define SBI_PMU_FW_FENCE_I_RECEIVED 9
#define SBI_PMU_FW_SFENCE_VMA_SENT 10
#define SBI_PMU_FW_SFENCE_VMA_RECEIVED 11
#define SBI_PMU_FW_SFENCE_VMA_ASID_SENT 12
#define SBI_PMU_FW_SFENCE_VMA_ASID_RECEIVED 13
/* 14 to 21: the HFENCE events, SENT and RECEIVED of GVMA, GVMA_VMID, VVMA and VVMA_ASID. */
#define SBI_PMU_FW_STANDARD_COUNT 22
#define SBI_PMU_FW_PLATFORM 0xffff
/* counter_config_matching flags; bits 8 and up are reserved. */
#define SBI_PMU_CFG_FLAG_SKIP_MATCH (1UL << 0)
#define SBI_PMU_CFG_FLAG_CLEAR_VALUE (1UL << 1)
#define SBI_PMU_CFG_FLAG_AUTO_START (1UL << 2)
#define SBI_PMU_CFG_FLAG_SET_VUINH (1UL << 3)
#define SBI_PMU_CFG_FLAG_SET_VSINH (1UL << 4)
#define SBI_PMU_CFG_FLAG_SET_UINH (1UL << 5)
#define SBI_PMU_CFG_FLAG_SET_SINH (1UL << 6)
#define SBI_PMU_CFG_FLAG_SET_MINH (1UL << 7)
#define SBI_PMU_CFG_FLAGS_DEFINED 0xffUL
/* counter_start flags; counter_stop flags. Higher bits are reserved. */
#define SBI_PMU_START_SET_INIT_VALUE (1UL << 0)
#define SBI_PMU_START_FLAG_INIT_SNAPSHOT (1UL << 1)
#define SBI_PMU_START_FLAGS_DEFINED 0x3UL
#define SBI_PMU_STOP_FLAG_RESET (1UL << 0)
#define SBI_PMU_STOP_FLAG_TAKE_SNAPSHOT (1UL << 1)
#define SBI_PMU_STOP_FLAGS_DEFINED 0x3UL
/* event_get_info: 16-byte entries {u32 event_idx, u32 output, u64 event_data}; output bit 0. */
#define SBI_PMU_EVENT_INFO_SIZE 16
#define SBI_PMU_EVENT_INFO_OFF_IDX 0
#define SBI_PMU_EVENT_INFO_OFF_OUTPUT 4
#define SBI_PMU_EVENT_INFO_OFF_DATA 8
#define SBI_PMU_EVENT_INFO_SUPPORTED 1U
#define SBI_PMU_EVENT_INFO_IDX_RESERVED 0xfff00000U /* bits 20-31 of word 0: must be zero */

/* DBTR (SBI 3.0 chapter 19, Debug Triggers): functions. */
#define SBI_DBTR_NUM_TRIGGERS 0
#define SBI_DBTR_SET_SHMEM 1
#define SBI_DBTR_READ_TRIGGERS 2
#define SBI_DBTR_INSTALL_TRIGGERS 3
#define SBI_DBTR_UPDATE_TRIGGERS 4
#define SBI_DBTR_UNINSTALL_TRIGGERS 5
#define SBI_DBTR_ENABLE_TRIGGERS 6
#define SBI_DBTR_DISABLE_TRIGGERS 7
/*
 * A shared-memory entry: four XLEN-bit words, little-endian. Word 0 is trig_state (read),
 * or trig_idx (install writes it back, update reads it); words 1-3 are tdata1-3.
 */
#define SBI_DBTR_ENTRY_WORDS 4
#define SBI_DBTR_ENTRY_SIZE (SBI_DBTR_ENTRY_WORDS * sizeof(unsigned long)) /* XLEN / 2 bytes */
/* trig_state: mapped, then the saved copies of tdata1's u, s, vu and vs bits, have_hw_trig. */
#define SBI_DBTR_STATE_MAPPED (1UL << 0)
#define SBI_DBTR_STATE_U (1UL << 1)
#define SBI_DBTR_STATE_S (1UL << 2)
#define SBI_DBTR_STATE_VU (1UL << 3)
#define SBI_DBTR_STATE_VS (1UL << 4)
#define SBI_DBTR_STATE_HAVE_HW_TRIG (1UL << 5)
/*
 * tdata1 of an mcontrol6 trigger (Sdtrig, type 6), as QEMU 7.2 and OpenSBI 1.6 lay it out:
 * type in the top 4 bits (63:60 on RV64, 31:28 on RV32), dmode below them, and in the low bits
 * the fields below.
 */
#define SDTRIG_TDATA1_TYPE_SHIFT (sizeof(unsigned long) * 8 - 4)
#define SDTRIG_TDATA1_DMODE (1UL << (sizeof(unsigned long) * 8 - 5))
#define SDTRIG_TYPE_MCONTROL 2
#define SDTRIG_TYPE_MCONTROL6 6
#define SDTRIG_MC6_LOAD (1UL << 0)
#define SDTRIG_MC6_STORE (1UL << 1)
#define SDTRIG_MC6_EXECUTE (1UL << 2)
#define SDTRIG_MC6_U (1UL << 3)
#define SDTRIG_MC6_S (1UL << 4)
#define SDTRIG_MC6_M (1UL << 6)
#define SDTRIG_MC6_MATCH_SHIFT 7 /* 4 bits: 0 is "equal" */
#define SDTRIG_MC6_CHAIN (1UL << 11)
#define SDTRIG_MC6_ACTION_SHIFT 12 /* 4 bits: 0 is "breakpoint exception" */
#define SDTRIG_MC6_SIZE_SHIFT 16   /* 4 bits: 0 any, 1/2/3 1/2/4 bytes, 5 8 bytes */
#define SDTRIG_MC6_SIZE_MASK (0xfUL << SDTRIG_MC6_SIZE_SHIFT)
#define SDTRIG_MC6_TIMING (1UL << 20)
#define SDTRIG_MC6_SELECT (1UL << 21)
#define SDTRIG_MC6_HIT (1UL << 22)
#define SDTRIG_MC6_VU (1UL << 23)
#define SDTRIG_MC6_VS (1UL << 24)
#define SDTRIG_TDATA1(type) ((unsigned long)(type) << SDTRIG_TDATA1_TYPE_SHIFT)

#endif
