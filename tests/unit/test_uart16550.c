/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the 16550A UART model, driven the way Linux's 8250 driver and earlycon drive it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <cmocka.h>

#include "vmm/devices/uart16550.h"

#define TX_LOG_MAX 8192

struct harness {
	struct uart16550 u;
	uint8_t tx_log[TX_LOG_MAX];
	size_t tx_count;
	unsigned irq_calls;
	bool irq_level;
};

static void record_tx(void *opaque, uint8_t byte)
{
	struct harness *h = opaque;

	if (h->tx_count < TX_LOG_MAX) {
		h->tx_log[h->tx_count] = byte;
	}
	h->tx_count++;
}

static void record_irq(void *opaque, bool level)
{
	struct harness *h = opaque;

	/* The model promises to report changes only. */
	assert_true(level != h->irq_level);
	h->irq_level = level;
	h->irq_calls++;
}

static struct harness *new_harness(void)
{
	struct harness *h = test_calloc(1, sizeof(*h));

	assert_non_null(h);
	uart16550_init(&h->u, record_tx, record_irq, h);
	return h;
}

static int setup(void **state)
{
	*state = new_harness();
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static uint8_t rd(struct harness *h, unsigned off)
{
	uint64_t v = 0xdeadbeef;

	assert_true(uart16550_device.read(&h->u, off, 1, &v));
	assert_true(v <= 0xff);
	return (uint8_t)v;
}

static void wr(struct harness *h, unsigned off, uint8_t val)
{
	assert_true(uart16550_device.write(&h->u, off, 1, val));
}

static void push(struct harness *h, const char *s, size_t n, size_t expect_taken)
{
	assert_int_equal(uart16550_receive(&h->u, (const uint8_t *)s, n), expect_taken);
}

static void test_descriptor(void **state)
{
	(void)state;
	assert_string_equal(uart16550_device.compatible, "ns16550a");
	assert_non_null(uart16550_device.name);
	assert_non_null(uart16550_device.read);
	assert_non_null(uart16550_device.write);
	assert_non_null(uart16550_device.reset);
}

static void test_scratch(void **state)
{
	struct harness *h = *state;

	assert_int_equal(rd(h, UART16550_SCR), 0);
	wr(h, UART16550_SCR, 0xa5);
	assert_int_equal(rd(h, UART16550_SCR), 0xa5);
	wr(h, UART16550_SCR, 0x5a);
	assert_int_equal(rd(h, UART16550_SCR), 0x5a);
	/* Bits above the byte lane are dropped, not stored or rejected. */
	assert_true(uart16550_device.write(&h->u, UART16550_SCR, 1, 0xffffff3c));
	assert_int_equal(rd(h, UART16550_SCR), 0x3c);
}

static void test_dlab(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_IER, UART16550_IER_ERBFI);
	wr(h, UART16550_LCR, UART16550_LCR_DLAB | 0x03);
	wr(h, UART16550_DLL, 0x34);
	wr(h, UART16550_DLM, 0x12);
	assert_int_equal(rd(h, UART16550_DLL), 0x34);
	assert_int_equal(rd(h, UART16550_DLM), 0x12);
	assert_int_equal(rd(h, UART16550_LCR), UART16550_LCR_DLAB | 0x03);
	/* Divisor writes are not transmitted and do not touch IER. */
	assert_int_equal(h->tx_count, 0);

	wr(h, UART16550_LCR, 0x03);
	assert_int_equal(rd(h, UART16550_IER), UART16550_IER_ERBFI);
	wr(h, UART16550_THR, 'x');
	assert_int_equal(h->tx_count, 1);

	/* And the divisor survived the round trip. */
	wr(h, UART16550_LCR, UART16550_LCR_DLAB);
	assert_int_equal(rd(h, UART16550_DLL), 0x34);
	assert_int_equal(rd(h, UART16550_DLM), 0x12);
	/* With DLAB set, offset 0 does not pop the receiver. */
	wr(h, UART16550_LCR, 0);
	push(h, "q", 1, 1);
	wr(h, UART16550_LCR, UART16550_LCR_DLAB);
	assert_int_equal(rd(h, UART16550_DLL), 0x34);
	wr(h, UART16550_LCR, 0);
	assert_int_equal(rd(h, UART16550_RBR), 'q');
}

static void test_tx(void **state)
{
	struct harness *h = *state;
	const char *msg = "hello\n";

	for (size_t i = 0; msg[i] != '\0'; i++) {
		/* earlycon's loop: wait for THRE, then write. */
		assert_true(rd(h, UART16550_LSR) & UART16550_LSR_THRE);
		wr(h, UART16550_THR, (uint8_t)msg[i]);
	}
	assert_int_equal(h->tx_count, 6);
	assert_memory_equal(h->tx_log, msg, 6);
}

static void test_lsr_thre_temt(void **state)
{
	struct harness *h = *state;

	assert_int_equal(rd(h, UART16550_LSR), UART16550_LSR_THRE | UART16550_LSR_TEMT);
	wr(h, UART16550_THR, 'a');
	assert_int_equal(rd(h, UART16550_LSR), UART16550_LSR_THRE | UART16550_LSR_TEMT);
	/* LSR is read-only to the guest. */
	wr(h, UART16550_LSR, 0x00);
	assert_int_equal(rd(h, UART16550_LSR), UART16550_LSR_THRE | UART16550_LSR_TEMT);
	wr(h, UART16550_LSR, 0xff);
	assert_int_equal(rd(h, UART16550_LSR), UART16550_LSR_THRE | UART16550_LSR_TEMT);
}

static void test_rx_fifo(void **state)
{
	struct harness *h = *state;
	char buf[UART16550_RX_FIFO * 2];

	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	assert_true(uart16550_rx_space(&h->u));
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);

	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (char)('A' + i);
	}
	push(h, buf, 10, 10);
	assert_true(rd(h, UART16550_LSR) & UART16550_LSR_DR);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(rd(h, UART16550_RBR), 'A' + i);
	}
	/* 4 held; 12 more fit, across the ring's wrap point; the rest are refused. */
	push(h, buf + 10, 14, 12);
	assert_false(uart16550_rx_space(&h->u));
	push(h, "z", 1, 0);
	for (size_t i = 6; i < 22; i++) {
		assert_true(rd(h, UART16550_LSR) & UART16550_LSR_DR);
		assert_int_equal(rd(h, UART16550_RBR), 'A' + i);
	}
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);
	assert_true(uart16550_rx_space(&h->u));
	/* A refused host byte is flow control, not an overrun. */
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_OE);
	/* Reading an empty receiver is harmless. */
	assert_int_equal(rd(h, UART16550_RBR), 0);
	assert_int_equal(h->u.rx_count, 0);
	push(h, buf, 0, 0);
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);
}

static void test_rx_without_fifo_holds_one(void **state)
{
	struct harness *h = *state;

	push(h, "ab", 2, 1);
	assert_false(uart16550_rx_space(&h->u));
	assert_int_equal(rd(h, UART16550_RBR), 'a');
	assert_true(uart16550_rx_space(&h->u));
	push(h, "b", 1, 1);
	assert_int_equal(rd(h, UART16550_RBR), 'b');
}

static void test_fcr_clear_and_mode_switch(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	push(h, "abc", 3, 3);
	/* Writing FCR with the same mode and no clear bit keeps the data. */
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE | 0x80);
	assert_true(rd(h, UART16550_LSR) & UART16550_LSR_DR);
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE | UART16550_FCR_CLEAR_RX);
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);

	push(h, "abc", 3, 3);
	/* Leaving FIFO mode resets the FIFO, so the count fits the 1-byte holding register. */
	wr(h, UART16550_FCR, 0);
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);
	assert_int_equal(h->u.rx_count, 0);
	/* Clear bits are ignored while FIFOs are off. */
	push(h, "d", 1, 1);
	wr(h, UART16550_FCR, UART16550_FCR_CLEAR_RX);
	assert_int_equal(rd(h, UART16550_RBR), 'd');
}

static void test_iir_values_and_priority(void **state)
{
	struct harness *h = *state;

	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
	/* Pending conditions without their enable bits stay invisible. */
	push(h, "x", 1, 1);
	wr(h, UART16550_THR, 'y');
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
	assert_false(h->irq_level);

	wr(h, UART16550_IER, UART16550_IER_ERBFI | UART16550_IER_ETBEI);
	assert_true(h->irq_level);
	/* Received data outranks THRE, and reading IIR then must not eat the THRE. */
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_RDI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_RDI);
	assert_int_equal(rd(h, UART16550_RBR), 'x');
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
	assert_false(h->irq_level);
}

static void test_thre_interrupt(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);
	assert_false(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);

	/* Rewriting the same IER value is not a new enable. */
	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	assert_false(h->irq_level);

	wr(h, UART16550_THR, 'a');
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);
	assert_false(h->irq_level);

	/* Linux's UART_BUG_THRE probe: disable then re-enable must re-assert THRE. */
	wr(h, UART16550_IER, 0);
	assert_false(h->irq_level);
	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);

	/* Linux's stop_tx while THRE is pending: masking drops the line. */
	wr(h, UART16550_THR, 'b');
	assert_true(h->irq_level);
	wr(h, UART16550_IER, 0);
	assert_false(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
}

static void test_irq_callback_only_on_change(void **state)
{
	struct harness *h = *state;

	assert_int_equal(h->irq_calls, 0);
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	wr(h, UART16550_IER, UART16550_IER_ERBFI);
	assert_int_equal(h->irq_calls, 0);
	push(h, "abcd", 4, 4);
	assert_int_equal(h->irq_calls, 1);
	assert_true(h->irq_level);
	push(h, "ef", 2, 2);
	(void)rd(h, UART16550_RBR);
	(void)rd(h, UART16550_LSR);
	(void)rd(h, UART16550_IIR);
	assert_int_equal(h->irq_calls, 1);
	for (int i = 0; i < 5; i++) {
		(void)rd(h, UART16550_RBR);
	}
	assert_int_equal(h->irq_calls, 2);
	assert_false(h->irq_level);
	(void)rd(h, UART16550_RBR);
	wr(h, UART16550_SCR, 1);
	assert_int_equal(h->irq_calls, 2);

	/* A NULL callback is allowed. */
	uart16550_init(&h->u, NULL, NULL, NULL);
	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	wr(h, UART16550_THR, 'q');
	assert_true(h->u.irq_level);
	assert_int_equal(h->irq_calls, 2);
	assert_int_equal(h->tx_count, 0);
}

static void test_fifo_iir_bits(void **state)
{
	struct harness *h = *state;

	assert_int_equal(rd(h, UART16550_IIR) & 0xc0, 0);
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	assert_int_equal(rd(h, UART16550_IIR), 0xc1);
	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	assert_int_equal(rd(h, UART16550_IIR), 0xc2);
	/* FCR sits at IIR's offset but is write-only: DLAB does not hide IIR. */
	wr(h, UART16550_LCR, 0xbf);
	assert_int_equal(rd(h, UART16550_IIR), 0xc1);
	wr(h, UART16550_LCR, 0);
	wr(h, UART16550_FCR, 0);
	assert_int_equal(rd(h, UART16550_IIR), 0x01);
}

static void test_loopback(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	assert_int_equal(rd(h, UART16550_MSR) & 0xf0,
			 UART16550_MSR_CTS | UART16550_MSR_DSR | UART16550_MSR_DCD);

	/* The 8250 probe: MCR = LOOP | RTS | OUT2 must read back MSR = CTS | DCD. */
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | 0x0a);
	assert_int_equal(rd(h, UART16550_MCR), UART16550_MCR_LOOP | 0x0a);
	assert_int_equal(rd(h, UART16550_MSR) & 0xf0, 0x90);
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | UART16550_MCR_DTR | UART16550_MCR_OUT1);
	assert_int_equal(rd(h, UART16550_MSR) & 0xf0, UART16550_MSR_DSR | UART16550_MSR_RI);

	wr(h, UART16550_THR, 'L');
	wr(h, UART16550_THR, 'B');
	assert_int_equal(h->tx_count, 0);
	assert_int_equal(rd(h, UART16550_LSR),
			 UART16550_LSR_DR | UART16550_LSR_THRE | UART16550_LSR_TEMT);
	assert_int_equal(rd(h, UART16550_RBR), 'L');
	assert_int_equal(rd(h, UART16550_RBR), 'B');

	/* The serial input is disconnected: host bytes wait outside. */
	assert_false(uart16550_rx_space(&h->u));
	push(h, "h", 1, 0);
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_DR);

	/* Overrunning the FIFO by loopback loses a byte and says so once. */
	for (int i = 0; i < UART16550_RX_FIFO + 1; i++) {
		wr(h, UART16550_THR, (uint8_t)i);
	}
	assert_int_equal(h->u.rx_count, UART16550_RX_FIFO);
	assert_int_equal(rd(h, UART16550_LSR) & (UART16550_LSR_OE | UART16550_LSR_RXFE),
			 UART16550_LSR_OE);
	assert_false(rd(h, UART16550_LSR) & UART16550_LSR_OE);
	for (int i = 0; i < UART16550_RX_FIFO; i++) {
		assert_int_equal(rd(h, UART16550_RBR), i);
	}

	wr(h, UART16550_MCR, 0);
	assert_int_equal(rd(h, UART16550_MSR) & 0xf0, 0xb0);
	wr(h, UART16550_THR, 'T');
	assert_int_equal(h->tx_count, 1);
	assert_int_equal(h->tx_log[0], 'T');
	assert_true(uart16550_rx_space(&h->u));
	push(h, "h", 1, 1);
}

static void test_modem_status_interrupt(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_MCR, UART16550_MCR_LOOP);
	/* Entering loopback dropped CTS, DSR and DCD. */
	assert_int_equal(rd(h, UART16550_MSR),
			 UART16550_MSR_DCTS | UART16550_MSR_DDSR | UART16550_MSR_DDCD);
	assert_int_equal(rd(h, UART16550_MSR), 0);

	wr(h, UART16550_IER, UART16550_IER_EDSSI);
	assert_false(h->irq_level);
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | UART16550_MCR_DTR);
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_MSI);
	/* Reading IIR does not acknowledge modem status; reading MSR does. */
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_MSR), UART16550_MSR_DSR | UART16550_MSR_DDSR);
	assert_false(h->irq_level);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);

	/* RI reports only its trailing edge. */
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | UART16550_MCR_DTR | UART16550_MCR_OUT1);
	assert_false(h->irq_level);
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | UART16550_MCR_DTR);
	assert_true(h->irq_level);
	assert_int_equal(rd(h, UART16550_MSR), UART16550_MSR_DSR | UART16550_MSR_TERI);
	assert_false(h->irq_level);

	/* Modem status is the lowest priority. */
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | UART16550_MCR_RTS);
	wr(h, UART16550_IER, UART16550_IER_EDSSI | UART16550_IER_ETBEI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_MSI);
}

static void test_line_status_interrupt(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_MCR, UART16550_MCR_LOOP);
	wr(h, UART16550_THR, 'a');
	wr(h, UART16550_THR, 'b'); /* no FIFO: one holding register, so this overruns */
	wr(h, UART16550_IER, UART16550_IER_ERBFI | UART16550_IER_ETBEI | UART16550_IER_ELSI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_RLSI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_RLSI);
	assert_true(rd(h, UART16550_LSR) & UART16550_LSR_OE);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_RDI);
	assert_int_equal(rd(h, UART16550_RBR), 'a');
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_THRI);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
	assert_false(h->irq_level);
}

static void test_out2_does_not_gate(void **state)
{
	struct harness *h = *state;

	assert_int_equal(rd(h, UART16550_MCR) & UART16550_MCR_OUT2, 0);
	wr(h, UART16550_IER, UART16550_IER_ERBFI);
	push(h, "x", 1, 1);
	assert_true(h->irq_level);
}

/* The register-level checks Linux's 8250 autoconfig makes, in its order. */
static void test_linux_autoconfig_probe(void **state)
{
	struct harness *h = *state;

	/* IER: only the four low bits are real. */
	wr(h, UART16550_IER, 0);
	assert_int_equal(rd(h, UART16550_IER) & 0x0f, 0);
	wr(h, UART16550_IER, 0xff);
	assert_int_equal(rd(h, UART16550_IER), 0x0f);
	wr(h, UART16550_IER, 0);

	/* Loopback probe. */
	wr(h, UART16550_MCR, UART16550_MCR_LOOP | 0x0a);
	assert_int_equal(rd(h, UART16550_MSR) & 0xf0, 0x90);
	wr(h, UART16550_MCR, 0);

	/* FIFO detection: IIR bits 7:6 == 3 means 16550A. */
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	assert_int_equal(rd(h, UART16550_IIR) >> 6, 3);

	/* No EFR: with LCR = 0xbf the EFR offset reads non-zero (it is IIR). */
	wr(h, UART16550_LCR, 0xbf);
	assert_int_not_equal(rd(h, 2), 0);
	wr(h, UART16550_LCR, 0);

	/* Not a 16750: the 64-byte FIFO bit never shows as IIR bit 5. */
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE | 0x20);
	assert_int_equal(rd(h, UART16550_IIR) >> 5, 6);
	wr(h, UART16550_LCR, UART16550_LCR_DLAB);
	wr(h, UART16550_FCR, UART16550_FCR_ENABLE | 0x20);
	assert_int_equal(rd(h, UART16550_IIR) >> 5, 6);
	wr(h, UART16550_LCR, 0);

	/* Not an XScale: IER bit 6 does not stick. */
	wr(h, UART16550_IER, 0x40);
	assert_int_equal(rd(h, UART16550_IER) & 0x40, 0);

	/* Not an NS SuperIO: toggling MCR.LOOP does not show at offset 2 under LCR = 0xe0. */
	wr(h, UART16550_MCR, UART16550_MCR_LOOP);
	wr(h, UART16550_LCR, 0xe0);
	assert_int_equal(rd(h, 2) & UART16550_MCR_LOOP, 0);
	wr(h, UART16550_LCR, 0);
	wr(h, UART16550_MCR, 0);
	assert_int_equal(h->tx_count, 0);
}

static void test_bad_widths_and_offsets(void **state)
{
	struct harness *h = *state;
	static const unsigned widths[] = { 0, 2, 3, 4, 8, 16, 0xffffffffu };
	uint64_t v = 0x1234;

	wr(h, UART16550_SCR, 0x77);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		assert_false(uart16550_device.read(&h->u, UART16550_SCR, widths[i], &v));
		assert_false(uart16550_device.write(&h->u, UART16550_SCR, widths[i], 0x11));
		assert_false(uart16550_device.write(&h->u, UART16550_THR, widths[i], 'x'));
	}
	assert_int_equal(v, 0x1234);
	assert_int_equal(rd(h, UART16550_SCR), 0x77);
	assert_int_equal(h->tx_count, 0);

	/* The rest of the window is empty. */
	for (unsigned off = UART16550_NUM_REGS; off < UART16550_WINDOW_SIZE; off++) {
		wr(h, off, 0xff);
		assert_int_equal(rd(h, off), 0);
	}
	assert_int_equal(rd(h, UART16550_SCR), 0x77);
	assert_int_equal(rd(h, UART16550_LCR), 0);
	assert_int_equal(h->tx_count, 0);

	/* Outside the window is not ours at all. */
	static const uint64_t outside[] = { UART16550_WINDOW_SIZE, 0x1000, UINT64_MAX,
					    (uint64_t)1 << 32 };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		assert_false(uart16550_device.read(&h->u, outside[i], 1, &v));
		assert_false(uart16550_device.write(&h->u, outside[i], 1, 'x'));
	}
	assert_int_equal(h->tx_count, 0);
}

static void test_reset(void **state)
{
	struct harness *h = *state;

	wr(h, UART16550_FCR, UART16550_FCR_ENABLE);
	wr(h, UART16550_LCR, UART16550_LCR_DLAB);
	wr(h, UART16550_DLL, 0x55);
	wr(h, UART16550_LCR, 0x03);
	wr(h, UART16550_SCR, 0x99);
	wr(h, UART16550_MCR, UART16550_MCR_DTR | UART16550_MCR_OUT2);
	wr(h, UART16550_IER, UART16550_IER_ERBFI);
	push(h, "abc", 3, 3);
	assert_true(h->irq_level);

	uart16550_device.reset(&h->u);
	assert_false(h->irq_level);
	assert_int_equal(h->irq_calls, 2);
	assert_int_equal(rd(h, UART16550_IER), 0);
	assert_int_equal(rd(h, UART16550_IIR), UART16550_IIR_NO_INT);
	assert_int_equal(rd(h, UART16550_LCR), 0);
	assert_int_equal(rd(h, UART16550_MCR), 0);
	assert_int_equal(rd(h, UART16550_LSR), UART16550_LSR_THRE | UART16550_LSR_TEMT);
	assert_int_equal(rd(h, UART16550_MSR), 0xb0);
	assert_int_equal(rd(h, UART16550_SCR), 0);
	assert_int_equal(h->u.rx_count, 0);
	wr(h, UART16550_LCR, UART16550_LCR_DLAB);
	assert_int_not_equal(rd(h, UART16550_DLL), 0x55);
	wr(h, UART16550_LCR, 0);

	/* Callbacks survive reset. */
	wr(h, UART16550_THR, 'r');
	assert_int_equal(h->tx_count, 1);
	wr(h, UART16550_IER, UART16550_IER_ETBEI);
	assert_true(h->irq_level);
}

/* xorshift64: deterministic, so a failure reproduces. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void test_random_sequences(void **state)
{
	struct harness *h = *state;
	static const unsigned widths[] = { 1, 1, 1, 1, 2, 4, 8, 0, 3 };
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	for (int round = 0; round < 8; round++) {
		uart16550_device.reset(&h->u);
		for (int i = 0; i < 4000; i++) {
			uint64_t r = next_rand(&seed);
			unsigned width = widths[(r >> 8) % (sizeof(widths) / sizeof(widths[0]))];
			/* Mostly real registers, sometimes the empty window or beyond it. */
			uint64_t off = (r & 3) != 0 ? (r >> 16) % 8 : (r >> 16) % 0x180;
			uint64_t val = next_rand(&seed);
			uint64_t got = 0;
			bool ok;

			switch ((r >> 4) % 4) {
			case 0:
				ok = uart16550_device.read(&h->u, off, width, &got);
				assert_true(ok == (width == 1 && off < UART16550_WINDOW_SIZE));
				assert_true(got <= 0xff);
				break;
			case 1:
			case 2:
				ok = uart16550_device.write(&h->u, off, width, val);
				assert_true(ok == (width == 1 && off < UART16550_WINDOW_SIZE));
				break;
			default: {
				uint8_t bytes[UART16550_RX_FIFO * 2];
				size_t n = (size_t)(val % sizeof(bytes));
				bool had_space = uart16550_rx_space(&h->u);
				unsigned before = h->u.rx_count;
				size_t taken;

				for (size_t k = 0; k < n; k++) {
					bytes[k] = (uint8_t)(val >> (k % 8));
				}
				taken = uart16550_receive(&h->u, bytes, n);
				assert_true(taken <= n);
				assert_int_equal(h->u.rx_count, before + taken);
				if (n > 0) {
					assert_true(had_space == (taken > 0));
				}
				break;
			}
			}
			assert_true(h->u.rx_count <= UART16550_RX_FIFO);
			assert_true(h->u.rx_head < UART16550_RX_FIFO);
			assert_true(h->irq_level == h->u.irq_level);
			/* Checks below read LSR and IIR, which have side effects: only sometimes. */
			if ((r >> 40) % 16 == 0) {
				bool before = h->irq_level;
				uint8_t iir = rd(h, UART16550_IIR);

				/* IIR and the line agree: a reported source means the line was up. */
				assert_true(before == !(iir & UART16550_IIR_NO_INT));
				assert_int_equal(iir & 0x30, 0);
				assert_true((rd(h, UART16550_LSR) & UART16550_LSR_DR) ==
					    (h->u.rx_count != 0));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test_setup_teardown(test_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dlab, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsr_thre_temt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_without_fifo_holds_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fcr_clear_and_mode_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iir_values_and_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thre_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_callback_only_on_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_iir_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modem_status_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_status_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out2_does_not_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linux_autoconfig_probe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_widths_and_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_sequences, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
