/* The host console on the board's 16550 UART, falling back to the firmware before the UART is known. */
#include "platform/console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/printf.h"
#include "lib/spinlock.h"
#include "platform/firmware.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart;
static unsigned uart_shift;
static spinlock_t console_lock;

void console_use_uart(uint64_t base, unsigned reg_shift)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
	uart_shift = reg_shift;
}

static void put_byte(char c)
{
	if (!uart) {
		firmware_putchar(c);
		return;
	}
	while (!(uart[UART_LSR << uart_shift] & UART_LSR_THRE)) {
	}
	uart[UART_THR << uart_shift] = (uint8_t)c;
}

static void write_locked(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			put_byte('\r');
		}
		put_byte(buf[i]);
	}
}

void console_write(const char *buf, size_t len)
{
	spin_lock(&console_lock);
	write_locked(buf, len);
	spin_unlock(&console_lock);
}

void console_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lib_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void console_vm_write(unsigned vm_id, const void *buf, size_t len)
{
	(void)vm_id; /* one VM console for now: it is the host console */
	console_write(buf, len);
}

size_t console_vm_read(unsigned vm_id, void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t n = 0;

	(void)vm_id;
	if (!uart) {
		return 0;
	}
	spin_lock(&console_lock);
	while (n < len && (uart[UART_LSR << uart_shift] & UART_LSR_DR)) {
		out[n++] = uart[UART_RBR << uart_shift];
	}
	spin_unlock(&console_lock);
	return n;
}
