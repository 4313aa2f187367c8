/* SPDX-License-Identifier: Apache-2.0 */
/* Ending the whole machine when the last VM has ended. */
#ifndef PLATFORM_POWEROFF_H
#define PLATFORM_POWEROFF_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/platform.h" /* poweroff */

/* Where a non-zero exit status can be written so QEMU exits with it (sifive,test finisher). */
void poweroff_set_finisher(uint64_t base);

#endif
