/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the per-VM config parser: its contract, error-buffer bounds, a round trip. */
#include "tests/fuzz/fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vmm/vm_config.h"

/* Sizes of the caller's error buffer worth trying: none, one byte, cut short, what the VMM uses. */
static const size_t errlens[] = { 0, 1, 2, 13, 40, 128, 300 };

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_defaults(const struct vm_config *c)
{
	struct vm_config d;

	vm_config_defaults(&d);
	FZ_CHECK(memcmp(c, &d, sizeof(d)) == 0, "config not reset to the defaults after an error");
}

/* Everything the header promises about a config that parsed. */
static void check_valid(const struct vm_config *c)
{
	size_t n;

	FZ_CHECK(c->cpus >= 1 && c->cpus <= VM_CONFIG_MAX_CPUS, "cpus %u", c->cpus);
	FZ_CHECK(c->mem_size >= VM_CONFIG_MEM_MIN && c->mem_size % VM_CONFIG_MEM_ALIGN == 0,
		 "mem %llu", (unsigned long long)c->mem_size);
	FZ_CHECK(c->testmem_size == 0 || (c->testmem_size >= VM_CONFIG_MEM_MIN &&
					  c->testmem_size % VM_CONFIG_MEM_ALIGN == 0),
		 "testmem %llu", (unsigned long long)c->testmem_size);
	FZ_CHECK(terminated(c->name, sizeof(c->name)), "name not terminated");
	FZ_CHECK(terminated(c->append, sizeof(c->append)), "append not terminated");
	FZ_CHECK(terminated(c->gstage, sizeof(c->gstage)), "gstage not terminated");
	n = strlen(c->name);
	FZ_CHECK(n >= 1 && n < VM_CONFIG_NAME_MAX, "name length %zu", n);
	for (size_t i = 0; i < n; i++) {
		char ch = c->name[i];

		FZ_CHECK((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= '0' && ch <= '9') || ch == '_' || ch == '-',
			 "name character 0x%02x", (unsigned char)ch);
	}
	for (const char *s = c->append; *s; s++) {
		FZ_CHECK(*s != '\n', "newline in append");
	}
	FZ_CHECK(c->disks <= VM_CONFIG_MAX_DISKS && c->nics <= VM_CONFIG_MAX_NICS,
		 "disks %u nics %u", c->disks, c->nics);
	FZ_CHECK(c->disks + c->rng + c->hvc + c->nics <= VM_CONFIG_VIRTIO_SLOTS,
		 "virtio devices beyond the slots");
	for (unsigned i = 0; i < c->nics; i++) {
		const struct vm_config_nic *nic = &c->nic[i];

		FZ_CHECK(terminated(nic->sw, sizeof(nic->sw)) &&
				 (nic->backend == VM_CONFIG_NET_USER) == (nic->sw[0] == '\0'),
			 "nic %u switch name", i);
		FZ_CHECK(!nic->mac_given || (nic->mac[0] & 1) == 0, "nic %u group address", i);
	}
}

static void check_error(const char *err, size_t errlen)
{
	size_t n;

	if (errlen == 0) {
		return;
	}
	FZ_CHECK(terminated(err, errlen), "error message not terminated in %zu bytes", errlen);
	n = strlen(err);
	for (size_t i = 0; i < n; i++) {
		FZ_CHECK(err[i] >= 0x20 && err[i] < 0x7f, "unprintable byte 0x%02x in the message",
			 (unsigned char)err[i]);
	}
	/* Long enough to hold any message's start: every message names the line. */
	if (errlen > 20) {
		FZ_CHECK(strncmp(err, "config line ", 12) == 0, "message '%s'", err);
	}
	if (errlen >= 300) {
		FZ_CHECK(n > 14, "message '%s' says nothing", err);
	}
}

/* Appends printf-style text at *n. */
static void add(char *buf, size_t cap, int *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t cap, int *n, const char *fmt, ...)
{
	va_list ap;
	int m;

	va_start(ap, fmt);
	m = vsnprintf(buf + *n, cap - (size_t)*n, fmt, ap);
	va_end(ap);
	FZ_CHECK(m >= 0 && (size_t)m < cap - (size_t)*n, "serialize");
	*n += m;
}

/* The keys beyond the first few: only what differs from the defaults is written. */
static void serialize_devices(const struct vm_config *c, char *buf, size_t cap, int *n)
{
	static const char *const exc[VM_CONFIG_EXC_CAUSES] = {
		"misaligned_fetch", NULL,          "illegal",          "breakpoint",
		"misaligned_load",  "load_access", "misaligned_store", "store_access",
	};
	static const char *const routes[] = { "core", "guest", "vmm" };
	const char *sep = "exc_route=";

	for (unsigned i = 0; i < VM_CONFIG_EXC_CAUSES; i++) {
		if (c->exc_route[i] != 0) {
			FZ_CHECK(exc[i] != NULL && c->exc_route[i] < 3, "exc_route[%u]", i);
			add(buf, cap, n, "%s%s:%s", sep, exc[i], routes[c->exc_route[i]]);
			sep = ",";
		}
	}
	if (sep[0] == ',') {
		add(buf, cap, n, "\n");
	}
	add(buf, cap, n, "mem_prealloc=%d\nregtest=%d\ndisks=%u\nrng=%d\nconsole=%s\n",
	    c->mem_prealloc, c->regtest, c->disks, c->rng, c->hvc ? "virtio" : "uart");
	if (c->vmm_dbcn) {
		add(buf, cap, n, "vmm_sbi=dbcn\n");
	}
	for (unsigned i = 0; i < c->nics; i++) {
		const uint8_t *m = c->nic[i].mac;

		if (c->nic[i].backend == VM_CONFIG_NET_USER) {
			add(buf, cap, n, "%suser", i == 0 ? "nics=" : " ");
		} else {
			add(buf, cap, n, "%s%s", i == 0 ? "nics=vm=" : " vm=", c->nic[i].sw);
		}
		if (c->nic[i].mac_given) {
			add(buf, cap, n, ",mac=%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
			    m[3], m[4], m[5]);
		}
	}
	if (c->nics > 0) {
		add(buf, cap, n, "\n");
	}
}

/* Writes c back as config text (what ./rvkvm run writes), so it must parse to the same thing. */
static size_t serialize(const struct vm_config *c, char *buf, size_t cap)
{
	/* The name only when the text set one: a named default is not the same config. */
	int n = snprintf(
		buf, cap,
		"%s%s%scpus=%u\nmem=%llu\nappend=%s\ngstage=%s\nstats=%d\ndump_dtb=%d\nlog=%d\n",
		c->named ? "name=" : "", c->named ? c->name : "", c->named ? "\n" : "", c->cpus,
		(unsigned long long)c->mem_size, c->append, c->gstage, c->stats, c->dump_dtb,
		c->log);

	FZ_CHECK(n > 0 && (size_t)n < cap, "serialize");
	if (c->testmem_size != 0) {
		int m = snprintf(buf + n, cap - (size_t)n, "testmem=%llu\n",
				 (unsigned long long)c->testmem_size);

		FZ_CHECK(m > 0 && (size_t)m < cap - (size_t)n, "serialize");
		n += m;
	}
	serialize_devices(c, buf, cap, &n);
	return (size_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text2[4096];
	struct vm_config cfg, again;
	size_t errlen = 128;
	char *text;
	size_t len, len2;
	char *err = NULL;
	int rc;

	/* A first byte below 0x08 (no config has one) picks the error buffer size. */
	if (size > 0 && data[0] < 0x08) {
		errlen = errlens[data[0] % (sizeof(errlens) / sizeof(errlens[0]))];
		data++;
		size--;
	}
	/* An exact-size copy of the text, so reading one byte past len is an ASan report. */
	text = size ? malloc(size) : NULL;
	if (size) {
		memcpy(text, data, size);
	}
	len = size;
	if (errlen) {
		err = malloc(errlen);
		memset(err, 0x7e, errlen);
	}
	memset(&cfg, 0xa5, sizeof(cfg));
	rc = vm_config_parse(text, len, &cfg, err, errlen);
	FZ_CHECK(rc == 0 || rc == -1, "returned %d", rc);
	if (rc != 0) {
		check_defaults(&cfg);
		check_error(err, errlen);
		goto out;
	}
	check_valid(&cfg);
	if (errlen) {
		FZ_CHECK(err[0] == '\0', "an error message on success");
	}

	/* The same text parses the same way; its re-serialisation parses to the same config. */
	rc = vm_config_parse(text, len, &again, NULL, 0);
	FZ_CHECK(rc == 0 && memcmp(&cfg, &again, sizeof(cfg)) == 0, "not deterministic");
	len2 = serialize(&cfg, text2, sizeof(text2));
	rc = vm_config_parse(text2, len2, &again, NULL, 0);
	FZ_CHECK(rc == 0, "re-serialised config rejected:\n%.*s", (int)len2, text2);
	FZ_CHECK(memcmp(&cfg, &again, sizeof(cfg)) == 0, "round trip changed the config:\n%.*s",
		 (int)len2, text2);
out:
	free(text);
	free(err);
	return 0;
}
