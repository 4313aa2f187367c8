/* SPDX-License-Identifier: Apache-2.0 */
/* Reader for the newc cpio "bundle" that carries each VM's config, kernel and initrd. */
#ifndef VMM_BUNDLE_H
#define VMM_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

/* Error codes (all negative; 0 and 1 are the non-error results of bundle_next). */
#define BUNDLE_ENOENT -1        /* bundle_find: no regular file with that name */
#define BUNDLE_EMAGIC -2        /* entry does not start with 070701 or 070702 */
#define BUNDLE_EHEX -3          /* a header field holds a non-hex character */
#define BUNDLE_ENAME -4         /* namesize 0, name not NUL-terminated, or NUL inside */
#define BUNDLE_ETRUNC_HEADER -5 /* archive ends inside an entry header */
#define BUNDLE_ETRUNC_NAME -6   /* a name (or its padding) runs past the end */
#define BUNDLE_ETRUNC_DATA -7   /* file data (or its padding) runs past the end */
#define BUNDLE_ENOTRAILER -8    /* archive ends without a TRAILER!!! entry */
#define BUNDLE_EDUP -9          /* bundle_find: two regular files with the same name */
#define BUNDLE_EINVAL -10       /* bad argument (NULL pointer, position past the end) */

/*
 * One regular file inside the archive. name points into the archive, has
 * any leading "./" removed, is name_len bytes long and is followed by a NUL.
 * data points into the archive and is size bytes long.
 */
struct bundle_file {
	const char *name;
	size_t name_len;
	const uint8_t *data;
	size_t size;
};

/*
 * Iterate over the regular files of the archive. *pos starts at 0 and is
 * advanced past each entry returned. Returns 1 with *out filled, 0 at the
 * TRAILER!!! entry (and again on every later call), or a negative BUNDLE_E*
 * code on malformed input. Directories, symlinks and device nodes are
 * skipped. Newc stores the data of a hard-linked file with its last link
 * only, so earlier links come back as empty files.
 */
int bundle_next(const uint8_t *archive, size_t size, size_t *pos, struct bundle_file *out);

/*
 * Find the regular file called name ("./" prefixes are ignored on both
 * sides). The whole archive is checked, so a malformed archive is reported
 * as such even when the file comes before the damage. Returns 0 with *out
 * filled, BUNDLE_ENOENT, BUNDLE_EDUP, or another negative BUNDLE_E* code.
 */
int bundle_find(const uint8_t *archive, size_t size, const char *name, struct bundle_file *out);

/* A one-line description of a BUNDLE_E* code. */
const char *bundle_strerror(int err);

#endif
