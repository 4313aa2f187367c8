/* SPDX-License-Identifier: Apache-2.0 */
/* The host console on the board's 16550 UART, falling back to the firmware before the UART is known. */
#include "platform/console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/printf.h"
#include "lib/spinlock.h"
#include "platform/console_mux.h"
#include "platform/drivers/host_plic.h"
#include "platform/firmware.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_IER_RDI 0x01 /* interrupt when received data is available */
#define UART_FCR 2
#define UART_FCR_FIFO_TRIGGER_1 0x01 /* FIFOs on, the receive interrupt from the first byte */
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart;
static unsigned uart_shift;
static spinlock_t console_lock; /* the UART and the multiplexer */
static struct console_mux mux;
static bool mux_ready;
/*
 * Input by interrupt: rx_irq once console_input_interrupts set it up; the UART interrupts while
 * input_notify is set, except while the multiplexer is full (rx_masked).
 */
static bool rx_irq, rx_masked;
static void (*input_notify)(void *arg);
static void *input_arg;

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
	/* The multiplexer has room again: the UART may interrupt for what it holds. */
	if (rx_masked && console_mux_input_room(get_mux())) {
		rx_masked = false;
		uart[UART_IER << uart_shift] = input_notify ? UART_IER_RDI : 0;
	}
	spin_unlock(&console_lock);
	return n;
}

/*
 * The UART has input: into the multiplexer, then tell the VMM. While the multiplexer is full the
 * interrupt stays off (the level would stay high), until a read makes room.
 */
static void uart_interrupt(void *arg)
{
	void (*notify)(void *arg);

	(void)arg;
	spin_lock(&console_lock);
	pump_input(get_mux());
	if (uart[UART_LSR << uart_shift] & UART_LSR_DR) {
		rx_masked = true;
		uart[UART_IER << uart_shift] = 0;
	}
	notify = input_notify;
	spin_unlock(&console_lock);
	if (notify) {
		notify(input_arg);
	}
}

void console_input_interrupts(uint32_t irq)
{
	if (!uart || irq == 0 || !host_plic_enable(irq, uart_interrupt, NULL)) {
		return;
	}
	/* The interrupt is switched on when someone wants to hear of input (below). */
	spin_lock(&console_lock);
	rx_irq = true;
	uart[UART_FCR << uart_shift] = UART_FCR_FIFO_TRIGGER_1;
	spin_unlock(&console_lock);
}

bool console_set_input_notify(void (*notify)(void *arg), void *arg)
{
	bool ok;

	spin_lock(&console_lock);
	input_arg = arg;
	input_notify = notify;
	ok = rx_irq;
	/*
	 * Until then input waits in the UART: the keys typed before the VMs' consoles exist (a
	 * switching key among them) are read once they do, as they were typed.
	 */
	if (rx_irq) {
		rx_masked = false;
		uart[UART_IER << uart_shift] = notify ? UART_IER_RDI : 0;
	}
	spin_unlock(&console_lock);
	return ok;
}

void console_vm_ended(unsigned vm_id)
{
	spin_lock(&console_lock);
	console_mux_vm_ended(get_mux(), vm_id);
	spin_unlock(&console_lock);
}
