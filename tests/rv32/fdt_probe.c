// SPDX-License-Identifier: Apache-2.0
// A bare-metal rv32 program that exercises cache/rv32/libfdt on real hardware state: booted by the
// rv32 OpenSBI on qemu-system-riscv32 (tests/cli/rv32_native.sh), it reads the board's device tree
// with libfdt (the harts under /cpus, the 16550's address, /chosen/stdout-path), edits a copy
// (fdt_open_into, fdt_setprop) and reads the edit back, prints "fdt probe: ..." lines through the
// SBI debug console and shuts down through SBI SRST.

#include <libfdt.h>

#define SBI_EXT_DBCN 0x4442434E
#define SBI_DBCN_WRITE_BYTE 2
#define SBI_EXT_SRST 0x53525354
#define SBI_SRST_RESET 0

void fdt_probe_main(unsigned long hartid, const void *fdt);

static char copy[64 * 1024] __attribute__((aligned(8)));
static int failures;

static long sbi_call(long ext, long fid, long arg0, long arg1)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	return a0;
}

static void put_str(const char *s)
{
	while (*s != '\0') {
		sbi_call(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, (unsigned char)*s++, 0);
	}
}

static void put_hex(unsigned long long v)
{
	char buf[19];
	int i = 18;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v != 0 && i > 2);
	buf[--i] = 'x';
	buf[--i] = '0';
	put_str(&buf[i]);
}

static void put_dec(unsigned int v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put_str(&buf[i]);
}

static void fail(const char *what, int err)
{
	put_str("fdt probe: FAIL ");
	put_str(what);
	put_str(": ");
	put_str(fdt_strerror(err));
	put_str("\n");
	failures++;
}

static void probe_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;
	unsigned int count = 0;

	if (cpus < 0) {
		fail("/cpus", cpus);
		return;
	}
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (type != NULL && strcmp(type, "cpu") == 0) {
			count++;
		}
	}
	put_str("fdt probe: ");
	put_dec(count);
	put_str(" cpus\n");
}

// The first 16550's base address: reg's first address, #address-cells wide as its parent says.
static void probe_uart(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "ns16550a");
	const fdt32_t *reg;
	unsigned long long base = 0;
	int len, cells, i;

	if (node < 0) {
		fail("ns16550a", node);
		return;
	}
	cells = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL || cells < 1 || cells > 2 || len < cells * 4) {
		fail("ns16550a reg", len < 0 ? len : -FDT_ERR_BADVALUE);
		return;
	}
	for (i = 0; i < cells; i++) {
		base = (base << 32) | fdt32_ld(&reg[i]);
	}
	put_str("fdt probe: uart at ");
	put_hex(base);
	put_str("\n");
}

static void probe_chosen(const void *fdt)
{
	const char *path = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "stdout-path", NULL);

	if (path == NULL) {
		fail("/chosen/stdout-path", -FDT_ERR_NOTFOUND);
		return;
	}
	put_str("fdt probe: stdout-path ");
	put_str(path);
	put_str("\n");
}

// libfdt's read-write half: a copy with room to grow gets a new property, read back by path.
static void probe_edit(const void *fdt)
{
	const char *value;
	int err, chosen;

	err = fdt_open_into(fdt, copy, (int)sizeof(copy));
	if (err != 0) {
		fail("fdt_open_into", err);
		return;
	}
	chosen = fdt_path_offset(copy, "/chosen");
	err = chosen < 0 ? chosen : fdt_setprop_string(copy, chosen, "rvkvm,probe", "rv32");
	if (err != 0) {
		fail("fdt_setprop_string", err);
		return;
	}
	err = fdt_pack(copy);
	value = fdt_getprop(copy, fdt_path_offset(copy, "/chosen"), "rvkvm,probe", NULL);
	if (err != 0 || value == NULL || strcmp(value, "rv32") != 0) {
		fail("the edited copy", err != 0 ? err : -FDT_ERR_NOTFOUND);
		return;
	}
	put_str("fdt probe: edited copy reads back rvkvm,probe = ");
	put_str(value);
	put_str("\n");
}

void fdt_probe_main(unsigned long hartid, const void *fdt)
{
	int err = fdt_check_header(fdt);

	put_str("fdt probe: hart ");
	put_dec((unsigned int)hartid);
	put_str(", device tree at ");
	put_hex((unsigned long)fdt);
	put_str("\n");
	if (err != 0) {
		fail("fdt_check_header", err);
	} else {
		probe_cpus(fdt);
		probe_uart(fdt);
		probe_chosen(fdt);
		probe_edit(fdt);
	}
	put_str(failures == 0 ? "fdt probe: PASS\n" : "fdt probe: checks failed\n");
	sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, 0, 0);
}

// The C library functions libfdt calls (it is freestanding: the program supplies them).
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0) {
		*d++ = *s++;
	}
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		return memcpy(dst, src, n);
	}
	while (n-- > 0) {
		d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0) {
		*d++ = (unsigned char)c;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y) {
			return *x - *y;
		}
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c) {
			return (void *)p;
		}
	}
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0') {
		n++;
	}
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c) {
			return (char *)s;
		}
		if (*s == '\0') {
			return NULL;
		}
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c) {
			last = s;
		}
		if (*s == '\0') {
			return (char *)last;
		}
	}
}

// Bases 10 and 16 only, what fdt_overlay's fixup parsing passes; no sign, no overflow check.
unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9') {
			d = *s - '0';
		} else if (base == 16 && *s >= 'a' && *s <= 'f') {
			d = *s - 'a' + 10;
		} else if (base == 16 && *s >= 'A' && *s <= 'F') {
			d = *s - 'A' + 10;
		} else {
			break;
		}
		if (d >= base) {
			break;
		}
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end != NULL) {
		*end = (char *)s;
	}
	return v;
}
