/* The host console: the hypervisor's own messages and every VM's console share it (platform/console_mux.h). */
#ifndef PLATFORM_CONSOLE_H
#define PLATFORM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Switches output from the firmware's console to the 16550 UART at base (register stride 1 << shift). */
void console_use_uart(uint64_t base, unsigned reg_shift);
/*
 * Gives the console nvms VM consoles, numbered 0..nvms-1, named names[i]: with more than one,
 * the output is framed and the switching keys work (see platform/console_mux.h). Until then
 * there is one VM console, unframed. False when the multiplexer refuses the setup.
 */
bool console_setup_vms(unsigned nvms, const char *const *names, bool framed);
void console_write(const char *buf, size_t len);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Output and input of a VM's console. Reads never block; they return how many bytes were read. */
void console_vm_write(unsigned vm_id, const void *buf, size_t len);
void console_vm_putc(unsigned vm_id, uint8_t byte); /* console_vm_write of one byte, faster */
size_t console_vm_read(unsigned vm_id, void *buf, size_t len);
/* VM vm_id has ended: its console takes no input, and the host console moves to a running VM. */
void console_vm_ended(unsigned vm_id);

#endif
