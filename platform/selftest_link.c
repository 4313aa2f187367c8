/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The test image's host NIC link self-test (rvkvm.selftest=host-net-link, platform/selftest.h):
 * the first host NIC is opened, its link state at the start is said, and then two changes are
 * waited for, to the other state and back, which whoever runs QEMU makes with the monitor's
 * set_link (tests/cli/host_net.sh). A change counts only when the NIC's done event was signalled
 * and the state read after it is the new one: the way a VMM thread learns of it. Prints
 * "ok"/"FAIL" lines, then powers the machine off: 0 when all passed, 1 otherwise.
 */
#include "platform/drivers/host_net.h"
#include "platform/platform.h"
#include "platform/selftest.h"
#include "platform/time.h"
#include "rvkvm/host.h"

#define TIMEOUT_S 120 /* for each change: the test drives QEMU's monitor in between */

static uint8_t rx[HOST_NET_FRAME_MAX];
static unsigned failures;

static uint64_t time_now(void)
{
	return platform_time();
}

static void check(bool ok, const char *name, const char *what, const char *state)
{
	console_printf("rvkvm: self-test host-net-link: %s %s %s %s\n", ok ? "ok" : "FAIL", name,
		       what, state);
	if (!ok) {
		failures++;
	}
}

static const char *state_name(bool up)
{
	return up ? "up" : "down";
}

/*
 * Waits until a signal of done finds the link in state `want`; frames that arrive meanwhile are
 * taken and dropped, so the receive ring never fills. True when it did before the time limit.
 */
static bool wait_link(struct host_net *net, struct rvkvm_event *done, bool want,
		      unsigned long hartid, uint64_t ticks)
{
	uint64_t deadline = time_now() + ticks;

	console_printf("rvkvm: self-test host-net-link: waiting for link %s\n", state_name(want));
	/* Invariant: every signal so far found the link in the other state. */
	while (time_now() < deadline) {
		platform_external_irq(hartid);
		if (rvkvm_event_read(done) == 0) {
			continue;
		}
		while (host_net_receive(net, rx, sizeof(rx)) != 0) {
		}
		if (host_net_link_up(net) == want) {
			return true;
		}
	}
	return false;
}

void selftest_host_net_link(unsigned long hartid, uint32_t timebase_freq)
{
	uint64_t ticks = (uint64_t)TIMEOUT_S * timebase_freq;
	const char *name = host_net_name(0);
	struct rvkvm_event *done;
	struct host_net *net;
	uint8_t mac[6];
	bool start;

	if (name == NULL || rvkvm_event_create(&done) != 0 ||
	    host_net_open(name, done, &net, mac) != 0) {
		check(false, name ? name : "-", "open", "");
		poweroff(1);
	}
	start = host_net_link_up(net);
	check(true, name, "link at start", state_name(start));
	check(wait_link(net, done, !start, hartid, ticks), name, "link", state_name(!start));
	if (failures == 0) {
		check(wait_link(net, done, start, hartid, ticks), name, "link", state_name(start));
	}
	console_printf("rvkvm: self-test host-net-link: %u failed\n", failures);
	poweroff(failures ? 1 : 0);
}
