/* SPDX-License-Identifier: Apache-2.0 */
/* The guest machine rvkvm builds: a QEMU-virt-like memory map (the board places devices on it). */
#ifndef VMM_MACHINE_H
#define VMM_MACHINE_H

#define MACHINE_RAM_BASE 0x80000000ULL
#define MACHINE_TESTDEV_BASE 0x00100000ULL
#define MACHINE_TESTMEM_BASE 0x100000000ULL /* slot 1 when the config asks for testmem */
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
