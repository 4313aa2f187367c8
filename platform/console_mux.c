/* SPDX-License-Identifier: Apache-2.0 */
/* Sharing the one host console between the hypervisor and several VMs (see platform/console_mux.h). */
#include "platform/console_mux.h"

#include "lib/printf.h"
#include "lib/string.h"

#define SOURCE_HOST (-1)

static const char hex_digit[] = "0123456789abcdef";

static void emit(struct console_mux *m, const void *buf, size_t len)
{
	if (len > 0) {
		m->emit(m->opaque, buf, len);
	}
}

/* Sends buf with each '\n' as "\r\n", in as few calls as the line breaks allow. */
static void emit_crlf(struct console_mux *m, const uint8_t *buf, size_t len)
{
	size_t start = 0;

	/* Invariant: buf[0, start) has been sent. */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			emit(m, buf + start, i - start);
			emit(m, "\r\n", 2);
			start = i + 1;
		}
	}
	emit(m, buf + start, len - start);
}

/* Sends buf with each FRAME byte doubled. */
static void emit_stuffed(struct console_mux *m, const uint8_t *buf, size_t len)
{
	static const uint8_t frame = CONSOLE_MUX_FRAME;
	size_t start = 0;

	/* Invariant: buf[0, start) has been sent. */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == CONSOLE_MUX_FRAME) {
			emit(m, buf + start, i + 1 - start);
			emit(m, &frame, 1);
			start = i + 1;
		}
	}
	emit(m, buf + start, len - start);
}

static void emit_record(struct console_mux *m, char kind, int vm)
{
	uint8_t rec[3] = { CONSOLE_MUX_FRAME, (uint8_t)kind, 0 };

	if (vm < 0) {
		emit(m, rec, 2);
		return;
	}
	rec[2] = (uint8_t)hex_digit[vm];
	emit(m, rec, 3);
}

static void set_source(struct console_mux *m, int source)
{
	if (!m->framed || m->source == source) {
		return;
	}
	m->source = source;
	emit_record(m, source == SOURCE_HOST ? CONSOLE_MUX_REC_HOST : CONSOLE_MUX_REC_OUTPUT,
		    source);
}

void console_mux_init(struct console_mux *m, console_mux_emit_fn emit_fn, void *opaque)
{
	lib_memset(m, 0, sizeof(*m));
	m->emit = emit_fn;
	m->opaque = opaque;
	m->nvms = 1;
	m->names[0] = "vm0";
	m->source = SOURCE_HOST;
}

bool console_mux_setup(struct console_mux *m, unsigned nvms, const char *const *names, bool framed)
{
	if (nvms == 0 || nvms > CONSOLE_MUX_MAX_VMS || (nvms > 1 && !framed)) {
		return false;
	}
	m->nvms = nvms;
	m->framed = framed;
	m->shown = 0;
	m->key_pending = false;
	for (unsigned i = 0; i < CONSOLE_MUX_MAX_VMS; i++) {
		m->names[i] = i < nvms ? names[i] : NULL;
		m->ended[i] = false;
		m->input[i].head = 0;
		m->input[i].count = 0;
	}
	return true;
}

static void host_text(struct console_mux *m, const char *text)
{
	console_mux_host_write(m, text, lib_strlen(text));
}

void console_mux_host_write(struct console_mux *m, const char *buf, size_t len)
{
	set_source(m, SOURCE_HOST);
	emit_crlf(m, (const uint8_t *)buf, len);
}

void console_mux_vm_write(struct console_mux *m, unsigned id, const uint8_t *buf, size_t len)
{
	if (id >= m->nvms) {
		return;
	}
	if (!m->framed) {
		emit_crlf(m, buf, len);
		return;
	}
	set_source(m, (int)id);
	emit_stuffed(m, buf, len);
}

void console_mux_vm_putc(struct console_mux *m, unsigned id, uint8_t byte)
{
	const uint8_t twice[2] = { byte, byte };

	if (id >= m->nvms) {
		return;
	}
	if (!m->framed) {
		if (byte == '\n') {
			emit(m, "\r\n", 2);
		} else {
			emit(m, twice, 1);
		}
		return;
	}
	set_source(m, (int)id);
	emit(m, twice, byte == CONSOLE_MUX_FRAME ? 2 : 1);
}

static bool switching(const struct console_mux *m)
{
	return m->nvms > 1;
}

static bool queue_full(const struct console_mux_queue *q)
{
	return q->count == CONSOLE_MUX_INPUT;
}

bool console_mux_input_room(const struct console_mux *m)
{
	/* With switching keys a byte is always taken, so a VM that never reads cannot block them. */
	return switching(m) || !queue_full(&m->input[m->shown]);
}

static void queue_push(struct console_mux *m, uint8_t byte)
{
	struct console_mux_queue *q = &m->input[m->shown];

	/* Input for an ended VM, or beyond what it has not read yet, is dropped like an overrun. */
	if (m->ended[m->shown] || queue_full(q)) {
		return;
	}
	q->buf[(q->head + q->count) % CONSOLE_MUX_INPUT] = byte;
	q->count++;
}

static void show(struct console_mux *m, unsigned id)
{
	char line[96];

	m->shown = id;
	lib_snprintf(line, sizeof(line), "rvkvm: console shows %s%s (Ctrl-] ? lists the VMs)\n",
		     m->names[id], m->ended[id] ? ", which has ended" : "");
	host_text(m, line);
	emit_record(m, CONSOLE_MUX_REC_SHOW, (int)id);
}

/* The VM after `from` in index order, preferring one still running; from itself if none. */
static unsigned next_vm(const struct console_mux *m, unsigned from)
{
	for (unsigned step = 1; step < m->nvms; step++) {
		unsigned id = (from + step) % m->nvms;

		if (!m->ended[id]) {
			return id;
		}
	}
	return from;
}

static void list_vms(struct console_mux *m)
{
	char line[96];

	host_text(m, "rvkvm: console: Ctrl-] then 0-9/a-f shows that VM, n the next, ? this list, "
		     "Ctrl-] sends Ctrl-]\n");
	for (unsigned i = 0; i < m->nvms; i++) {
		lib_snprintf(line, sizeof(line), "rvkvm: console:   %x %s %s%s\n", i, m->names[i],
			     m->ended[i] ? "ended" : "running", i == m->shown ? " (shown)" : "");
		host_text(m, line);
	}
}

static void command(struct console_mux *m, uint8_t byte)
{
	int id = lib_hex_digit(byte);

	if (byte == CONSOLE_MUX_KEY) {
		queue_push(m, byte);
	} else if (id >= 0 && (unsigned)id < m->nvms) {
		show(m, (unsigned)id);
	} else if (byte == 'n' || byte == 'N') {
		show(m, next_vm(m, m->shown));
	} else {
		list_vms(m);
	}
}

void console_mux_input(struct console_mux *m, uint8_t byte)
{
	if (m->key_pending) {
		m->key_pending = false;
		command(m, byte);
	} else if (switching(m) && byte == CONSOLE_MUX_KEY) {
		m->key_pending = true;
	} else {
		queue_push(m, byte);
	}
}

size_t console_mux_vm_read(struct console_mux *m, unsigned id, uint8_t *buf, size_t len)
{
	struct console_mux_queue *q;
	size_t n = 0;

	if (id >= m->nvms) {
		return 0;
	}
	q = &m->input[id];
	while (n < len && q->count > 0) {
		buf[n++] = q->buf[q->head];
		q->head = (q->head + 1) % CONSOLE_MUX_INPUT;
		q->count--;
	}
	return n;
}

void console_mux_vm_ended(struct console_mux *m, unsigned id)
{
	unsigned next;

	if (id >= m->nvms || m->ended[id]) {
		return;
	}
	m->ended[id] = true;
	m->input[id].count = 0;
	if (id != m->shown || !switching(m)) {
		return;
	}
	next = next_vm(m, id);
	if (!m->ended[next]) {
		show(m, next);
	}
}
