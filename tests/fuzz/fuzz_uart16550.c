/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the 16550 model: random guest register accesses (any offset, any width) mixed
 * with host input, checked for byte order, interrupt-line changes and the register contract.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vmm/devices/uart16550.h"

/* What the guest should read: every byte accepted, in order, less those a FIFO reset dropped. */
struct shadow {
	uint8_t q[64];
	unsigned head, count;
};

struct run {
	struct uart16550 u;
	struct shadow rx;
	bool irq; /* level last reported */
	unsigned irq_calls;
	uint8_t tx_expect; /* the byte the guest just wrote to THR */
	bool tx_armed;     /* a tx callback is allowed now, and only for tx_expect */
	unsigned tx_calls;
};

static void shadow_push(struct shadow *s, uint8_t b)
{
	FZ_CHECK(s->count < sizeof(s->q), "shadow overflow");
	s->q[(s->head + s->count) % sizeof(s->q)] = b;
	s->count++;
}

static uint8_t shadow_pop(struct shadow *s)
{
	uint8_t b = s->q[s->head];

	s->head = (s->head + 1) % sizeof(s->q);
	s->count--;
	return b;
}

static void on_tx(void *opaque, uint8_t byte)
{
	struct run *r = opaque;

	FZ_CHECK(r->tx_armed, "tx callback without a THR write");
	FZ_CHECK(byte == r->tx_expect, "sent 0x%02x, the guest wrote 0x%02x", byte, r->tx_expect);
	r->tx_armed = false;
	r->tx_calls++;
}

static void on_irq(void *opaque, bool level)
{
	struct run *r = opaque;

	FZ_CHECK(level != r->irq, "irq callback without a change (level %d)", level);
	r->irq = level;
	r->irq_calls++;
}

static bool fifo_on(const struct uart16550 *u)
{
	return (u->fcr & UART16550_FCR_ENABLE) != 0;
}

static bool loop_on(const struct uart16550 *u)
{
	return (u->mcr & UART16550_MCR_LOOP) != 0;
}

static bool dlab(const struct uart16550 *u)
{
	return (u->lcr & UART16550_LCR_DLAB) != 0;
}

/* What holds after any operation, whatever it was. */
static void check_state(const struct run *r)
{
	const struct uart16550 *u = &r->u;
	unsigned cap = fifo_on(u) ? UART16550_RX_FIFO : 1;

	FZ_CHECK(u->rx_head < UART16550_RX_FIFO, "rx_head %u", u->rx_head);
	FZ_CHECK(u->rx_count <= cap, "rx_count %u with room for %u", u->rx_count, cap);
	FZ_CHECK(u->rx_count == r->rx.count, "holds %u bytes, should hold %u", u->rx_count,
		 r->rx.count);
	FZ_CHECK(r->irq == u->irq_level, "reported level %d, model says %d", r->irq, u->irq_level);
	FZ_CHECK(uart16550_rx_space(u) == (!loop_on(u) && u->rx_count < cap), "rx_space");
}

static void check_read(struct run *r, unsigned reg, uint8_t v, bool dlab_was, uint8_t lsr_before)
{
	switch (reg) {
	case UART16550_RBR:
		if (!dlab_was && r->rx.count > 0) {
			uint8_t want = shadow_pop(&r->rx);

			FZ_CHECK(v == want, "RBR 0x%02x, expected 0x%02x", v, want);
		}
		break;
	case UART16550_IIR:
		FZ_CHECK((v & 0x30) == 0, "IIR reserved bits in 0x%02x", v);
		FZ_CHECK((v & 0x0f) == UART16550_IIR_NO_INT || (v & 0x0f) == UART16550_IIR_MSI ||
				 (v & 0x0f) == UART16550_IIR_THRI ||
				 (v & 0x0f) == UART16550_IIR_RDI ||
				 (v & 0x0f) == UART16550_IIR_RLSI,
			 "IIR 0x%02x", v);
		FZ_CHECK(((v & 0xc0) != 0) == fifo_on(&r->u), "IIR FIFO bits 0x%02x", v);
		break;
	case UART16550_LSR:
		FZ_CHECK((v & (UART16550_LSR_THRE | UART16550_LSR_TEMT)) ==
				 (UART16550_LSR_THRE | UART16550_LSR_TEMT),
			 "LSR 0x%02x: the transmitter is never busy", v);
		FZ_CHECK(((v & UART16550_LSR_DR) != 0) == (r->rx.count > 0), "LSR.DR 0x%02x", v);
		FZ_CHECK(v == lsr_before, "LSR 0x%02x changed by reading it (0x%02x)", v,
			 lsr_before);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);
	struct run *r = calloc(1, sizeof(*r));
	unsigned steps = 0;

	uart16550_init(&r->u, on_tx, on_irq, r);
	check_state(r);
	while (!fz_empty(&f) && steps++ < 4096) {
		unsigned op = fz_u8(&f) % 8;
		uint64_t off = 0, v = 0;
		unsigned width = 1;
		bool ok;

		if (op < 6) {
			/* Mostly the 8 registers; else the rest of the window, or far out. */
			uint8_t sel = fz_u8(&f);

			off = sel < 200 ? sel % 8 : sel < 250 ? fz_u8(&f) : fz_u64(&f);
			width = fz_u8(&f) < 230 ? 1 : fz_below(&f, 10);
		}
		switch (op) {
		case 0:
		case 1:
		case 2: { /* guest read */
			bool dlab_was = dlab(&r->u);
			uint8_t lsr =
				(uint8_t)(UART16550_LSR_THRE | UART16550_LSR_TEMT |
					  r->u.lsr_errors | (r->u.rx_count ? UART16550_LSR_DR : 0));

			v = 0x1234;
			ok = uart16550_device.read(&r->u, off, width, &v);
			FZ_CHECK(ok == (width == 1 && off < UART16550_WINDOW_SIZE),
				 "read 0x%llx/%u accepted %d", (unsigned long long)off, width, ok);
			if (!ok) {
				break;
			}
			FZ_CHECK(v <= 0xff, "read 0x%llx gave 0x%llx", (unsigned long long)off,
				 (unsigned long long)v);
			FZ_CHECK(off < UART16550_NUM_REGS || v == 0,
				 "reserved offset 0x%llx reads 0x%llx", (unsigned long long)off,
				 (unsigned long long)v);
			if (off < UART16550_NUM_REGS) {
				check_read(r, (unsigned)off, (uint8_t)v, dlab_was, lsr);
			}
			break;
		}
		case 3:
		case 4: { /* guest write */
			bool thr = off == UART16550_THR && !dlab(&r->u);
			bool was_fifo = fifo_on(&r->u);
			bool lost;

			v = fz_u8(&f) == 0 ? fz_u64(&f) : fz_u8(&f);
			if (thr && !loop_on(&r->u) && width == 1) {
				r->tx_expect = (uint8_t)v;
				r->tx_armed = true;
			}
			ok = uart16550_device.write(&r->u, off, width, v);
			FZ_CHECK(ok == (width == 1 && off < UART16550_WINDOW_SIZE),
				 "write 0x%llx/%u accepted %d", (unsigned long long)off, width, ok);
			FZ_CHECK(!r->tx_armed, "THR write 0x%02x not sent", r->tx_expect);
			if (!ok) {
				break;
			}
			/* A loopback byte joins the receiver, unless it is full (overrun). */
			if (thr && loop_on(&r->u)) {
				if (r->rx.count < (fifo_on(&r->u) ? UART16550_RX_FIFO : 1u)) {
					shadow_push(&r->rx, (uint8_t)v);
				} else {
					FZ_CHECK(r->u.lsr_errors & UART16550_LSR_OE,
						 "no overrun reported");
				}
			}
			/* FCR: toggling the FIFOs, or CLEAR_RX with them on, drops it all. */
			lost = off == UART16550_FCR &&
			       ((((v & UART16550_FCR_ENABLE) != 0) != was_fifo) ||
				((v & UART16550_FCR_ENABLE) && (v & UART16550_FCR_CLEAR_RX)));
			if (lost) {
				r->rx.count = 0;
			}
			break;
		}
		case 5: { /* host input */
			size_t n, taken, room;
			const uint8_t *bytes = fz_bytes(&f, fz_below(&f, 24), &n);

			room = loop_on(&r->u)
				       ? 0
				       : (fifo_on(&r->u) ? UART16550_RX_FIFO : 1u) - r->u.rx_count;
			taken = uart16550_receive(&r->u, bytes, n);
			FZ_CHECK(taken == (n < room ? n : room),
				 "took %zu of %zu with room for %zu", taken, n, room);
			for (size_t i = 0; i < taken; i++) {
				shadow_push(&r->rx, bytes[i]);
			}
			break;
		}
		case 6: /* reset */
			if (fz_u8(&f) < 32) {
				uart16550_device.reset(&r->u);
				r->rx.count = 0;
			}
			break;
		default:
			/* An idle step: the line must not move on its own. */
			break;
		}
		check_state(r);
	}
	free(r);
	return 0;
}
