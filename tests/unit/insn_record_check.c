/* SPDX-License-Identifier: Apache-2.0 */
/* Checks of a decoded MMIO record (see tests/unit/insn_record_check.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tests/unit/insn_record_check.h"

void expect_rec(uint32_t insn, const struct insn_mmio *r, unsigned width, bool is_write, bool sign,
		unsigned reg, unsigned len)
{
	if (r->width != width || r->is_write != is_write || r->sign_extend != sign ||
	    r->reg != reg || r->len != len) {
		print_error("insn %08x: got w%u wr%d sx%d x%u len%u, "
			    "want w%u wr%d sx%d x%u len%u\n",
			    insn, r->width, r->is_write, r->sign_extend, r->reg, r->len, width,
			    is_write, sign, reg, len);
	}
	assert_int_equal(r->width, width);
	assert_int_equal(r->is_write, is_write);
	assert_int_equal(r->sign_extend, sign);
	assert_int_equal(r->reg, reg);
	assert_int_equal(r->len, len);
}

struct insn_mmio poisoned(void)
{
	struct insn_mmio r = {
		.width = 0xa5, .is_write = true, .sign_extend = true, .reg = 0xa5, .len = 0xa5
	};
	return r;
}

void expect_untouched(const struct insn_mmio *r)
{
	assert_int_equal(r->width, 0xa5);
	assert_int_equal(r->reg, 0xa5);
	assert_int_equal(r->len, 0xa5);
	assert_true(r->is_write);
	assert_true(r->sign_extend);
}
