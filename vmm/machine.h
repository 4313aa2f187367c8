/* SPDX-License-Identifier: Apache-2.0 */
/* The guest machine rvkvm builds: a QEMU-virt-like memory map (the board places devices on it). */
#ifndef VMM_MACHINE_H
#define VMM_MACHINE_H

#define MACHINE_RAM_BASE 0x80000000ULL
#define MACHINE_TESTDEV_BASE 0x00100000ULL
/*
 * Slot 1 when the config asks for testmem: past 4 GiB on rv64; on rv32, whose guests reach 32-bit
 * guest-physical addresses with paging off, in the free GiB below RAM. (Sv32 would map Sv32x4's
 * 34-bit ones, but QEMU 7.2's rv32 G-stage walk cuts the address to 32 bits: the access lands on
 * the alias below 4 GiB.) rvkvm's guests are as wide as its own build.
 */
#define MACHINE_TESTMEM_BASE (sizeof(unsigned long) == 8 ? 0x100000000ULL : 0x40000000ULL)
#define MACHINE_TESTMEM_SLOT 1
#define MACHINE_PLIC_BASE 0x0c000000ULL
#define MACHINE_PLIC_SIZE 0x04000000ULL
#define MACHINE_PLIC_SOURCES 96
#define MACHINE_UART_BASE 0x10000000ULL
#define MACHINE_UART_SIZE 0x100ULL
#define MACHINE_UART_IRQ 10
#define MACHINE_UART_CLOCK 3686400
#define MACHINE_VIRTIO_BASE 0x10001000ULL
#define MACHINE_VIRTIO_STRIDE 0x1000ULL
#define MACHINE_VIRTIO_IRQ_BASE 1
#define MACHINE_VIRTIO_SLOTS 8 /* slot i at BASE + i * STRIDE, PLIC source IRQ_BASE + i */

#endif
