/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the per-VM config parser (vmm/vm_config.c), including hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/vm_config.h"

#define ERRLEN 256

/*
 * Parse n bytes from an exactly-sized heap copy with no NUL after it, so
 * ASan catches any read past the end of the text.
 */
static int parse_n(const char *text, size_t n, struct vm_config *cfg, char *err)
{
	char *copy = malloc(n > 0 ? n : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, text, n);
	r = vm_config_parse(copy, n, cfg, err, ERRLEN);
	free(copy);
	return r;
}

static int parse(const char *text, struct vm_config *cfg, char *err)
{
	return parse_n(text, strlen(text), cfg, err);
}

static void assert_defaults(const struct vm_config *cfg)
{
	assert_string_equal(cfg->name, "vm0");
	assert_int_equal(cfg->cpus, 1);
	assert_int_equal(cfg->mem_size, 128ull << 20);
	assert_string_equal(cfg->append, "");
	assert_string_equal(cfg->gstage, "");
	assert_false(cfg->named);
	assert_false(cfg->log);
}

/* The text must be rejected with exactly this message. */
static void expect_error(const char *text, const char *msg)
{
	struct vm_config cfg;
	char err[ERRLEN];

	memset(err, 'Z', sizeof(err));
	assert_int_equal(parse(text, &cfg, err), -1);
	assert_string_equal(err, msg);
	/* A failed parse leaves nothing half-applied. */
	assert_defaults(&cfg);
}

/* The text must be rejected with a message that starts with prefix. */
static void expect_error_prefix(const char *text, const char *prefix)
{
	struct vm_config cfg;
	char err[ERRLEN];

	assert_int_equal(parse(text, &cfg, err), -1);
	if (strncmp(err, prefix, strlen(prefix)) != 0) {
		fail_msg("text '%s': got '%s', want prefix '%s'", text, err, prefix);
	}
	assert_defaults(&cfg);
}

static uint64_t parse_mem(const char *value)
{
	char text[128];
	struct vm_config cfg;
	char err[ERRLEN];

	snprintf(text, sizeof(text), "mem=%s\n", value);
	if (parse(text, &cfg, err) != 0) {
		fail_msg("mem=%s rejected: %s", value, err);
	}
	return cfg.mem_size;
}

static void test_defaults(void **state)
{
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	memset(&cfg, 0x5a, sizeof(cfg));
	assert_int_equal(parse("", &cfg, err), 0);
	assert_defaults(&cfg);
	assert_string_equal(err, "");

	memset(&cfg, 0x5a, sizeof(cfg));
	assert_int_equal(parse("# only comments\n\n   \n\t# indented comment\n\r\n", &cfg, err), 0);
	assert_defaults(&cfg);

	memset(&cfg, 0x5a, sizeof(cfg));
	vm_config_defaults(&cfg);
	assert_defaults(&cfg);

	/* Zero-length text from a NULL pointer is an empty file. */
	assert_int_equal(vm_config_parse(NULL, 0, &cfg, err, sizeof(err)), 0);
	assert_defaults(&cfg);
}

static void test_all_keys(void **state)
{
	struct vm_config cfg;
	char err[ERRLEN];
	static const char text[] = "# a VM\n"
				   "name=web-1_A\n"
				   "cpus=4\n"
				   "mem=256M\n"
				   "append=console=ttyS0 root=/dev/vda rw\n"
				   "gstage=sv48x4\n"
				   "log=1\n";

	(void)state;
	assert_int_equal(parse(text, &cfg, err), 0);
	assert_string_equal(cfg.name, "web-1_A");
	assert_true(cfg.named);
	assert_true(cfg.log);
	assert_int_equal(cfg.cpus, 4);
	assert_int_equal(cfg.mem_size, 256ull << 20);
	assert_string_equal(cfg.append, "console=ttyS0 root=/dev/vda rw");
	assert_string_equal(cfg.gstage, "sv48x4");
}

static void test_whitespace_and_line_endings(void **state)
{
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	assert_int_equal(parse("  cpus = 2  \r\n\tmem\t=\t1G\r\n  # note\r\n\r\n"
			       "append =  earlycon  quiet   \r\n"
			       "name=last",
			       &cfg, err),
			 0);
	assert_int_equal(cfg.cpus, 2);
	assert_int_equal(cfg.mem_size, 1ull << 30);
	/* Inner spacing of the command line is kept as written. */
	assert_string_equal(cfg.append, "earlycon  quiet");
	/* The last line needs no newline. */
	assert_string_equal(cfg.name, "last");

	/* '=' and '#' after the first '=' belong to the value. */
	assert_int_equal(parse("append = init=/bin/sh a#b # c\n", &cfg, err), 0);
	assert_string_equal(cfg.append, "init=/bin/sh a#b # c");

	/* Empty values are allowed for the strings that default to empty. */
	assert_int_equal(parse("append=\ngstage=  \n", &cfg, err), 0);
	assert_string_equal(cfg.append, "");
	assert_string_equal(cfg.gstage, "");
}

static void test_mem_sizes(void **state)
{
	(void)state;
	assert_int_equal(parse_mem("1048576"), 1ull << 20);
	assert_int_equal(parse_mem("1052672"), (1ull << 20) + 4096);
	assert_int_equal(parse_mem("1024K"), 1ull << 20);
	assert_int_equal(parse_mem("1028k"), (1ull << 20) + 4096);
	assert_int_equal(parse_mem("1M"), 1ull << 20);
	assert_int_equal(parse_mem("64m"), 64ull << 20);
	assert_int_equal(parse_mem("2G"), 2ull << 30);
	assert_int_equal(parse_mem("3g"), 3ull << 30);
	assert_int_equal(parse_mem("0001M"), 1ull << 20);
	/* The largest size that fits in 64 bits with a G suffix. */
	assert_int_equal(parse_mem("17179869183G"), 17179869183ull << 30);
	assert_int_equal(parse_mem("18446744073709547520"), UINT64_MAX - 4095);
}

static void test_mem_errors(void **state)
{
	static const char *const bad_syntax[] = { "",    "M",   "12X", "1.5G", "-1M",
						  "+1M", "1 M", "1MB", "1MM",  "0x100000",
						  "1T",  "K1",  "1MiB" };
	char text[64], want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_syntax) / sizeof(bad_syntax[0]); i++) {
		snprintf(text, sizeof(text), "mem=%s", bad_syntax[i]);
		snprintf(want, sizeof(want),
			 "config line 1: bad mem value '%s' (expected a size such as 256M, "
			 "with an optional K, M or G suffix)",
			 bad_syntax[i]);
		expect_error(text, want);
	}
	expect_error("mem=0", "config line 1: bad mem value '0' (expected at least 1M)");
	/* The test slot's dirty log has a bit per page of at most 256 MiB. */
	expect_error("testmem=257M",
		     "config line 1: bad testmem value '257M' (expected at most 256M)");
	expect_error("mem=0M", "config line 1: bad mem value '0M' (expected at least 1M)");
	expect_error("mem=1020K", "config line 1: bad mem value '1020K' (expected at least 1M)");
	expect_error("mem=4096", "config line 1: bad mem value '4096' (expected at least 1M)");
	expect_error("mem=1048577",
		     "config line 1: bad mem value '1048577' (expected a multiple of 4K)");
	expect_error("mem=1025K",
		     "config line 1: bad mem value '1025K' (expected a multiple of 4K)");
	expect_error("mem=18446744073709551615",
		     "config line 1: bad mem value '18446744073709551615' "
		     "(expected a multiple of 4K)");
	expect_error("mem=18446744073709551616",
		     "config line 1: bad mem value '18446744073709551616' "
		     "(expected a size that fits in 64 bits)");
	expect_error("mem=17179869184G", "config line 1: bad mem value '17179869184G' "
					 "(expected a size that fits in 64 bits)");
	expect_error_prefix("mem=99999999999999999999999999999999999999M",
			    "config line 1: bad mem value");
}

static void test_cpus(void **state)
{
	static const char *const bad[] = {
		"0",  "65", "",    "abc",        "-1",
		"+1", "1x", "1 2", "4294967297", "99999999999999999999999"
	};
	struct vm_config cfg;
	char text[64], want[256], err[ERRLEN];

	(void)state;
	assert_int_equal(parse("cpus=1", &cfg, err), 0);
	assert_int_equal(cfg.cpus, 1);
	assert_int_equal(parse("cpus=64", &cfg, err), 0);
	assert_int_equal(cfg.cpus, VM_CONFIG_MAX_CPUS);
	assert_int_equal(parse("cpus=007", &cfg, err), 0);
	assert_int_equal(cfg.cpus, 7);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "cpus=%s", bad[i]);
		snprintf(want, sizeof(want),
			 "config line 1: bad cpus value '%s' "
			 "(expected a decimal number from 1 to 64)",
			 bad[i]);
		expect_error(text, want);
	}
}

static void test_name(void **state)
{
	static const char *const bad[] = {
		"", "a b", "a.b", "a/b", "\xc3\xbc", "a=b", "abcdefghijklmnopqrstuvwxyz012345"
	};
	struct vm_config cfg;
	char text[64], err[ERRLEN];

	(void)state;
	assert_int_equal(parse("name=abcdefghijklmnopqrstuvwxyz01234", &cfg, err), 0);
	assert_string_equal(cfg.name, "abcdefghijklmnopqrstuvwxyz01234");
	assert_int_equal(strlen(cfg.name), VM_CONFIG_NAME_MAX - 1);
	assert_int_equal(parse("name=Z_-9", &cfg, err), 0);
	assert_string_equal(cfg.name, "Z_-9");
	assert_true(cfg.named);
	assert_int_equal(parse("name=vm0", &cfg, err), 0); /* the default, but set: still named */
	assert_true(cfg.named);
	assert_int_equal(parse("cpus=2", &cfg, err), 0);
	assert_false(cfg.named);
	assert_int_equal(parse("log=0", &cfg, err), 0);
	assert_false(cfg.log);
	expect_error("log=yes", "config line 1: bad log value 'yes' (expected 0 or 1)");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "name=%s", bad[i]);
		expect_error_prefix(text, "config line 1: bad name value '");
	}
	expect_error("name=a b", "config line 1: bad name value 'a b' "
				 "(expected 1 to 31 characters of A-Z a-z 0-9 _ -)");
	/* Bytes outside printable ASCII are not echoed raw. */
	expect_error("name=\xc3\xbc", "config line 1: bad name value '?"
				      "?' " /* no trigraph */
				      "(expected 1 to 31 characters of A-Z a-z 0-9 _ -)");
}

static void test_string_limits(void **state)
{
	char text[2048], err[ERRLEN];
	struct vm_config cfg;

	(void)state;
	/* append: 1023 bytes fit, 1024 do not. */
	strcpy(text, "append=");
	memset(text + 7, 'a', 1023);
	text[7 + 1023] = '\0';
	assert_int_equal(parse(text, &cfg, err), 0);
	assert_int_equal(strlen(cfg.append), 1023);
	assert_int_equal(cfg.append[1022], 'a');
	text[7 + 1023] = 'b';
	text[7 + 1024] = '\0';
	expect_error(text, "config line 1: append is longer than 1023 bytes");
	/* Trimmed blanks do not count against the limit. */
	text[7 + 1023] = ' ';
	assert_int_equal(parse(text, &cfg, err), 0);

	assert_int_equal(parse("gstage=123456789012345", &cfg, err), 0);
	assert_string_equal(cfg.gstage, "123456789012345");
	/* gstage is stored verbatim: checking the mode is the VMM's job. */
	assert_int_equal(parse("gstage=Sv39x4 ?!", &cfg, err), 0);
	assert_string_equal(cfg.gstage, "Sv39x4 ?!");
	expect_error("gstage=1234567890123456", "config line 1: gstage is longer than 15 bytes");
}

static void test_key_errors_with_line_numbers(void **state)
{
	(void)state;
	expect_error("cpus=1\n\ncpu=1\n", "config line 3: unknown key 'cpu'");
	expect_error("CPUS=1", "config line 1: unknown key 'CPUS'");
	expect_error("# c\r\n\r\n  mem = 1M  \r\n\tmem=2M\r\n",
		     "config line 4: duplicate key 'mem' (first set on line 3)");
	expect_error("name=a\nname=a\n",
		     "config line 2: duplicate key 'name' (first set on line 1)");
	expect_error("append=\nappend=x\n",
		     "config line 2: duplicate key 'append' (first set on line 1)");
	expect_error("cpus=1\nmem=1M\ncpus 2\n",
		     "config line 3: missing '=' in 'cpus 2' (expected key=value)");
	expect_error("=5", "config line 1: missing key before '='");
	expect_error("  \t= 5\n", "config line 1: missing key before '='");
	expect_error("\n\n\n\n\n\n\n\n\n\n\n\ncpus=0",
		     "config line 13: bad cpus value '0' (expected a decimal number from 1 to 64)");
	/* A bad line after good ones: the good ones are not kept. */
	expect_error("cpus=8\nmem=1G\nname=x\nbogus", "config line 4: missing '=' in 'bogus' "
						      "(expected key=value)");
}

static void test_nul_bytes(void **state)
{
	static const char with_nul[] = "cpus=1\nmem=1\0M\n";
	static const char nul_in_comment[] = "# a\0b\ncpus=2\n";
	static const char nul_alone[] = "\0";
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	assert_int_equal(parse_n(with_nul, sizeof(with_nul) - 1, &cfg, err), -1);
	assert_string_equal(err, "config line 2: NUL byte in the config text");
	assert_defaults(&cfg);
	assert_int_equal(parse_n(nul_in_comment, sizeof(nul_in_comment) - 1, &cfg, err), -1);
	assert_string_equal(err, "config line 1: NUL byte in the config text");
	assert_int_equal(parse_n(nul_alone, 1, &cfg, err), -1);
	assert_string_equal(err, "config line 1: NUL byte in the config text");
	/* A text that would be fine if it stopped at the NUL is still rejected. */
	assert_int_equal(parse_n("cpus=2\n\0", 8, &cfg, err), -1);
	assert_string_equal(err, "config line 2: NUL byte in the config text");
}

static void test_error_buffer(void **state)
{
	static const char full[] = "config line 1: unknown key 'bogus'";
	struct vm_config cfg;
	char *err;

	(void)state;
	/* Exactly-sized heap buffers: a write past errlen is an ASan error. */
	for (size_t len = 1; len < sizeof(full) + 4; len++) {
		err = malloc(len);
		assert_non_null(err);
		assert_int_equal(vm_config_parse("bogus=1", 7, &cfg, err, len), -1);
		assert_int_equal(strlen(err), len - 1 < strlen(full) ? len - 1 : strlen(full));
		assert_memory_equal(err, full, strlen(err));
		free(err);
	}
	assert_int_equal(vm_config_parse("bogus=1", 7, &cfg, NULL, 0), -1);
	assert_int_equal(vm_config_parse("cpus=2", 6, &cfg, NULL, 0), 0);
	assert_int_equal(cfg.cpus, 2);

	/* A success clears a stale message. */
	err = malloc(8);
	assert_non_null(err);
	strcpy(err, "stale");
	assert_int_equal(vm_config_parse("cpus=2", 6, &cfg, err, 8), 0);
	assert_string_equal(err, "");
	free(err);

	/* Bad arguments are reported, not dereferenced. */
	err = malloc(ERRLEN);
	assert_non_null(err);
	assert_int_equal(vm_config_parse("cpus=2", 6, NULL, err, ERRLEN), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(vm_config_parse(NULL, 5, &cfg, err, ERRLEN), -1);
	free(err);
}

static void test_long_input_echo_is_bounded(void **state)
{
	static char text[20000];
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	memset(text, 'k', sizeof(text) - 3);
	memcpy(text + sizeof(text) - 3, "=1", 3);
	assert_int_equal(parse(text, &cfg, err), -1);
	assert_string_equal(err, "config line 1: unknown key "
				 "'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'");

	memcpy(text, "append=", 7);
	assert_int_equal(parse(text, &cfg, err), -1);
	assert_string_equal(err, "config line 1: append is longer than 1023 bytes");
}

/* Every prefix of a valid file parses or fails cleanly, never reading past its end. */
static void test_every_truncation(void **state)
{
	static const char text[] = "# VM 0\r\n"
				   "name = guest_0\n"
				   "cpus=2\n"
				   "mem=512M\n"
				   "append=console=ttyS0 earlycon=sbi\n"
				   "gstage=sv39x4\n";
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	for (size_t n = 0; n <= strlen(text); n++) {
		int r = parse_n(text, n, &cfg, err);

		if (r == 0) {
			assert_string_equal(err, "");
		} else {
			assert_int_equal(r, -1);
			assert_true(strncmp(err, "config line ", 12) == 0);
			assert_defaults(&cfg);
		}
		/* Cutting right after a newline always leaves a valid file. */
		if (n == 0 || text[n - 1] == '\n') {
			assert_int_equal(r, 0);
		}
	}
	/* Cut inside "cpus" there is no '=' yet; cut after "mem=5" the size is below 1M. */
	assert_int_equal(parse_n(text, 24, &cfg, err), -1);
	assert_string_equal(err, "config line 3: missing '=' in 'c' (expected key=value)");
	assert_int_equal(parse_n(text, 35, &cfg, err), -1);
	assert_string_equal(err, "config line 4: bad mem value '5' (expected at least 1M)");
	assert_int_equal(parse_n(text, strlen(text), &cfg, err), 0);
	assert_string_equal(cfg.name, "guest_0");
	assert_int_equal(cfg.mem_size, 512ull << 20);
	assert_string_equal(cfg.append, "console=ttyS0 earlycon=sbi");
}

/* nics=: each item vm[=SWITCH][,mac=MAC] or user[,mac=MAC], eth0 first; the MAC is kept only when given. */
static void test_nics(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0xab, 0x00, 0x00, 0x00, 0x1f };
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	assert_int_equal(parse("nics=vm vm=lan_2,mac=02:AB:00:00:00:1f vm=x-y\n", &cfg, err), 0);
	assert_int_equal(cfg.nics, 3);
	assert_int_equal(cfg.nic[0].backend, VM_CONFIG_NET_VM);
	assert_string_equal(cfg.nic[0].sw, "vm");
	assert_false(cfg.nic[0].mac_given);
	assert_string_equal(cfg.nic[1].sw, "lan_2");
	assert_true(cfg.nic[1].mac_given);
	assert_memory_equal(cfg.nic[1].mac, mac, sizeof(mac));
	assert_string_equal(cfg.nic[2].sw, "x-y");
	assert_false(cfg.nic[2].mac_given);

	assert_int_equal(parse("nics=vm,mac=02:00:00:00:00:01\n", &cfg, err), 0);
	assert_string_equal(cfg.nic[0].sw, "vm");
	assert_true(cfg.nic[0].mac_given);
	assert_int_equal(parse("nics=vm=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", &cfg, err), 0);
	assert_string_equal(cfg.nic[0].sw, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	/* user: a host NIC, no switch; its forwarding rules are QEMU's, not the config's. */
	assert_int_equal(parse("nics=user vm user,mac=02:00:00:00:00:07\n", &cfg, err), 0);
	assert_int_equal(cfg.nics, 3);
	assert_int_equal(cfg.nic[0].backend, VM_CONFIG_NET_USER);
	assert_string_equal(cfg.nic[0].sw, "");
	assert_int_equal(cfg.nic[1].backend, VM_CONFIG_NET_VM);
	assert_int_equal(cfg.nic[2].backend, VM_CONFIG_NET_USER);
	assert_true(cfg.nic[2].mac_given);

	/* Shapes that are not a NIC, and addresses that are not a NIC's. */
	static const char *const bad[] = {
		"nics=\n",
		"nics=user=lan\n",
		"nics=users\n",
		"nics=user,hostfwd=tcp::1-:2\n",
		"nics=vm=\n",
		"nics=vmx\n",
		"nics=vm=a b=c\n",
		"nics=vm  vm\n",
		"nics=vm=a.b\n",
		"nics=vm=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"nics=vm,\n",
		"nics=vm,mac=\n",
		"nics=vm,mac=03:00:00:00:00:01\n",
		"nics=vm,mac=ff:ff:ff:ff:ff:ff\n",
		"nics=vm,mac=00:00:00:00:00:00\n",
		"nics=vm,mac=02:00:00:00:00:1\n",
		"nics=vm,mac=02:00:00:00:00:011\n",
		"nics=vm,mac=02-00-00-00-00-01\n",
		"nics=vm,mac=02:00:00:00:00:01,mac=02:00:00:00:00:02\n",
		"nics=vm,hostfwd=tcp::1-:2\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_error_prefix(bad[i], "config line 1: bad nics value '");
	}
	expect_error("nics=vm vm vm vm vm\n", "config line 1: more than 4 nics");
}

/* The virtio devices together fit the machine's 8 slots; the message names the last key's line. */
static void test_virtio_slots(void **state)
{
	struct vm_config cfg;
	char err[ERRLEN];

	(void)state;
	assert_int_equal(parse("disks=6\nrng=1\nconsole=virtio\n", &cfg, err), 0);
	assert_int_equal(parse("disks=2\nrng=1\nconsole=virtio\nnics=vm vm vm vm\n", &cfg, err), 0);
	assert_int_equal(cfg.nics, 4);
	expect_error(
		"nics=vm vm\ncpus=2\ndisks=6\nrng=1\n",
		"config line 4: 6 disks, 1 rng, 0 virtio console and 2 nics need 9 virtio slots; "
		"the machine has 8");
	expect_error("disks=5\nrng=1\nconsole=virtio\nnics=vm vm\n",
		     "config line 4: 5 disks, 1 rng, 1 virtio console and 2 nics need 9 virtio "
		     "slots; the machine has 8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_keys),
		cmocka_unit_test(test_whitespace_and_line_endings),
		cmocka_unit_test(test_mem_sizes),
		cmocka_unit_test(test_mem_errors),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_string_limits),
		cmocka_unit_test(test_key_errors_with_line_numbers),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_long_input_echo_is_bounded),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_nics),
		cmocka_unit_test(test_virtio_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
