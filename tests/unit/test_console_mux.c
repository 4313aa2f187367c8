/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the console multiplexer: unframed single VM, framing, switching keys, input queues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platform/console_mux.h"

#define OUT_MAX (1u << 20)
#define DLE CONSOLE_MUX_FRAME
#define KEY CONSOLE_MUX_KEY

static uint8_t out[OUT_MAX];
static size_t out_len;
static struct console_mux mux;
static const char *const names2[] = { "alpha", "beta" };
static const char *const names3[] = { "a", "b", "c" };

static void record(void *opaque, const uint8_t *buf, size_t len)
{
	assert_null(opaque);
	assert_true(len > 0); /* the multiplexer never sends empty pieces */
	assert_true(out_len + len <= OUT_MAX);
	memcpy(out + out_len, buf, len);
	out_len += len;
}

static int setup(void **state)
{
	(void)state;
	out_len = 0;
	console_mux_init(&mux, record, NULL);
	return 0;
}

static void expect_out(const void *want, size_t len)
{
	assert_int_equal(out_len, len);
	assert_memory_equal(out, want, len);
	out_len = 0;
}

static bool out_has(const char *text)
{
	size_t n = strlen(text);

	for (size_t i = 0; i + n <= out_len; i++) {
		if (memcmp(out + i, text, n) == 0) {
			return true;
		}
	}
	return false;
}

static void type(const char *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(console_mux_input_room(&mux));
		console_mux_input(&mux, (uint8_t)keys[i]);
	}
}

static void expect_input(unsigned vm, const char *want, size_t n)
{
	uint8_t buf[CONSOLE_MUX_INPUT + 8];

	assert_int_equal(console_mux_vm_read(&mux, vm, buf, sizeof(buf)), n);
	assert_memory_equal(buf, want, n);
}

/* A single VM looks as it did before the multiplexer: '\n' as "\r\n", no records, keys are data. */
static void test_single_vm_unframed(void **state)
{
	static const uint8_t vm_bytes[] = { 'o', 'k', '\n', DLE, 'h', KEY };
	static const uint8_t want_vm[] = { 'o', 'k', '\r', '\n', DLE, 'h', KEY };
	char typed[] = { 'l', 's', KEY, '1', '\r' };

	(void)state;
	console_mux_host_write(&mux, "rvkvm: a\nb", 10);
	expect_out("rvkvm: a\r\nb", 11);
	console_mux_vm_write(&mux, 0, vm_bytes, sizeof(vm_bytes));
	expect_out(want_vm, sizeof(want_vm));
	console_mux_vm_write(&mux, 1, vm_bytes, sizeof(vm_bytes)); /* no VM 1 */
	expect_out("", 0);

	type(typed, sizeof(typed));
	expect_out("", 0); /* no switching message: Ctrl-] is the guest's */
	expect_input(0, typed, sizeof(typed));
	expect_input(0, "", 0);
	expect_input(1, "", 0);
}

/* Alone, a VM that does not read holds the host's bytes back (flow control), as before. */
static void test_single_vm_flow_control(void **state)
{
	char buf[CONSOLE_MUX_INPUT];
	uint8_t got[5];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (char)('a' + i % 26);
	}
	type(buf, sizeof(buf));
	assert_false(console_mux_input_room(&mux));
	assert_int_equal(console_mux_vm_read(&mux, 0, got, sizeof(got)), sizeof(got));
	assert_memory_equal(got, buf, sizeof(got));
	assert_true(console_mux_input_room(&mux));
	type("!", 1);
	{
		static uint8_t rest[CONSOLE_MUX_INPUT];

		size_t left = sizeof(buf) - sizeof(got);

		assert_int_equal(console_mux_vm_read(&mux, 0, rest, sizeof(rest)), left + 1);
		assert_memory_equal(rest, buf + sizeof(got), left);
		assert_int_equal(rest[left], '!'); /* the '!' came after them */
	}
}

static void test_setup_refused(void **state)
{
	static const char *names17[17];

	(void)state;
	for (unsigned i = 0; i < 17; i++) {
		names17[i] = "x";
	}
	assert_false(console_mux_setup(&mux, 0, names2, true));
	assert_false(console_mux_setup(&mux, 17, names17, true));
	assert_false(console_mux_setup(&mux, 2, names2, false));
	assert_true(console_mux_setup(&mux, 16, names17, true));
	assert_true(console_mux_setup(&mux, 1, names2, false));
	assert_true(console_mux_setup(&mux, 1, names2, true));
	expect_out("", 0);
}

static void test_framed_records(void **state)
{
	static const uint8_t dle = DLE;
	static const uint8_t want[] = { DLE,  'o', '0', 'a',  'b',  'c', /* vm0 */
					DLE,  'o', '1', DLE,  DLE,  'h',
					'\n',                       /* vm1: DLE doubled, \n raw */
					DLE,  'h', 'x', '\r', '\n', /* the hypervisor */
					DLE,  'o', '0', DLE,  DLE };
	static const uint8_t forged[] = { DLE, 'h', '\n' };

	(void)state;
	assert_true(console_mux_setup(&mux, 2, names2, true));
	console_mux_vm_write(&mux, 0, (const uint8_t *)"ab", 2);
	console_mux_vm_write(&mux, 0, (const uint8_t *)"c", 1); /* same stream: no new record */
	console_mux_vm_write(&mux, 1, forged, sizeof(forged));
	console_mux_vm_write(&mux, 2, forged, sizeof(forged)); /* no VM 2: dropped */
	console_mux_host_write(&mux, "x\n", 2);
	console_mux_vm_write(&mux, 0, &dle, 1);
	expect_out(want, sizeof(want));
}

/* Splits a framed stream back into the hypervisor's (index 0) and each VM's bytes. */
struct streams {
	uint8_t data[4][4096];
	size_t len[4];
	int shown;
};

static void demux(const uint8_t *s, size_t n, struct streams *st)
{
	int source = 0;

	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < n; i++) {
		if (s[i] != DLE) {
			st->data[source][st->len[source]++] = s[i];
			continue;
		}
		assert_true(i + 1 < n);
		i++;
		if (s[i] == DLE) {
			st->data[source][st->len[source]++] = DLE;
		} else if (s[i] == 'h') {
			source = 0;
		} else {
			assert_true(s[i] == 'o' || s[i] == 's');
			assert_true(i + 1 < n);
			assert_true(s[i + 1] >= '0' && s[i + 1] <= '2');
			if (s[i] == 'o') {
				source = 1 + (s[i + 1] - '0');
			} else {
				st->shown = s[i + 1] - '0';
			}
			i++;
		}
	}
}

/* Whatever bytes the VMs write, in any interleaving, each stream comes back intact. */
static void test_framing_round_trip(void **state)
{
	static struct streams want, got;

	(void)state;
	srand(7);
	assert_true(console_mux_setup(&mux, 3, names3, true));
	memset(&want, 0, sizeof(want));
	for (unsigned round = 0; round < 400; round++) {
		uint8_t buf[8];
		unsigned n = (unsigned)rand() % sizeof(buf);
		int who = rand() % 4;

		for (unsigned i = 0; i < n; i++) {
			/* Mostly the bytes that matter to the framing. */
			static const uint8_t pick[] = {
				DLE, 'h', 'o', 's', '0', '\n', '\r', 0, 0xff
			};

			buf[i] = pick[(unsigned)rand() % sizeof(pick)];
		}
		if (who == 0) {
			for (unsigned i = 0; i < n; i++) {
				buf[i] = buf[i] == DLE ? 'd'
						       : buf[i]; /* the hypervisor writes text */
				if (buf[i] == '\n') {
					want.data[0][want.len[0]++] = '\r';
				}
				want.data[0][want.len[0]++] = buf[i];
			}
			console_mux_host_write(&mux, (const char *)buf, n);
		} else {
			memcpy(want.data[who] + want.len[who], buf, n);
			want.len[who] += n;
			console_mux_vm_write(&mux, (unsigned)who - 1, buf, n);
		}
	}
	demux(out, out_len, &got);
	for (unsigned s = 0; s < 4; s++) {
		assert_int_equal(got.len[s], want.len[s]);
		assert_memory_equal(got.data[s], want.data[s], want.len[s]);
	}
}

static void test_switching_keys(void **state)
{
	static struct streams st;
	const char show1[] = { KEY, '1' };
	const char literal[] = { 'x', KEY, KEY, 'y' };
	const char list[] = { KEY, '?' };
	const char next[] = { KEY, 'n' };
	const char nowhere[] = { KEY, '9' };
	const char want1[] = { 'x', KEY, 'y' };

	(void)state;
	assert_true(console_mux_setup(&mux, 3, names3, true));
	type("to a", 4);
	expect_input(0, "to a", 4);
	expect_out("", 0);

	type(show1, sizeof(show1));
	assert_true(out_has("rvkvm: console shows b (Ctrl-] ? lists the VMs)\r\n"));
	demux(out, out_len, &st);
	assert_int_equal(st.shown, 1);
	out_len = 0;
	type(literal, sizeof(literal));
	expect_out("", 0);
	expect_input(1, want1, sizeof(want1));
	expect_input(0, "", 0);

	type(list, sizeof(list));
	assert_true(out_has("Ctrl-] then 0-9/a-f shows that VM"));
	assert_true(out_has("  1 b running (shown)\r\n"));
	assert_true(out_has("  2 c running\r\n"));
	out_len = 0;

	type(nowhere, sizeof(nowhere)); /* no VM 9: the list again, nothing typed */
	assert_true(out_has("  0 a running\r\n"));
	out_len = 0;

	type(next, sizeof(next));
	assert_true(out_has("console shows c"));
	out_len = 0;
	type(next, sizeof(next)); /* wraps around */
	assert_true(out_has("console shows a"));
	out_len = 0;
	type("k", 1);
	expect_input(0, "k", 1);
	expect_input(1, "", 0);
	expect_input(2, "", 0);
}

static void test_ended_vm(void **state)
{
	static struct streams st;
	const char show0[] = { KEY, '0' };
	const char next[] = { KEY, 'n' };

	(void)state;
	assert_true(console_mux_setup(&mux, 3, names3, true));
	type("q", 1);
	console_mux_vm_ended(&mux, 0); /* shown: the console moves on */
	expect_input(0, "", 0);        /* its waiting input is gone */
	assert_true(out_has("console shows b ("));
	demux(out, out_len, &st);
	assert_int_equal(st.shown, 1);
	out_len = 0;

	console_mux_vm_ended(&mux, 2); /* not shown: nothing changes */
	console_mux_vm_ended(&mux, 2);
	console_mux_vm_ended(&mux, 5);
	expect_out("", 0);
	type(next, sizeof(next)); /* b is the only one running: it stays */
	assert_true(out_has("console shows b ("));
	out_len = 0;

	type(show0, sizeof(show0)); /* an ended VM can still be shown, but takes no input */
	assert_true(out_has("console shows a, which has ended"));
	out_len = 0;
	type("zz", 2);
	expect_input(0, "", 0);

	console_mux_vm_ended(&mux, 1); /* the last one: there is nowhere to go */
	expect_out("", 0);
}

/* With switching keys every byte is taken: a VM that never reads cannot lock the keyboard. */
static void test_input_overflow_with_switching(void **state)
{
	static char buf[CONSOLE_MUX_INPUT + 100];
	const char show1[] = { KEY, '1' };

	(void)state;
	assert_true(console_mux_setup(&mux, 2, names2, true));
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (char)('a' + i % 26);
	}
	type(buf, sizeof(buf));
	type(show1, sizeof(show1));
	assert_true(out_has("console shows beta"));
	type("b", 1);
	expect_input(0, buf, CONSOLE_MUX_INPUT);
	expect_input(1, "b", 1);
}

/* Replays ops on a multiplexer, VM bytes one console_mux_vm_putc each or as vm_write runs. */
struct mux_op {
	int vm; /* -1: the host's text */
	const char *text;
	size_t len;
};

static void replay(const struct mux_op *ops, size_t n, bool putc)
{
	for (size_t i = 0; i < n; i++) {
		if (ops[i].vm < 0) {
			console_mux_host_write(&mux, ops[i].text, ops[i].len);
		} else if (!putc) {
			console_mux_vm_write(&mux, (unsigned)ops[i].vm,
					     (const uint8_t *)ops[i].text, ops[i].len);
		} else {
			for (size_t j = 0; j < ops[i].len; j++) {
				console_mux_vm_putc(&mux, (unsigned)ops[i].vm,
						    (uint8_t)ops[i].text[j]);
			}
		}
	}
}

/*
 * A byte at a time, every byte value, framed or not, with VMs and the host taking turns: the
 * bytes on the host console are those of console_mux_vm_write.
 */
static void test_putc_same_as_write(void **state)
{
	static uint8_t want[1u << 16];
	char all[256];
	size_t want_len = 0;
	const struct mux_op ops[] = {
		{ 0, all, sizeof(all) },
		{ 0, "x\n\n", 3 },
		{ -1, "host\n", 5 },
		{ 1,
		  "\x10\x10"
		  "b\n",
		  4 },
		{ 1, "c", 1 },
		{ 0, "\x10", 1 },
		{ 2, "\n", 1 },
		{ 5, "unknown vm", 10 },
		{ 1, all, sizeof(all) },
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(all); i++) {
		all[i] = (char)i;
	}
	for (int framed = 0; framed < 2; framed++) {
		unsigned nvms = framed ? 3 : 1;

		for (int putc = 0; putc < 2; putc++) {
			console_mux_init(&mux, record, NULL);
			assert_true(console_mux_setup(&mux, nvms, names3, framed));
			out_len = 0;
			replay(ops, sizeof(ops) / sizeof(ops[0]), putc);
			if (!putc) {
				assert_true(out_len <= sizeof(want));
				memcpy(want, out, out_len);
				want_len = out_len;
			} else {
				expect_out(want, want_len);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_single_vm_unframed, setup),
		cmocka_unit_test_setup(test_single_vm_flow_control, setup),
		cmocka_unit_test_setup(test_setup_refused, setup),
		cmocka_unit_test_setup(test_framed_records, setup),
		cmocka_unit_test_setup(test_framing_round_trip, setup),
		cmocka_unit_test_setup(test_switching_keys, setup),
		cmocka_unit_test_setup(test_ended_vm, setup),
		cmocka_unit_test_setup(test_input_overflow_with_switching, setup),
		cmocka_unit_test_setup(test_putc_same_as_write, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
