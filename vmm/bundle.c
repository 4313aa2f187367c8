/* SPDX-License-Identifier: Apache-2.0 */
/* Reader for the newc cpio "bundle" that carries each VM's config, kernel and initrd. */
#include "vmm/bundle.h"

#include "lib/string.h"

#include <stdbool.h>

/* newc entry header: 6-byte magic, then 13 fields of 8 ASCII hex digits. */
#define NEWC_MAGIC_LEN 6
#define NEWC_FIELD_LEN 8
#define NEWC_NFIELDS 13
#define NEWC_HDR_SIZE 110
#define NEWC_ALIGN 4
_Static_assert(NEWC_MAGIC_LEN + NEWC_NFIELDS * NEWC_FIELD_LEN == NEWC_HDR_SIZE,
	       "newc header is 110 bytes");

/* Field indices, in header order. */
#define NEWC_F_MODE 1
#define NEWC_F_FILESIZE 6
#define NEWC_F_NAMESIZE 11

/* st_mode file-type bits as stored by cpio (octal, as in POSIX). */
#define NEWC_MODE_TYPE_MASK 0170000u
#define NEWC_MODE_REG 0100000u

#define NEWC_TRAILER "TRAILER!!!"

static bool parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < NEWC_FIELD_LEN; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9') {
			d = (uint32_t)(c - '0');
		} else if (c >= 'a' && c <= 'f') {
			d = (uint32_t)(c - 'a' + 10);
		} else if (c >= 'A' && c <= 'F') {
			d = (uint32_t)(c - 'A' + 10);
		} else {
			return false;
		}
		v = (v << 4) | d;
	}
	*out = v;
	return true;
}

/* Padding after a name or data ending at archive offset off (alignment is from the start). */
static size_t pad_to_align(size_t off)
{
	return (NEWC_ALIGN - (off & (NEWC_ALIGN - 1))) & (NEWC_ALIGN - 1);
}

static const char *strip_dot_slash(const char *name, size_t *len)
{
	if (*len >= 2 && name[0] == '.' && name[1] == '/') {
		*len -= 2;
		return name + 2;
	}
	return name;
}

int bundle_next(const uint8_t *archive, size_t size, size_t *pos, struct bundle_file *out)
{
	size_t p;

	if (pos == NULL || out == NULL || (archive == NULL && size != 0)) {
		return BUNDLE_EINVAL;
	}
	p = *pos;
	/* Invariant: p <= size and p is the offset of the next entry header to examine. */
	for (;;) {
		uint32_t field[NEWC_NFIELDS];
		const uint8_t *hdr;
		const char *name;
		size_t name_off, name_size, name_end, data_off, data_size, data_end, pad;

		if (p > size) {
			return BUNDLE_EINVAL;
		}
		if (p == size) {
			return BUNDLE_ENOTRAILER;
		}
		if (size - p < NEWC_HDR_SIZE) {
			return BUNDLE_ETRUNC_HEADER;
		}
		hdr = archive + p;
		/* 070702 only adds a checksum of the data; the reader does not verify it. */
		if (lib_memcmp(hdr, "070701", NEWC_MAGIC_LEN) != 0 &&
		    lib_memcmp(hdr, "070702", NEWC_MAGIC_LEN) != 0) {
			return BUNDLE_EMAGIC;
		}
		for (int i = 0; i < NEWC_NFIELDS; i++) {
			if (!parse_hex8(hdr + NEWC_MAGIC_LEN + i * NEWC_FIELD_LEN, &field[i])) {
				return BUNDLE_EHEX;
			}
		}

		name_off = p + NEWC_HDR_SIZE;
		name_size = field[NEWC_F_NAMESIZE];
		/* namesize counts the NUL; an empty name (namesize 1) names nothing. */
		if (name_size < 2) {
			return BUNDLE_ENAME;
		}
		if (name_size > size - name_off) {
			return BUNDLE_ETRUNC_NAME;
		}
		name = (const char *)(archive + name_off);
		if (name[name_size - 1] != '\0' || lib_memchr(name, '\0', name_size - 1) != NULL) {
			return BUNDLE_ENAME;
		}
		name_end = name_off + name_size;
		if (name_size == sizeof(NEWC_TRAILER) &&
		    lib_memcmp(name, NEWC_TRAILER, sizeof(NEWC_TRAILER)) == 0) {
			/* Stay on the trailer so every later call reports the end again. */
			*pos = p;
			return 0;
		}

		pad = pad_to_align(name_end);
		if (pad > size - name_end) {
			return BUNDLE_ETRUNC_NAME;
		}
		data_off = name_end + pad;
		data_size = field[NEWC_F_FILESIZE];
		if (data_size > size - data_off) {
			return BUNDLE_ETRUNC_DATA;
		}
		data_end = data_off + data_size;
		pad = pad_to_align(data_end);
		if (pad > size - data_end) {
			return BUNDLE_ETRUNC_DATA;
		}

		if ((field[NEWC_F_MODE] & NEWC_MODE_TYPE_MASK) == NEWC_MODE_REG) {
			out->name_len = name_size - 1;
			out->name = strip_dot_slash(name, &out->name_len);
			out->data = archive + data_off;
			out->size = data_size;
			*pos = data_end + pad;
			return 1;
		}
		p = data_end + pad;
	}
}

int bundle_find(const uint8_t *archive, size_t size, const char *name, struct bundle_file *out)
{
	struct bundle_file file, match = { .name = NULL };
	size_t pos = 0, want_len;
	const char *want;
	bool found = false;
	int ret;

	if (name == NULL || out == NULL) {
		return BUNDLE_EINVAL;
	}
	want_len = lib_strlen(name);
	want = strip_dot_slash(name, &want_len);
	if (want_len == 0) {
		return BUNDLE_EINVAL;
	}
	/* Walk to the trailer even after a match: damage or a duplicate later is still an error. */
	while ((ret = bundle_next(archive, size, &pos, &file)) == 1) {
		if (file.name_len != want_len || lib_memcmp(file.name, want, want_len) != 0) {
			continue;
		}
		if (found) {
			return BUNDLE_EDUP;
		}
		match = file;
		found = true;
	}
	if (ret < 0) {
		return ret;
	}
	if (!found) {
		return BUNDLE_ENOENT;
	}
	*out = match;
	return 0;
}

const char *bundle_strerror(int err)
{
	switch (err) {
	case BUNDLE_ENOENT:
		return "file not found in the bundle";
	case BUNDLE_EMAGIC:
		return "bad cpio magic: the bundle is not a newc (070701/070702) archive";
	case BUNDLE_EHEX:
		return "bad cpio header: a field is not 8 hex digits";
	case BUNDLE_ENAME:
		return "bad cpio entry name: empty, or not NUL-terminated at namesize";
	case BUNDLE_ETRUNC_HEADER:
		return "cpio archive is truncated inside an entry header";
	case BUNDLE_ETRUNC_NAME:
		return "cpio entry name runs past the end of the archive";
	case BUNDLE_ETRUNC_DATA:
		return "cpio file data runs past the end of the archive";
	case BUNDLE_ENOTRAILER:
		return "cpio archive ends without a TRAILER!!! entry";
	case BUNDLE_EDUP:
		return "the bundle holds two files with the same name";
	case BUNDLE_EINVAL:
		return "invalid argument to the bundle reader";
	default:
		return "unknown bundle error";
	}
}
