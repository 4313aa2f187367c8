/* SPDX-License-Identifier: Apache-2.0 */
/* Emulated 16550A UART (ns16550a, reg-shift 0, byte registers) as the guest sees it on virt. */
#ifndef VMM_DEVICES_UART16550_H
#define VMM_DEVICES_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/devices/device.h"

#define UART16550_WINDOW_SIZE 0x100
#define UART16550_RX_FIFO 16

/* Register offsets (reg-shift 0). Offsets 0 and 1 are DLL/DLM while LCR.DLAB is set. */
#define UART16550_RBR 0 /* read, DLAB=0 */
#define UART16550_THR 0 /* write, DLAB=0 */
#define UART16550_DLL 0 /* DLAB=1 */
#define UART16550_IER 1 /* DLAB=0 */
#define UART16550_DLM 1 /* DLAB=1 */
#define UART16550_IIR 2 /* read */
#define UART16550_FCR 2 /* write */
#define UART16550_LCR 3
#define UART16550_MCR 4
#define UART16550_LSR 5
#define UART16550_MSR 6
#define UART16550_SCR 7
#define UART16550_NUM_REGS 8

_Static_assert(UART16550_NUM_REGS <= UART16550_WINDOW_SIZE, "registers must fit the window");

#define UART16550_IER_ERBFI 0x01 /* received data available */
#define UART16550_IER_ETBEI 0x02 /* transmitter holding register empty */
#define UART16550_IER_ELSI 0x04  /* receiver line status */
#define UART16550_IER_EDSSI 0x08 /* modem status */
#define UART16550_IER_MASK 0x0f

#define UART16550_IIR_NO_INT 0x01
#define UART16550_IIR_ID_MASK 0x0e
#define UART16550_IIR_MSI 0x00
#define UART16550_IIR_THRI 0x02
#define UART16550_IIR_RDI 0x04
#define UART16550_IIR_RLSI 0x06
#define UART16550_IIR_FIFO_ENABLED 0xc0

#define UART16550_FCR_ENABLE 0x01
#define UART16550_FCR_CLEAR_RX 0x02
#define UART16550_FCR_CLEAR_TX 0x04
#define UART16550_FCR_DMA_MODE 0x08
#define UART16550_FCR_TRIGGER_MASK 0xc0

#define UART16550_LCR_DLAB 0x80

#define UART16550_MCR_DTR 0x01
#define UART16550_MCR_RTS 0x02
#define UART16550_MCR_OUT1 0x04
#define UART16550_MCR_OUT2 0x08
#define UART16550_MCR_LOOP 0x10
#define UART16550_MCR_MASK 0x1f

#define UART16550_LSR_DR 0x01
#define UART16550_LSR_OE 0x02
#define UART16550_LSR_PE 0x04
#define UART16550_LSR_FE 0x08
#define UART16550_LSR_BI 0x10
#define UART16550_LSR_THRE 0x20
#define UART16550_LSR_TEMT 0x40
#define UART16550_LSR_RXFE 0x80
#define UART16550_LSR_ERRORS \
	(UART16550_LSR_OE | UART16550_LSR_PE | UART16550_LSR_FE | UART16550_LSR_BI)

#define UART16550_MSR_DCTS 0x01
#define UART16550_MSR_DDSR 0x02
#define UART16550_MSR_TERI 0x04
#define UART16550_MSR_DDCD 0x08
#define UART16550_MSR_DELTA_MASK 0x0f
#define UART16550_MSR_CTS 0x10
#define UART16550_MSR_DSR 0x20
#define UART16550_MSR_RI 0x40
#define UART16550_MSR_DCD 0x80

typedef void (*uart16550_tx_fn)(void *opaque, uint8_t byte);
typedef void (*uart16550_irq_fn)(void *opaque, bool level);

/*
 * Device state, owned by the caller. Fields are private to uart16550.c (tests may
 * inspect them). The caller serialises every call on one instance.
 */
struct uart16550 {
	uart16550_tx_fn tx;
	uart16550_irq_fn irq;
	void *opaque;

	uint8_t rx_buf[UART16550_RX_FIFO];
	unsigned rx_head;  /* index of the oldest byte, < UART16550_RX_FIFO */
	unsigned rx_count; /* bytes held, <= UART16550_RX_FIFO */

	uint8_t ier;
	uint8_t fcr; /* enable and trigger bits as last written; FCR itself is write-only */
	uint8_t lcr;
	uint8_t mcr;
	uint8_t lsr_errors; /* sticky LSR error bits, cleared by reading LSR */
	uint8_t msr_delta;  /* MSR bits 3:0, cleared by reading MSR */
	uint8_t scr;
	uint8_t dll;
	uint8_t dlm;
	bool thr_pending;               /* THR-empty interrupt latched, not yet acknowledged */
	bool irq_level;                 /* level last reported through irq */
	void (*rx_empty)(void *opaque); /* see uart16550_on_rx_empty */
};

/* Sets the callbacks (either may be NULL) and puts the device in its reset state. */
void uart16550_init(struct uart16550 *u, uart16550_tx_fn tx, uart16550_irq_fn irq, void *opaque);

/*
 * Offers bytes from the host console to the receiver. Returns how many were taken;
 * the rest stay with the caller, which retries when uart16550_rx_space() says so.
 */
size_t uart16550_receive(struct uart16550 *u, const uint8_t *buf, size_t n);

/*
 * Has fn called (with the init's opaque) each time a guest read takes the last byte the receiver
 * held, from inside that read: it may offer more bytes with uart16550_receive, as a line feeds a
 * real UART's FIFO while the driver drains it. NULL (the default) calls nothing.
 */
void uart16550_on_rx_empty(struct uart16550 *u, void (*fn)(void *opaque));

/* True when uart16550_receive() would take at least one byte. */
bool uart16550_rx_space(const struct uart16550 *u);

/* read/write/reset take a struct uart16550 * as dev; only 1-byte accesses are accepted. */
extern const struct device_desc uart16550_device;

#endif
