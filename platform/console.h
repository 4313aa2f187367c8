/* The host console: the hypervisor's own messages and every VM's console output share it. */
#ifndef PLATFORM_CONSOLE_H
#define PLATFORM_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Switches output from the firmware's console to the 16550 UART at base (register stride 1 << shift). */
void console_use_uart(uint64_t base, unsigned reg_shift);
void console_write(const char *buf, size_t len);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Output and input of a VM's console. Reads never block; they return how many bytes were read. */
void console_vm_write(unsigned vm_id, const void *buf, size_t len);
size_t console_vm_read(unsigned vm_id, void *buf, size_t len);

#endif
