/* SPDX-License-Identifier: Apache-2.0 */
/* Checks of a decoded MMIO record (struct insn_mmio) that the decoder's unit tests share. */
#ifndef TESTS_UNIT_INSN_RECORD_CHECK_H
#define TESTS_UNIT_INSN_RECORD_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/insn_decode.h"

/* Fails the test unless r is the record given (insn names it in the message). */
void expect_rec(uint32_t insn, const struct insn_mmio *r, unsigned width, bool is_write, bool sign,
		unsigned reg, unsigned len);
/* A record filled with values no decode produces, to see whether a call wrote it. */
struct insn_mmio poisoned(void);
/* Fails the test unless r is still as poisoned() made it. */
void expect_untouched(const struct insn_mmio *r);

#endif
