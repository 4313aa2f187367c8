/* SPDX-License-Identifier: Apache-2.0 */
/* Parser for the per-VM key=value config file found in the bundle (vmN/config). */
#include "vmm/vm_config.h"

#include "lib/string.h"

#include <stdbool.h>

/* At most this much of a bad key or value is echoed back, so one long line cannot flood. */
#define ECHO_MAX 40

#define MEM_SYNTAX "a size such as 256M, with an optional K, M or G suffix"

/* Message buffer that truncates silently and always stays NUL-terminated. */
struct errbuf {
	char *buf;
	size_t cap;
	size_t len;
};

/* What a key handler needs to parse its value and to report a problem. */
struct line_ctx {
	struct errbuf *err;
	size_t line;
	const char *key;
};

struct key_desc {
	const char *key;
	int (*parse)(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg);
};

static void err_putc(struct errbuf *e, char c)
{
	if (e->len + 1 < e->cap) {
		e->buf[e->len++] = c;
		e->buf[e->len] = '\0';
	}
}

static void err_str(struct errbuf *e, const char *s)
{
	while (*s != '\0') {
		err_putc(e, *s++);
	}
}

static void err_uint(struct errbuf *e, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		err_putc(e, digits[--n]);
	}
}

/* Echo user text in quotes; control and non-ASCII bytes become '?' so the console stays sane. */
static void err_quoted(struct errbuf *e, const char *s, size_t n)
{
	size_t shown = n < ECHO_MAX ? n : ECHO_MAX;

	err_putc(e, '\'');
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		err_putc(e, (c >= 0x20 && c < 0x7f) ? (char)c : '?');
	}
	if (shown < n) {
		err_str(e, "...");
	}
	err_putc(e, '\'');
}

/* Start a new message "config line N: " (the buffer only ever holds one). */
static void err_begin(struct errbuf *e, size_t line)
{
	e->len = 0;
	if (e->cap > 0) {
		e->buf[0] = '\0';
	}
	err_str(e, "config line ");
	err_uint(e, line);
	err_str(e, ": ");
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1])) {
		(*n)--;
	}
}

static int bad_value(const struct line_ctx *ctx, const char *val, size_t n, const char *expected)
{
	err_begin(ctx->err, ctx->line);
	err_str(ctx->err, "bad ");
	err_str(ctx->err, ctx->key);
	err_str(ctx->err, " value ");
	err_quoted(ctx->err, val, n);
	err_str(ctx->err, " (expected ");
	err_str(ctx->err, expected);
	err_putc(ctx->err, ')');
	return -1;
}

static int too_long(const struct line_ctx *ctx, size_t max)
{
	err_begin(ctx->err, ctx->line);
	err_str(ctx->err, ctx->key);
	err_str(ctx->err, " is longer than ");
	err_uint(ctx->err, max);
	err_str(ctx->err, " bytes");
	return -1;
}

/* Parse a run of decimal digits. Returns false if empty, not all digits, or above UINT64_MAX. */
static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t d;

		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10) {
			return false;
		}
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static int parse_cpus(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	uint64_t v;

	if (!parse_u64(val, n, &v) || v < 1 || v > VM_CONFIG_MAX_CPUS) {
		err_begin(ctx->err, ctx->line);
		err_str(ctx->err, "bad cpus value ");
		err_quoted(ctx->err, val, n);
		err_str(ctx->err, " (expected a decimal number from 1 to ");
		err_uint(ctx->err, VM_CONFIG_MAX_CPUS);
		err_putc(ctx->err, ')');
		return -1;
	}
	cfg->cpus = (unsigned)v;
	return 0;
}

static int parse_size(const struct line_ctx *ctx, const char *val, size_t n, uint64_t *out)
{
	size_t digits = n;
	unsigned shift = 0;
	bool bad_syntax;
	uint64_t v;

	if (n > 0) {
		switch (val[n - 1]) {
		case 'K':
		case 'k':
			shift = 10;
			break;
		case 'M':
		case 'm':
			shift = 20;
			break;
		case 'G':
		case 'g':
			shift = 30;
			break;
		default:
			break;
		}
		if (shift != 0) {
			digits--;
		}
	}
	bad_syntax = digits == 0;
	for (size_t i = 0; i < digits; i++) {
		bad_syntax = bad_syntax || val[i] < '0' || val[i] > '9';
	}
	if (bad_syntax) {
		return bad_value(ctx, val, n, MEM_SYNTAX);
	}
	/* Only digits are left, so a parse failure here is an overflow. */
	if (!parse_u64(val, digits, &v) || v > (UINT64_MAX >> shift)) {
		return bad_value(ctx, val, n, "a size that fits in 64 bits");
	}
	v <<= shift;
	if (v < VM_CONFIG_MEM_MIN) {
		return bad_value(ctx, val, n, "at least 1M");
	}
	if (v % VM_CONFIG_MEM_ALIGN != 0) {
		return bad_value(ctx, val, n, "a multiple of 4K");
	}
	*out = v;
	return 0;
}

static int parse_mem(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	return parse_size(ctx, val, n, &cfg->mem_size);
}

static int parse_testmem(const struct line_ctx *ctx, const char *val, size_t n,
			 struct vm_config *cfg)
{
	if (parse_size(ctx, val, n, &cfg->testmem_size) != 0) {
		return -1;
	}
	if (cfg->testmem_size > VM_CONFIG_TESTMEM_MAX) {
		return bad_value(ctx, val, n, "at most 256M");
	}
	return 0;
}

static int parse_append(const struct line_ctx *ctx, const char *val, size_t n,
			struct vm_config *cfg)
{
	if (n >= sizeof(cfg->append)) {
		return too_long(ctx, sizeof(cfg->append) - 1);
	}
	lib_memcpy(cfg->append, val, n);
	cfg->append[n] = '\0';
	return 0;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static int parse_name(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	bool ok = n > 0 && n < sizeof(cfg->name);

	for (size_t i = 0; ok && i < n; i++) {
		ok = is_name_char(val[i]);
	}
	if (!ok) {
		err_begin(ctx->err, ctx->line);
		err_str(ctx->err, "bad name value ");
		err_quoted(ctx->err, val, n);
		err_str(ctx->err, " (expected 1 to ");
		err_uint(ctx->err, sizeof(cfg->name) - 1);
		err_str(ctx->err, " characters of A-Z a-z 0-9 _ -)");
		return -1;
	}
	lib_memcpy(cfg->name, val, n);
	cfg->name[n] = '\0';
	cfg->named = true;
	return 0;
}

/* Stored as written: the VMM knows which G-stage modes the host has, this parser does not. */
static int parse_gstage(const struct line_ctx *ctx, const char *val, size_t n,
			struct vm_config *cfg)
{
	if (n >= sizeof(cfg->gstage)) {
		return too_long(ctx, sizeof(cfg->gstage) - 1);
	}
	lib_memcpy(cfg->gstage, val, n);
	cfg->gstage[n] = '\0';
	return 0;
}

static int parse_flag(const struct line_ctx *ctx, const char *val, size_t n, bool *flag)
{
	if (n != 1 || (val[0] != '0' && val[0] != '1')) {
		return bad_value(ctx, val, n, "0 or 1");
	}
	*flag = val[0] == '1';
	return 0;
}

static int parse_stats(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->stats);
}

static int parse_mem_prealloc(const struct line_ctx *ctx, const char *val, size_t n,
			      struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->mem_prealloc);
}

static int parse_icount(const struct line_ctx *ctx, const char *val, size_t n,
			struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->icount);
}

static int parse_dump_dtb(const struct line_ctx *ctx, const char *val, size_t n,
			  struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->dump_dtb);
}

/* exc_route=NAME:ROUTE[,NAME:ROUTE...]; see README (exception routing). */
static const struct {
	const char *name;
	uint8_t cause;
} exc_names[] = {
	{ "misaligned_fetch", 0 }, { "illegal", 2 },     { "breakpoint", 3 },
	{ "misaligned_load", 4 },  { "load_access", 5 }, { "misaligned_store", 6 },
	{ "store_access", 7 },
};
static const char *const route_names[] = { "core", "guest", "vmm" }; /* RVKVM_EXC_ROUTE_* order */

static bool word_is(const char *s, size_t n, const char *word)
{
	return lib_strlen(word) == n && lib_memcmp(s, word, n) == 0;
}

static int parse_one_route(const char *s, size_t n, struct vm_config *cfg)
{
	const char *colon = lib_memchr(s, ':', n);
	size_t name_len;

	if (colon == NULL) {
		return -1;
	}
	name_len = (size_t)(colon - s);
	for (size_t i = 0; i < sizeof(exc_names) / sizeof(exc_names[0]); i++) {
		if (!word_is(s, name_len, exc_names[i].name)) {
			continue;
		}
		for (uint8_t r = 0; r < sizeof(route_names) / sizeof(route_names[0]); r++) {
			if (word_is(colon + 1, n - name_len - 1, route_names[r])) {
				cfg->exc_route[exc_names[i].cause] = r;
				return 0;
			}
		}
	}
	return -1;
}

static int parse_exc_route(const struct line_ctx *ctx, const char *val, size_t n,
			   struct vm_config *cfg)
{
	size_t start = 0;

	/* Invariant: val[start..] is the part not parsed yet; each item ends at ',' or the end. */
	while (start <= n) {
		const char *comma = lib_memchr(val + start, ',', n - start);
		size_t end = comma ? (size_t)(comma - val) : n;

		if (parse_one_route(val + start, end - start, cfg) != 0) {
			return bad_value(
				ctx, val, n,
				"items like illegal:vmm; exceptions misaligned_fetch illegal "
				"breakpoint misaligned_load load_access misaligned_store "
				"store_access; routes core guest vmm");
		}
		start = end + 1;
	}
	return 0;
}

/* vmm_sbi=dbcn: the SBI extensions the VMM implements instead of the core (only DBCN so far). */
static int parse_vmm_sbi(const struct line_ctx *ctx, const char *val, size_t n,
			 struct vm_config *cfg)
{
	if (!word_is(val, n, "dbcn")) {
		return bad_value(ctx, val, n, "dbcn");
	}
	cfg->vmm_dbcn = true;
	return 0;
}

static int parse_regtest(const struct line_ctx *ctx, const char *val, size_t n,
			 struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->regtest);
}

static int parse_log(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->log);
}

/* disks=N: the VM has N virtio disks, served by the host disks named rvkvm-vV-dI (I < N). */
static int parse_disks(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	uint64_t v;

	if (!parse_u64(val, n, &v) || v > VM_CONFIG_MAX_DISKS) {
		err_begin(ctx->err, ctx->line);
		err_str(ctx->err, "bad disks value ");
		err_quoted(ctx->err, val, n);
		err_str(ctx->err, " (expected a decimal number from 0 to ");
		err_uint(ctx->err, VM_CONFIG_MAX_DISKS);
		err_putc(ctx->err, ')');
		return -1;
	}
	cfg->disks = (unsigned)v;
	return 0;
}

static int parse_rng(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	return parse_flag(ctx, val, n, &cfg->rng);
}

/* console=virtio: the console's input goes to a virtio console (hvc0) instead of the UART. */
static int parse_console(const struct line_ctx *ctx, const char *val, size_t n,
			 struct vm_config *cfg)
{
	if (word_is(val, n, "uart")) {
		cfg->hvc = false;
	} else if (word_is(val, n, "virtio")) {
		cfg->hvc = true;
	} else {
		return bad_value(ctx, val, n, "uart virtio");
	}
	return 0;
}

/*
 * One NIC, as --network takes it: vm[=SWITCH][,mac=MAC]. False: not that shape (a later backend
 * is one more word here and in enum vm_config_net).
 */
static bool parse_one_nic(const char *s, size_t n, struct vm_config_nic *nic)
{
	const char *comma = lib_memchr(s, ',', n);
	size_t head = comma ? (size_t)(comma - s) : n;
	const char *sw = VM_CONFIG_SWITCH_DEFAULT;
	size_t sw_len = sizeof(VM_CONFIG_SWITCH_DEFAULT) - 1;

	lib_memset(nic, 0, sizeof(*nic));
	if (word_is(s, head, "user")) {
		nic->backend = VM_CONFIG_NET_USER; /* no switch: a host NIC of its own */
		sw_len = 0;
	} else if (head > 3 && lib_memcmp(s, "vm=", 3) == 0) {
		sw = s + 3;
		sw_len = head - 3;
	} else if (!word_is(s, head, "vm")) {
		return false;
	}
	if (sw_len >= sizeof(nic->sw)) {
		return false;
	}
	for (size_t i = 0; i < sw_len; i++) {
		if (!is_name_char(sw[i])) {
			return false;
		}
	}
	if (nic->backend == VM_CONFIG_NET_VM) {
		lib_memcpy(nic->sw, sw, sw_len);
	}
	if (comma != NULL) {
		/* The one option: ",mac=" and the address, which net_mac_parse wants terminated. */
		const char *opt = comma + 1;
		size_t opt_len = n - head - 1;
		char text[NET_MAC_STR_LEN + 1];

		if (opt_len != 4 + NET_MAC_STR_LEN || lib_memcmp(opt, "mac=", 4) != 0) {
			return false;
		}
		lib_memcpy(text, opt + 4, NET_MAC_STR_LEN);
		text[NET_MAC_STR_LEN] = '\0';
		if (!net_mac_parse(text, nic->mac)) {
			return false;
		}
		nic->mac_given = true;
	}
	return true;
}

/* nics=ITEM[ ITEM...]: the VM's NICs, eth0 first (see vm_config.h). */
static int parse_nics(const struct line_ctx *ctx, const char *val, size_t n, struct vm_config *cfg)
{
	size_t start = 0;

	cfg->nics = 0;
	/* Invariant: val[start..] is the part not parsed yet; each item ends at ' ' or the end. */
	while (start <= n) {
		const char *space = lib_memchr(val + start, ' ', n - start);
		size_t end = space ? (size_t)(space - val) : n;

		if (cfg->nics == VM_CONFIG_MAX_NICS) {
			err_begin(ctx->err, ctx->line);
			err_str(ctx->err, "more than ");
			err_uint(ctx->err, VM_CONFIG_MAX_NICS);
			err_str(ctx->err, " nics");
			return -1;
		}
		if (!parse_one_nic(val + start, end - start, &cfg->nic[cfg->nics])) {
			return bad_value(
				ctx, val, n,
				"items like vm=SWITCH,mac=02:00:00:00:00:01 or user separated "
				"by spaces; vm alone is switch vm; SWITCH of A-Z a-z 0-9 _ -; "
				"mac unicast, optional");
		}
		cfg->nics++;
		start = end + 1;
	}
	return 0;
}

static const struct key_desc keys[] = {
	{ "cpus", parse_cpus },           { "mem", parse_mem },
	{ "append", parse_append },       { "name", parse_name },
	{ "gstage", parse_gstage },       { "stats", parse_stats },
	{ "dump_dtb", parse_dump_dtb },   { "testmem", parse_testmem },
	{ "exc_route", parse_exc_route }, { "vmm_sbi", parse_vmm_sbi },
	{ "regtest", parse_regtest },     { "log", parse_log },
	{ "disks", parse_disks },         { "rng", parse_rng },
	{ "console", parse_console },     { "mem_prealloc", parse_mem_prealloc },
	{ "icount", parse_icount },       { "nics", parse_nics },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static int parse_line(struct errbuf *err, size_t line, const char *s, size_t n,
		      struct vm_config *cfg, size_t *first_seen)
{
	const char *eq, *key, *val;
	size_t key_len, val_len;
	struct line_ctx ctx;

	if (lib_memchr(s, '\0', n) != NULL) {
		err_begin(err, line);
		err_str(err, "NUL byte in the config text");
		return -1;
	}
	trim(&s, &n);
	if (n == 0 || s[0] == '#') {
		return 0;
	}
	eq = lib_memchr(s, '=', n);
	if (eq == NULL) {
		err_begin(err, line);
		err_str(err, "missing '=' in ");
		err_quoted(err, s, n);
		err_str(err, " (expected key=value)");
		return -1;
	}
	key = s;
	key_len = (size_t)(eq - s);
	val = eq + 1;
	val_len = n - key_len - 1;
	trim(&key, &key_len);
	trim(&val, &val_len);
	if (key_len == 0) {
		err_begin(err, line);
		err_str(err, "missing key before '='");
		return -1;
	}

	for (size_t i = 0; i < NKEYS; i++) {
		if (lib_strlen(keys[i].key) != key_len ||
		    lib_memcmp(keys[i].key, key, key_len) != 0) {
			continue;
		}
		if (first_seen[i] != 0) {
			err_begin(err, line);
			err_str(err, "duplicate key ");
			err_quoted(err, key, key_len);
			err_str(err, " (first set on line ");
			err_uint(err, first_seen[i]);
			err_putc(err, ')');
			return -1;
		}
		first_seen[i] = line;
		ctx.err = err;
		ctx.line = line;
		ctx.key = keys[i].key;
		return keys[i].parse(&ctx, val, val_len, cfg);
	}
	err_begin(err, line);
	err_str(err, "unknown key ");
	err_quoted(err, key, key_len);
	return -1;
}

/* The line of the key called name, 0 if the text did not set it. */
static size_t line_of(const size_t *first_seen, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (lib_strcmp(keys[i].key, name) == 0) {
			return first_seen[i];
		}
	}
	return 0;
}

/* The virtio devices fit the machine's slots together; the message names the last key's line. */
static int check_slots(struct errbuf *err, const struct vm_config *cfg, const size_t *first_seen)
{
	static const char *const virtio_keys[] = { "disks", "rng", "console", "nics" };
	unsigned want = cfg->disks + (cfg->rng ? 1 : 0) + (cfg->hvc ? 1 : 0) + cfg->nics;
	size_t line = 0;

	if (want <= VM_CONFIG_VIRTIO_SLOTS) {
		return 0;
	}
	for (size_t i = 0; i < sizeof(virtio_keys) / sizeof(virtio_keys[0]); i++) {
		size_t l = line_of(first_seen, virtio_keys[i]);

		line = l > line ? l : line;
	}
	err_begin(err, line);
	err_uint(err, cfg->disks);
	err_str(err, " disks, ");
	err_uint(err, cfg->rng ? 1 : 0);
	err_str(err, " rng, ");
	err_uint(err, cfg->hvc ? 1 : 0);
	err_str(err, " virtio console and ");
	err_uint(err, cfg->nics);
	err_str(err, " nics need ");
	err_uint(err, want);
	err_str(err, " virtio slots; the machine has ");
	err_uint(err, VM_CONFIG_VIRTIO_SLOTS);
	return -1;
}

void vm_config_defaults(struct vm_config *cfg)
{
	lib_memset(cfg, 0, sizeof(*cfg));
	lib_memcpy(cfg->name, VM_CONFIG_DEFAULT_NAME, sizeof(VM_CONFIG_DEFAULT_NAME));
	cfg->cpus = 1;
	cfg->mem_size = VM_CONFIG_MEM_DEFAULT;
}

int vm_config_parse(const char *text, size_t len, struct vm_config *cfg, char *err, size_t errlen)
{
	struct errbuf e = { .buf = err, .cap = err != NULL ? errlen : 0, .len = 0 };
	size_t first_seen[NKEYS] = { 0 };
	size_t pos = 0, line = 0;

	if (e.cap > 0) {
		e.buf[0] = '\0';
	}
	if (cfg == NULL || (text == NULL && len != 0)) {
		err_str(&e, "config: invalid argument");
		return -1;
	}
	vm_config_defaults(cfg);
	/* Invariant: text[0, pos) has been parsed as complete lines 1..line. */
	while (pos < len) {
		const char *nl = lib_memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;

		line++;
		if (parse_line(&e, line, text + pos, end - pos, cfg, first_seen) != 0) {
			vm_config_defaults(cfg);
			return -1;
		}
		pos = nl != NULL ? end + 1 : len;
	}
	if (check_slots(&e, cfg, first_seen) != 0) {
		vm_config_defaults(cfg);
		return -1;
	}
	return 0;
}
