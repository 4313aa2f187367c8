/* SPDX-License-Identifier: Apache-2.0 */
/* A host-test stand-in for platform/console.h: records console output, serves queued VM input. */
#include "platform/console.h"
#include "tests/fakes/fake_console.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Large enough for a whole test guest's RAM written in one call. */
#define FAKE_VM_OUT_MAX (256u * 1024u)
#define FAKE_HOST_OUT_MAX 4096u
#define FAKE_IN_MAX 4096u
#define FAKE_NO_VM 0xFFFFFFFFu

static struct {
	unsigned char vm_out[FAKE_VM_OUT_MAX];
	size_t vm_out_len;
	size_t vm_writes;
	size_t vm_reads;
	unsigned last_vm_id;
	bool overflowed; /* some output did not fit: a test must treat this as a failure */
	char host_out[FAKE_HOST_OUT_MAX + 1]; /* NUL-terminated for easy comparison */
	size_t host_out_len;
	unsigned char in[FAKE_IN_MAX];
	size_t in_len;
	size_t in_pos; /* in[in_pos, in_len) is still unread */
	uint64_t uart_base;
	unsigned uart_shift;
} fake;

/* Appends what fits and remembers that something did not. */
static void append(void *dst, size_t *used, size_t cap, const void *src, size_t len)
{
	size_t room = cap - *used;

	if (len > room) {
		fake.overflowed = true;
		len = room;
	}
	memcpy((unsigned char *)dst + *used, src, len);
	*used += len;
}

void fake_console_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.last_vm_id = FAKE_NO_VM;
}

const unsigned char *fake_console_vm_output(size_t *len)
{
	*len = fake.vm_out_len;
	return fake.vm_out;
}

size_t fake_console_vm_write_calls(void)
{
	return fake.vm_writes;
}

unsigned fake_console_last_vm_id(void)
{
	return fake.last_vm_id;
}

bool fake_console_overflowed(void)
{
	return fake.overflowed;
}

void fake_console_queue_input(const void *buf, size_t len)
{
	append(fake.in, &fake.in_len, FAKE_IN_MAX, buf, len);
}

size_t fake_console_input_left(void)
{
	return fake.in_len - fake.in_pos;
}

size_t fake_console_vm_read_calls(void)
{
	return fake.vm_reads;
}

const char *fake_console_host_output(size_t *len)
{
	*len = fake.host_out_len;
	return fake.host_out;
}

void console_use_uart(uint64_t base, unsigned reg_shift)
{
	fake.uart_base = base;
	fake.uart_shift = reg_shift;
}

void console_write(const char *buf, size_t len)
{
	append(fake.host_out, &fake.host_out_len, FAKE_HOST_OUT_MAX, buf, len);
	fake.host_out[fake.host_out_len] = '\0';
}

void console_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fake.overflowed = true;
		return;
	}
	if ((size_t)n >= sizeof(buf)) {
		fake.overflowed = true;
		n = (int)sizeof(buf) - 1;
	}
	console_write(buf, (size_t)n);
}

void console_vm_write(unsigned vm_id, const void *buf, size_t len)
{
	fake.vm_writes++;
	fake.last_vm_id = vm_id;
	append(fake.vm_out, &fake.vm_out_len, FAKE_VM_OUT_MAX, buf, len);
}

/* Recorded as the one-byte write it stands for. */
void console_vm_putc(unsigned vm_id, uint8_t byte)
{
	console_vm_write(vm_id, &byte, 1);
}

size_t console_vm_read(unsigned vm_id, void *buf, size_t len)
{
	size_t n = fake_console_input_left();

	fake.vm_reads++;
	fake.last_vm_id = vm_id;
	if (n > len) {
		n = len;
	}
	/* A zero-length read may come with any pointer: touch nothing then. */
	if (n > 0) {
		memcpy(buf, fake.in + fake.in_pos, n);
		fake.in_pos += n;
	}
	return n;
}
