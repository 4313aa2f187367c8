/* SPDX-License-Identifier: Apache-2.0 */
/* Freestanding formatted output for the hypervisor (see lib/printf.h). */
#include "lib/printf.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/string.h"

/* <limits.h> is not on the freestanding list this project allows, so derive INT_MAX. */
#define INT_LIMIT ((int)(~0u >> 1))

#define FLAG_LEFT (1u << 0)  /* '-' */
#define FLAG_ZERO (1u << 1)  /* '0' */
#define FLAG_ALT (1u << 2)   /* '#' */
#define FLAG_SPACE (1u << 3) /* ' ' */
#define FLAG_PLUS (1u << 4)  /* '+' */

/* Enough digits for any uintmax_t in the smallest base used (octal). */
#define DIGITS_MAX ((sizeof(uintmax_t) * 8 + 2) / 3)

/* %z and %t read the other's type for the opposite signedness. */
_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "size_t and ptrdiff_t differ in size");

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

/* One parsed conversion directive. */
struct spec {
	unsigned flags;
	int width; /* 0 when absent */
	int prec;  /* -1 when absent */
	enum length length;
	char conv;
};

/* Destination buffer; len counts the full output, including what did not fit. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static size_t room(const struct out *o)
{
	/* The last byte of the buffer is reserved for the terminator. */
	if (o->size == 0 || o->len >= o->size - 1) {
		return 0;
	}
	return o->size - 1 - o->len;
}

static void advance(struct out *o, size_t n)
{
	o->len = n > SIZE_MAX - o->len ? SIZE_MAX : o->len + n;
}

static void put_str(struct out *o, const char *s, size_t n)
{
	size_t fit = room(o);

	if (n < fit) {
		fit = n;
	}
	if (fit > 0) {
		lib_memcpy(o->buf + o->len, s, fit);
	}
	advance(o, n);
}

/* Padding is written in bulk so a huge width costs nothing beyond the buffer. */
static void put_repeat(struct out *o, char c, size_t n)
{
	size_t fit = room(o);

	if (n < fit) {
		fit = n;
	}
	if (fit > 0) {
		lib_memset(o->buf + o->len, c, fit);
	}
	advance(o, n);
}

static size_t field_pad(const struct spec *sp, size_t body)
{
	return (size_t)sp->width > body ? (size_t)sp->width - body : 0;
}

static void emit_padded(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	size_t pad = field_pad(sp, n);

	if (!(sp->flags & FLAG_LEFT)) {
		put_repeat(o, ' ', pad);
	}
	put_str(o, s, n);
	if (sp->flags & FLAG_LEFT) {
		put_repeat(o, ' ', pad);
	}
}

static unsigned base_of(char conv)
{
	if (conv == 'o') {
		return 8;
	}
	if (conv == 'x' || conv == 'X' || conv == 'p') {
		return 16;
	}
	return 10;
}

static void emit_int(struct out *o, const struct spec *sp, uintmax_t mag, bool negative)
{
	const char *alphabet = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	const unsigned base = base_of(sp->conv);
	char digits[DIGITS_MAX];
	char *first = digits + sizeof(digits);
	const char *prefix = "";
	char sign = 0;
	bool is_zero = mag == 0;

	/* Zero has no digits only when an explicit precision of 0 asks for that. */
	if (!is_zero || sp->prec != 0) {
		/* Invariant: [first, digits + sizeof(digits)) holds the low digits produced. */
		do {
			*--first = alphabet[mag % base];
			mag /= base;
		} while (mag != 0);
	}
	size_t ndigits = (size_t)(digits + sizeof(digits) - first);
	size_t zeros = sp->prec > 0 && (size_t)sp->prec > ndigits ? (size_t)sp->prec - ndigits : 0;

	/* '#' with %o raises the precision just enough for a leading zero. */
	if (sp->conv == 'o' && (sp->flags & FLAG_ALT) && zeros == 0 &&
	    (ndigits == 0 || first[0] != '0')) {
		zeros = 1;
	}
	if (sp->conv == 'p') {
		prefix = "0x";
	} else if ((sp->flags & FLAG_ALT) && !is_zero && sp->conv == 'x') {
		prefix = "0x";
	} else if ((sp->flags & FLAG_ALT) && !is_zero && sp->conv == 'X') {
		prefix = "0X";
	}
	if (sp->conv == 'd' || sp->conv == 'i') {
		if (negative) {
			sign = '-';
		} else if (sp->flags & FLAG_PLUS) {
			sign = '+';
		} else if (sp->flags & FLAG_SPACE) {
			sign = ' ';
		}
	}

	size_t prefix_len = lib_strlen(prefix);
	size_t pad = field_pad(sp, (sign ? 1u : 0u) + prefix_len + zeros + ndigits);

	if (!(sp->flags & FLAG_LEFT)) {
		/* A precision turns the '0' flag off, as C requires. */
		if ((sp->flags & FLAG_ZERO) && sp->prec < 0) {
			zeros += pad;
		} else {
			put_repeat(o, ' ', pad);
		}
		pad = 0;
	}
	if (sign) {
		put_str(o, &sign, 1);
	}
	put_str(o, prefix, prefix_len);
	put_repeat(o, '0', zeros);
	put_str(o, first, ndigits);
	put_repeat(o, ' ', pad);
}

static intmax_t fetch_signed(enum length length, va_list *ap)
{
	switch (length) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_NONE:
		return va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	}
	return 0;
}

static uintmax_t fetch_unsigned(enum length length, va_list *ap)
{
	switch (length) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_NONE:
		return va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	}
	return 0;
}

/* Reads decimal digits, saturating at INT_MAX instead of overflowing. */
static int parse_number(const char **f)
{
	int n = 0;

	while (**f >= '0' && **f <= '9') {
		int d = **f - '0';

		n = n > (INT_LIMIT - d) / 10 ? INT_LIMIT : n * 10 + d;
		(*f)++;
	}
	return n;
}

/* Parses flags, width, precision and length; leaves *f on the conversion character. */
static void parse_spec(const char **f, va_list *ap, struct spec *sp)
{
	const char *p = *f;

	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->length = LEN_NONE;
	for (;; p++) {
		if (*p == '-') {
			sp->flags |= FLAG_LEFT;
		} else if (*p == '0') {
			sp->flags |= FLAG_ZERO;
		} else if (*p == '#') {
			sp->flags |= FLAG_ALT;
		} else if (*p == ' ') {
			sp->flags |= FLAG_SPACE;
		} else if (*p == '+') {
			sp->flags |= FLAG_PLUS;
		} else {
			break;
		}
	}
	if (*p == '*') {
		int w = va_arg(*ap, int);

		p++;
		if (w < 0) {
			sp->flags |= FLAG_LEFT;
			w = w < -INT_LIMIT ? INT_LIMIT : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_number(&p);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int prec = va_arg(*ap, int);

			p++;
			sp->prec = prec < 0 ? -1 : prec;
		} else {
			sp->prec = parse_number(&p);
		}
	}
	if (p[0] == 'h' && p[1] == 'h') {
		sp->length = LEN_HH;
		p += 2;
	} else if (p[0] == 'l' && p[1] == 'l') {
		sp->length = LEN_LL;
		p += 2;
	} else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 'j' || *p == 't') {
		sp->length = *p == 'h'   ? LEN_H
			     : *p == 'l' ? LEN_L
			     : *p == 'z' ? LEN_Z
			     : *p == 'j' ? LEN_J
					 : LEN_T;
		p++;
	}
	sp->conv = *p;
	*f = p;
}

/* Emits one conversion; returns false if the conversion character is not supported. */
static bool convert(struct out *o, const struct spec *sp, va_list *ap)
{
	switch (sp->conv) {
	case 'd':
	case 'i': {
		intmax_t v = fetch_signed(sp->length, ap);
		/* Negate in unsigned arithmetic so INTMAX_MIN does not overflow. */
		uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;

		emit_int(o, sp, mag, v < 0);
		return true;
	}
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		emit_int(o, sp, fetch_unsigned(sp->length, ap), false);
		return true;
	case 'p':
		emit_int(o, sp, (uintptr_t)va_arg(*ap, void *), false);
		return true;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		emit_padded(o, sp, &c, 1);
		return true;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);

		if (s == NULL) {
			s = "(null)";
		}
		/* With a precision the string need not be terminated within it. */
		emit_padded(o, sp, s,
			    sp->prec >= 0 ? lib_strnlen(s, (size_t)sp->prec) : lib_strlen(s));
		return true;
	}
	case '%':
		put_str(o, "%", 1);
		return true;
	default:
		return false;
	}
}

int lib_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	const char *f = fmt;
	va_list args;

	/* A local copy can be passed by address; a va_list parameter may be an array. */
	va_copy(args, ap);
	while (*f != '\0') {
		const char *start = f;

		if (*f != '%') {
			while (*f != '\0' && *f != '%') {
				f++;
			}
			put_str(&o, start, (size_t)(f - start));
			continue;
		}
		f++;

		struct spec sp;

		parse_spec(&f, &args, &sp);
		if (!convert(&o, &sp, &args)) {
			/* Print the directive verbatim so the mistake shows in the log. */
			put_str(&o, start, (size_t)(f - start) + (*f != '\0' ? 1u : 0u));
		}
		if (*f != '\0') {
			f++;
		}
	}
	va_end(args);
	if (size > 0) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return o.len > (size_t)INT_LIMIT ? -1 : (int)o.len;
}

int lib_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lib_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
