/* SPDX-License-Identifier: Apache-2.0 */
/* The machine facts the core works with (see core/host_caps.h). */
#include "core/host_caps.h"

struct host_caps host_caps;

const struct gstage_mode *host_caps_largest_gstage(void)
{
	const struct gstage_mode *best = NULL;

	for (unsigned i = 0; i < 3; i++) {
		if (host_caps.gstage_modes[i]) {
			best = host_caps.gstage_modes[i];
		}
	}
	return best;
}

bool host_caps_has_gstage(const struct gstage_mode *m)
{
	for (unsigned i = 0; i < 3; i++) {
		if (host_caps.gstage_modes[i] == m) {
			return true;
		}
	}
	return false;
}
