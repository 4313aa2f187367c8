/* SPDX-License-Identifier: Apache-2.0 */
/* The host console on the board's 16550 UART, falling back to the firmware before the UART is known. */
#include "platform/console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/printf.h"
#include "lib/spinlock.h"
#include "platform/console_mux.h"
#include "platform/firmware.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart;
static unsigned uart_shift;
static spinlock_t console_lock; /* the UART and the multiplexer */
static struct console_mux mux;
static bool mux_ready;

static void put_byte(uint8_t c)
{
	if (!uart) {
		firmware_putchar((char)c);
		return;
	}
	while (!(uart[UART_LSR << uart_shift] & UART_LSR_THRE)) {
	}
	uart[UART_THR << uart_shift] = c;
}

static void emit(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	for (size_t i = 0; i < len; i++) {
		put_byte(buf[i]);
	}
}

/* Out of line: it runs once, and inlined it costs every console byte saved registers. */
static __attribute__((noinline, cold)) void mux_first_use(void)
{
	console_mux_init(&mux, emit, NULL);
	mux_ready = true;
}

/* Called with the lock held: the multiplexer starts as a single unframed VM console. */
static struct console_mux *get_mux(void)
{
	if (!mux_ready) {
		mux_first_use();
	}
	return &mux;
}

void console_use_uart(uint64_t base, unsigned reg_shift)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
	uart_shift = reg_shift;
}

bool console_setup_vms(unsigned nvms, const char *const *names, bool framed)
{
	bool ok;

	spin_lock(&console_lock);
	ok = console_mux_setup(get_mux(), nvms, names, framed);
	spin_unlock(&console_lock);
	return ok;
}

void console_write(const char *buf, size_t len)
{
	spin_lock(&console_lock);
	console_mux_host_write(get_mux(), buf, len);
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
	spin_lock(&console_lock);
	console_mux_vm_write(get_mux(), vm_id, buf, len);
	spin_unlock(&console_lock);
}

void console_vm_putc(unsigned vm_id, uint8_t byte)
{
	spin_lock(&console_lock);
	console_mux_vm_putc(get_mux(), vm_id, byte);
	spin_unlock(&console_lock);
}

/* Moves what the host UART holds into the multiplexer, as far as it has room. */
static void pump_input(struct console_mux *m)
{
	if (!uart) {
		return;
	}
	while (console_mux_input_room(m) && (uart[UART_LSR << uart_shift] & UART_LSR_DR)) {
		console_mux_input(m, uart[UART_RBR << uart_shift]);
	}
}

size_t console_vm_read(unsigned vm_id, void *buf, size_t len)
{
	size_t n;

	spin_lock(&console_lock);
	pump_input(get_mux());
	n = console_mux_vm_read(get_mux(), vm_id, buf, len);
	spin_unlock(&console_lock);
	return n;
}

void console_vm_ended(unsigned vm_id)
{
	spin_lock(&console_lock);
	console_mux_vm_ended(get_mux(), vm_id);
	spin_unlock(&console_lock);
}
