/* SPDX-License-Identifier: Apache-2.0 */
/* What host tests can ask the fake console (tests/fakes/fake_console.c) about what went through it. */
#ifndef TESTS_FAKES_FAKE_CONSOLE_H
#define TESTS_FAKES_FAKE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void fake_console_reset(void);
const unsigned char *fake_console_vm_output(size_t *len);
size_t fake_console_vm_write_calls(void);
unsigned fake_console_last_vm_id(void);
bool fake_console_overflowed(void);
void fake_console_queue_input(const void *buf, size_t len);
size_t fake_console_input_left(void);
size_t fake_console_vm_read_calls(void);
const char *fake_console_host_output(size_t *len);

#endif
