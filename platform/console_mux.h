/* SPDX-License-Identifier: Apache-2.0 */
/* Sharing the one host console between the hypervisor and several VMs: framing, switching keys, input queues. */
#ifndef PLATFORM_CONSOLE_MUX_H
#define PLATFORM_CONSOLE_MUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_MUX_MAX_VMS 16 /* one hex digit names a VM on the wire and on the keyboard */
#define CONSOLE_MUX_INPUT 1024 /* bytes of keyboard input a VM may have waiting */

/*
 * The switching key: Ctrl-] then a hex digit shows that VM, 'n' the next one, '?' a list,
 * Ctrl-] again sends one Ctrl-] to the shown VM. Ctrl-A stays QEMU's own escape.
 */
#define CONSOLE_MUX_KEY 0x1d

/*
 * Framed output (several VMs, or VM output wanted in log files): the host tool separates the
 * streams again (tools/console_demux.pl). A frame byte starts a record:
 *   FRAME 'h'      what follows is the hypervisor's own output
 *   FRAME 'o' X    what follows is the output of VM X (X one hex digit, lower case)
 *   FRAME 's' X    the console now shows VM X (its output is displayed, the keyboard goes to it)
 *   FRAME FRAME    one FRAME byte of the current stream
 * A VM cannot forge a record: each FRAME byte it writes is sent doubled.
 */
#define CONSOLE_MUX_FRAME 0x10 /* DLE */
#define CONSOLE_MUX_REC_HOST 'h'
#define CONSOLE_MUX_REC_OUTPUT 'o'
#define CONSOLE_MUX_REC_SHOW 's'

struct console_mux_queue {
	uint8_t buf[CONSOLE_MUX_INPUT];
	unsigned head;  /* oldest byte, < CONSOLE_MUX_INPUT */
	unsigned count; /* <= CONSOLE_MUX_INPUT */
};

/* Where the multiplexer's output bytes go (the host UART), exactly as given. */
typedef void (*console_mux_emit_fn)(void *opaque, const uint8_t *buf, size_t len);

/* The caller serialises every call on one instance (the console lock). */
struct console_mux {
	console_mux_emit_fn emit;
	void *opaque;
	unsigned nvms;
	bool framed;
	int source; /* stream of the last bytes sent when framed: -1 the hypervisor, else a VM */
	unsigned shown;
	bool key_pending; /* CONSOLE_MUX_KEY seen, waiting for the command byte */
	const char *names[CONSOLE_MUX_MAX_VMS];
	bool ended[CONSOLE_MUX_MAX_VMS];
	struct console_mux_queue input[CONSOLE_MUX_MAX_VMS];
};

/* One VM, unframed, no switching keys: the console of a single-VM run, byte for byte as before. */
void console_mux_init(struct console_mux *m, console_mux_emit_fn emit, void *opaque);

/*
 * Sets the VMs (names[i] is VM i's; the strings must outlive the multiplexer) and whether
 * output is framed. Several VMs are always framed and get the switching keys; VM 0 is shown
 * first. Returns false (and changes nothing) for 0 or more than CONSOLE_MUX_MAX_VMS VMs, or
 * several VMs unframed.
 */
bool console_mux_setup(struct console_mux *m, unsigned nvms, const char *const *names, bool framed);

/* The hypervisor's own text; '\n' goes out as "\r\n". */
void console_mux_host_write(struct console_mux *m, const char *buf, size_t len);

/* Output of VM id (ignored for an unknown id). Unframed, '\n' goes out as "\r\n" as before. */
void console_mux_vm_write(struct console_mux *m, unsigned id, const uint8_t *buf, size_t len);
/*
 * console_mux_vm_write of one byte, the same bytes out: a UART sends a byte per exit, and this
 * hands it to emit in one piece, without the loops that scan a buffer for line breaks.
 */
void console_mux_vm_putc(struct console_mux *m, unsigned id, uint8_t byte);

/* True when console_mux_input can take a byte now; false asks the caller to leave it waiting. */
bool console_mux_input_room(const struct console_mux *m);

/* One byte from the host keyboard: a switching key, or input for the shown VM. */
void console_mux_input(struct console_mux *m, uint8_t byte);

/* Takes up to len bytes of VM id's waiting input; returns how many. */
size_t console_mux_vm_read(struct console_mux *m, unsigned id, uint8_t *buf, size_t len);

/* VM id has ended: it takes no more input, and if it was shown the next running VM is. */
void console_mux_vm_ended(struct console_mux *m, unsigned id);

#endif
