/* SPDX-License-Identifier: Apache-2.0 */
/* 16550A UART model: enough of the chip for Linux's 8250 driver, its probe, and earlycon. */
#include "vmm/devices/uart16550.h"

/*
 * Simplifications, each invisible to the drivers we target:
 * - Transmit is instantaneous: THR and the shift register are always empty again by
 *   the time the guest can look, so LSR.THRE and LSR.TEMT always read 1.
 * - The received-data interrupt fires as soon as one byte is held, whatever FCR's
 *   trigger level; there is no character-timeout interrupt (IIR 0x0c), which Linux
 *   handles exactly like 0x04.
 * - A byte that does not fit is dropped (never overwrites held data). The host console
 *   is flow-controlled by uart16550_receive()'s return value, so only a loopback
 *   write can overrun; that sets LSR.OE as the chip would.
 * - MCR.OUT2 does not gate the interrupt line. On a PC it drives an external gate;
 *   the virt board has none and QEMU does not gate either, and Linux works both ways.
 */

/* Modem inputs with the host console attached: a permanently ready peer, no ring. */
#define MSR_INPUTS_CONNECTED (UART16550_MSR_CTS | UART16550_MSR_DSR | UART16550_MSR_DCD)

/* Divisor after reset is undefined on the chip; 1 keeps guests that divide by it safe. */
#define RESET_DIVISOR_LOW 1

static bool fifo_enabled(const struct uart16550 *u)
{
	return (u->fcr & UART16550_FCR_ENABLE) != 0;
}

static bool loopback(const struct uart16550 *u)
{
	return (u->mcr & UART16550_MCR_LOOP) != 0;
}

/* Without FIFOs the 16550 behaves like a 16450: a single receive holding register. */
static unsigned rx_capacity(const struct uart16550 *u)
{
	return fifo_enabled(u) ? UART16550_RX_FIFO : 1;
}

static bool rx_push(struct uart16550 *u, uint8_t byte)
{
	if (u->rx_count >= rx_capacity(u)) {
		return false;
	}
	u->rx_buf[(u->rx_head + u->rx_count) % UART16550_RX_FIFO] = byte;
	u->rx_count++;
	return true;
}

static uint8_t rx_pop(struct uart16550 *u)
{
	uint8_t byte;

	/* Empty RBR reads 0 rather than a stale byte: no driver depends on either. */
	if (u->rx_count == 0) {
		return 0;
	}
	byte = u->rx_buf[u->rx_head % UART16550_RX_FIFO];
	u->rx_head = (u->rx_head + 1) % UART16550_RX_FIFO;
	u->rx_count--;
	if (u->rx_count == 0 && u->rx_empty) {
		u->rx_empty(u->opaque);
	}
	return byte;
}

static void rx_clear(struct uart16550 *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

/*
 * Upper MSR nibble. In loopback the modem outputs are wired back to the inputs:
 * DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
 */
static uint8_t msr_inputs(const struct uart16550 *u)
{
	uint8_t in = 0;

	if (!loopback(u)) {
		return MSR_INPUTS_CONNECTED;
	}
	if (u->mcr & UART16550_MCR_DTR) {
		in |= UART16550_MSR_DSR;
	}
	if (u->mcr & UART16550_MCR_RTS) {
		in |= UART16550_MSR_CTS;
	}
	if (u->mcr & UART16550_MCR_OUT1) {
		in |= UART16550_MSR_RI;
	}
	if (u->mcr & UART16550_MCR_OUT2) {
		in |= UART16550_MSR_DCD;
	}
	return in;
}

/* Latches the MSR delta bits for a change of modem inputs from old to new. */
static void msr_note_change(struct uart16550 *u, uint8_t old, uint8_t new)
{
	uint8_t changed = old ^ new;

	if (changed & UART16550_MSR_CTS) {
		u->msr_delta |= UART16550_MSR_DCTS;
	}
	if (changed & UART16550_MSR_DSR) {
		u->msr_delta |= UART16550_MSR_DDSR;
	}
	if (changed & UART16550_MSR_DCD) {
		u->msr_delta |= UART16550_MSR_DDCD;
	}
	/* TERI reports only the trailing edge of RI. */
	if ((old & UART16550_MSR_RI) && !(new &UART16550_MSR_RI)) {
		u->msr_delta |= UART16550_MSR_TERI;
	}
}

static uint8_t lsr_value(const struct uart16550 *u)
{
	uint8_t lsr = UART16550_LSR_THRE | UART16550_LSR_TEMT | u->lsr_errors;

	/*
	 * A virtual line has no parity, framing or break errors, so PE/FE/BI and RXFE
	 * (which counts only those) stay 0; OE is the only error we can latch.
	 */
	if (u->rx_count != 0) {
		lsr |= UART16550_LSR_DR;
	}
	return lsr;
}

/* The highest-priority pending, enabled interrupt as an IIR id, or IIR_NO_INT. */
static uint8_t pending_interrupt(const struct uart16550 *u)
{
	if ((u->ier & UART16550_IER_ELSI) && (u->lsr_errors & UART16550_LSR_ERRORS)) {
		return UART16550_IIR_RLSI;
	}
	if ((u->ier & UART16550_IER_ERBFI) && u->rx_count != 0) {
		return UART16550_IIR_RDI;
	}
	if ((u->ier & UART16550_IER_ETBEI) && u->thr_pending) {
		return UART16550_IIR_THRI;
	}
	if ((u->ier & UART16550_IER_EDSSI) && (u->msr_delta & UART16550_MSR_DELTA_MASK)) {
		return UART16550_IIR_MSI;
	}
	return UART16550_IIR_NO_INT;
}

static void update_irq(struct uart16550 *u)
{
	bool level = pending_interrupt(u) != UART16550_IIR_NO_INT;

	if (level == u->irq_level) {
		return;
	}
	u->irq_level = level;
	if (u->irq) {
		u->irq(u->opaque, level);
	}
}

static void transmit(struct uart16550 *u, uint8_t byte)
{
	if (loopback(u)) {
		/* Loopback disconnects the serial output; the byte lands in our own receiver. */
		if (!rx_push(u, byte)) {
			u->lsr_errors |= UART16550_LSR_OE;
		}
	} else if (u->tx) {
		u->tx(u->opaque, byte);
	}
	/* Writing THR acknowledges THRE; the instant transmit makes THR empty again. */
	u->thr_pending = true;
}

static void write_ier(struct uart16550 *u, uint8_t val)
{
	uint8_t old = u->ier;

	u->ier = val & UART16550_IER_MASK;
	/*
	 * An 8250 raises THRE when ETBEI is enabled with THR empty; Linux's start_tx and
	 * its UART_BUG_THRE probe both rely on it.
	 */
	if (!(old & UART16550_IER_ETBEI) && (u->ier & UART16550_IER_ETBEI)) {
		u->thr_pending = true;
	}
}

static void write_fcr(struct uart16550 *u, uint8_t val)
{
	bool enable = (val & UART16550_FCR_ENABLE) != 0;

	/* Switching FIFO mode resets the FIFOs; other bits only take effect with FCR0 set. */
	if (enable != fifo_enabled(u)) {
		rx_clear(u);
	}
	if (!enable) {
		u->fcr = 0;
		return;
	}
	if (val & UART16550_FCR_CLEAR_RX) {
		rx_clear(u);
	}
	u->fcr = val & (UART16550_FCR_ENABLE | UART16550_FCR_DMA_MODE | UART16550_FCR_TRIGGER_MASK);
}

static void write_mcr(struct uart16550 *u, uint8_t val)
{
	uint8_t old_in = msr_inputs(u);

	u->mcr = val & UART16550_MCR_MASK;
	msr_note_change(u, old_in, msr_inputs(u));
}

static uint8_t read_iir(struct uart16550 *u)
{
	uint8_t id = pending_interrupt(u);
	uint8_t iir = id;

	/* Reading IIR while it reports THRE is what acknowledges that interrupt. */
	if (id == UART16550_IIR_THRI) {
		u->thr_pending = false;
	}
	if (fifo_enabled(u)) {
		iir |= UART16550_IIR_FIFO_ENABLED;
	}
	return iir;
}

/* A register read, with its side effects on the interrupt line applied. */
static uint8_t read_reg(struct uart16550 *u, unsigned reg)
{
	bool dlab = (u->lcr & UART16550_LCR_DLAB) != 0;
	uint8_t val;

	switch (reg) {
	case UART16550_RBR:
		if (dlab) {
			return u->dll;
		}
		val = rx_pop(u);
		break;
	case UART16550_IER:
		return dlab ? u->dlm : u->ier;
	case UART16550_IIR:
		val = read_iir(u);
		break;
	case UART16550_LCR:
		return u->lcr;
	case UART16550_MCR:
		return u->mcr;
	case UART16550_LSR:
		val = lsr_value(u);
		u->lsr_errors = 0;
		break;
	case UART16550_MSR:
		val = msr_inputs(u) | u->msr_delta;
		u->msr_delta = 0;
		break;
	case UART16550_SCR:
		return u->scr;
	default:
		return 0;
	}
	/* RBR, IIR, LSR and MSR reads may have taken away what the line reported. */
	update_irq(u);
	return val;
}

static void write_reg(struct uart16550 *u, unsigned reg, uint8_t val)
{
	bool dlab = (u->lcr & UART16550_LCR_DLAB) != 0;

	switch (reg) {
	case UART16550_THR:
		if (dlab) {
			u->dll = val;
		} else {
			transmit(u, val);
		}
		break;
	case UART16550_IER:
		if (dlab) {
			u->dlm = val;
		} else {
			write_ier(u, val);
		}
		break;
	case UART16550_FCR:
		write_fcr(u, val);
		break;
	case UART16550_LCR:
		u->lcr = val;
		break;
	case UART16550_MCR:
		write_mcr(u, val);
		break;
	case UART16550_SCR:
		u->scr = val;
		break;
	default:
		/* LSR and MSR writes are factory-test features; the rest of the window is empty. */
		break;
	}
}

static void uart_reset(void *dev)
{
	struct uart16550 *u = dev;

	rx_clear(u);
	u->ier = 0;
	u->fcr = 0;
	u->lcr = 0;
	u->mcr = 0;
	u->lsr_errors = 0;
	u->msr_delta = 0;
	u->scr = 0;
	u->dll = RESET_DIVISOR_LOW;
	u->dlm = 0;
	u->thr_pending = false;
	update_irq(u);
}

/* uart_read for every register but an LSR with nothing latched (a call, so that one has none). */
static __attribute__((noinline)) bool read_other(struct uart16550 *u, unsigned reg, uint64_t *value)
{
	*value = read_reg(u, reg);
	return true;
}

static bool uart_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct uart16550 *u = dev;

	if (width != 1 || offset >= UART16550_WINDOW_SIZE) {
		return false;
	}
	/*
	 * Drivers poll LSR for every byte they send. With no overrun latched, reading it changes
	 * nothing, so that read needs neither the switch nor a look at the interrupt line.
	 */
	if (offset == UART16550_LSR && u->lsr_errors == 0) {
		*value = lsr_value(u);
		return true;
	}
	return read_other(u, (unsigned)offset, value);
}

static bool uart_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct uart16550 *u = dev;

	if (width != 1 || offset >= UART16550_WINDOW_SIZE) {
		return false;
	}
	write_reg(u, (unsigned)offset, (uint8_t)value);
	update_irq(u);
	return true;
}

void uart16550_init(struct uart16550 *u, uart16550_tx_fn tx, uart16550_irq_fn irq, void *opaque)
{
	u->tx = tx;
	u->irq = irq;
	u->opaque = opaque;
	u->irq_level = false;
	u->rx_empty = NULL;
	uart_reset(u);
}

void uart16550_on_rx_empty(struct uart16550 *u, void (*fn)(void *opaque))
{
	u->rx_empty = fn;
}

size_t uart16550_receive(struct uart16550 *u, const uint8_t *buf, size_t n)
{
	size_t taken = 0;

	/* Loopback disconnects the serial input; the host keeps its bytes until it ends. */
	if (loopback(u)) {
		return 0;
	}
	while (taken < n && rx_push(u, buf[taken])) {
		taken++;
	}
	update_irq(u);
	return taken;
}

bool uart16550_rx_space(const struct uart16550 *u)
{
	return !loopback(u) && u->rx_count < rx_capacity(u);
}

const struct device_desc uart16550_device = {
	.name = "uart16550",
	.compatible = "ns16550a",
	.read = uart_read,
	.write = uart_write,
	.reset = uart_reset,
};
