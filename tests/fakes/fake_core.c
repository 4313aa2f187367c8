/* SPDX-License-Identifier: Apache-2.0 */
/* A fake core and host for host tests of the VMM (see fake_core.h). */
#include "tests/fakes/fake_core.h"

#include <stdlib.h>
#include <string.h>

struct fake_core fake_core;

/* Events cannot be freed through the ABI: they come from here, and go with the next reset. */
static struct rvkvm_event event_pool[FAKE_CORE_EVENTS];
static unsigned nevents;

void fake_core_reset(void)
{
	memset(&fake_core, 0, sizeof(fake_core));
	memset(event_pool, 0, sizeof(event_pool));
	nevents = 0;
}

struct rvkvm_vcpu *fake_core_vcpu(unsigned id)
{
	struct rvkvm_vcpu *v = calloc(1, sizeof(*v));

	if (v) {
		v->id = id;
	}
	return v;
}

static int find_reg(const struct rvkvm_vcpu *v, uint64_t id)
{
	for (unsigned i = 0; i < v->nregs; i++) {
		if (v->reg_id[i] == id) {
			return (int)i;
		}
	}
	return -1;
}

bool fake_core_reg(const struct rvkvm_vcpu *v, uint64_t id, uint64_t *val)
{
	int i = find_reg(v, id);

	if (i < 0) {
		return false;
	}
	*val = v->reg_val[i];
	return true;
}

/* --- the ABI -------------------------------------------------------------------------------- */

int rvkvm_get_caps(struct rvkvm_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	strcpy(caps->isa, "rv64imafdc_zicsr_zifencei");
	caps->timebase_freq = 10000000;
	caps->nr_harts = 4;
	return 0;
}

int rvkvm_create_vm(const struct rvkvm_vm_params *params, struct rvkvm_vm **vm)
{
	(void)params;
	*vm = calloc(1, sizeof(**vm));
	return *vm ? 0 : RVKVM_ENOMEM;
}

int rvkvm_destroy_vm(struct rvkvm_vm *vm)
{
	if (vm->destroyed) {
		return RVKVM_EBUSY;
	}
	vm->destroyed = true;
	return 0;
}

uint64_t rvkvm_free_memory(void)
{
	return 0;
}

int rvkvm_set_memory_region(struct rvkvm_vm *vm, struct rvkvm_memory_region *region)
{
	(void)vm;
	(void)region;
	return RVKVM_EINVAL; /* these tests build no RAM through the core */
}

int rvkvm_pre_fault_memory(struct rvkvm_vm *vm, uint64_t gpa, uint64_t size)
{
	(void)vm;
	(void)gpa;
	(void)size;
	return RVKVM_ENOENT; /* no RAM, as above */
}

long rvkvm_get_dirty_log(struct rvkvm_vm *vm, uint32_t slot, unsigned long *bitmap)
{
	(void)vm;
	(void)slot;
	(void)bitmap;
	return RVKVM_ENOENT;
}

int rvkvm_event_create(struct rvkvm_event **event)
{
	if (nevents == FAKE_CORE_EVENTS) {
		return RVKVM_ENOMEM;
	}
	*event = &event_pool[nevents++];
	return 0;
}

uint64_t rvkvm_event_read(struct rvkvm_event *event)
{
	uint64_t n = event->count;

	event->count = 0;
	return n;
}

void rvkvm_event_signal(struct rvkvm_event *event)
{
	event->count++;
}

uint32_t rvkvm_event_wait(struct rvkvm_event *const *events, unsigned n, uint64_t timeout_us)
{
	uint32_t ready = 0;

	(void)timeout_us; /* never blocks: a test has no other thread to signal it */
	for (unsigned i = 0; i < n; i++) {
		if (events[i]->count) {
			ready |= 1u << i;
		}
	}
	return ready;
}

int rvkvm_ioeventfd(struct rvkvm_vm *vm, const struct rvkvm_ioeventfd *args)
{
	if (vm->nioevents == FAKE_CORE_IOEVENTS) {
		return RVKVM_ENOSPC;
	}
	vm->ioevent[vm->nioevents++] = *args;
	return 0;
}

int rvkvm_vm_get_stats(struct rvkvm_vm *vm, struct rvkvm_vm_stats *stats)
{
	(void)vm;
	memset(stats, 0, sizeof(*stats));
	return 0;
}

int rvkvm_create_vcpu(struct rvkvm_vm *vm, unsigned id, struct rvkvm_vcpu **vcpu)
{
	(void)vm;
	*vcpu = fake_core_vcpu(id);
	return *vcpu ? 0 : RVKVM_ENOMEM;
}

int rvkvm_get_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, void *value)
{
	int i = find_reg(vcpu, id);

	if (i < 0) {
		return RVKVM_ENOENT;
	}
	memcpy(value, &vcpu->reg_val[i], RVKVM_REG_SIZE(id) < 8 ? RVKVM_REG_SIZE(id) : 8);
	return 0;
}

int rvkvm_set_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, const void *value)
{
	int i = find_reg(vcpu, id);

	if (i < 0) {
		if (vcpu->nregs == FAKE_CORE_REGS) {
			return RVKVM_ENOSPC;
		}
		i = (int)vcpu->nregs++;
		vcpu->reg_id[i] = id;
	}
	vcpu->reg_val[i] = 0;
	memcpy(&vcpu->reg_val[i], value, RVKVM_REG_SIZE(id) < 8 ? RVKVM_REG_SIZE(id) : 8);
	return 0;
}

int rvkvm_get_reg_list(struct rvkvm_vcpu *vcpu, struct rvkvm_reg_list *list)
{
	(void)vcpu;
	list->n = 0;
	return 0;
}

struct rvkvm_exit *rvkvm_vcpu_exit(struct rvkvm_vcpu *vcpu)
{
	return &vcpu->exit;
}

int rvkvm_vcpu_run(struct rvkvm_vcpu *vcpu)
{
	vcpu->exit.reason = RVKVM_EXIT_INTR;
	return 0;
}

int rvkvm_vcpu_set_mp_state(struct rvkvm_vcpu *vcpu, unsigned state)
{
	(void)vcpu;
	(void)state;
	return 0;
}

int rvkvm_vcpu_interrupt(struct rvkvm_vcpu *vcpu, int level)
{
	vcpu->irq_level = level;
	vcpu->irq_calls++;
	return 0;
}

void rvkvm_vcpu_kick(struct rvkvm_vcpu *vcpu)
{
	vcpu->kicks++;
}

int rvkvm_vcpu_set_exit_interval(struct rvkvm_vcpu *vcpu, uint32_t us)
{
	(void)vcpu;
	(void)us;
	return 0;
}

int rvkvm_vcpu_get_stats(struct rvkvm_vcpu *vcpu, struct rvkvm_vcpu_stats *stats)
{
	(void)vcpu;
	memset(stats, 0, sizeof(*stats));
	return 0;
}

/* --- host services ---------------------------------------------------------------------------- */

unsigned hart_work_harts(void)
{
	return 4;
}

bool hart_work_start(unsigned index, void (*fn)(void *), void *arg)
{
	(void)index;
	(void)fn;
	(void)arg;
	fake_core.threads_started++;
	return false; /* no threads here: the VMM counts it as done */
}

void hart_work_wait(const unsigned *flag, unsigned want)
{
	(void)flag;
	(void)want;
}

void hart_work_wake_boot(void)
{
}

bool console_setup_vms(unsigned nvms, const char *const *names, bool framed)
{
	(void)nvms;
	(void)names;
	(void)framed;
	return true;
}

void console_vm_ended(unsigned vm_id)
{
	fake_core.vms_ended++;
	fake_core.last_vm_ended = vm_id;
}

/* A host whose UART has an input interrupt; the VMM's notify is kept for a test to call. */
bool console_set_input_notify(void (*notify)(void *arg), void *arg)
{
	fake_core.input_notify = notify;
	fake_core.input_arg = arg;
	return true;
}

bool entropy_read(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return false;
}

/* What host_blk_open, host_rng_open and host_net_open hand out when fake_core.host_devices: never used. */
static char fake_host_device;

int host_blk_open(const char *serial, struct rvkvm_event *done, struct host_blk **blk,
		  struct host_blk_info *info)
{
	(void)serial;
	(void)done;
	if (!fake_core.host_devices) {
		return RVKVM_ENOENT;
	}
	memset(info, 0, sizeof(*info));
	info->sectors = 2048;
	*blk = (struct host_blk *)(void *)&fake_host_device;
	return 0;
}

int host_blk_submit(struct host_blk *blk, const struct host_blk_req *req)
{
	(void)blk;
	(void)req;
	return RVKVM_EINVAL;
}

int host_blk_reap(struct host_blk *blk, uint64_t *cookie, uint8_t *status)
{
	(void)blk;
	(void)cookie;
	(void)status;
	return 0;
}

int host_rng_open(struct rvkvm_event *done, struct host_rng **rng)
{
	(void)done;
	if (!fake_core.host_devices) {
		return RVKVM_ENOENT;
	}
	*rng = (struct host_rng *)(void *)&fake_host_device;
	return 0;
}

int host_rng_submit(struct host_rng *rng, void *buf, uint32_t len, uint64_t cookie)
{
	(void)rng;
	(void)buf;
	(void)len;
	(void)cookie;
	return RVKVM_EINVAL;
}

int host_rng_reap(struct host_rng *rng, uint64_t *cookie, uint32_t *len)
{
	(void)rng;
	(void)cookie;
	(void)len;
	return 0;
}

int host_net_open(const char *name, struct rvkvm_event *done, struct host_net **net, uint8_t mac[6])
{
	(void)name;
	(void)done;
	if (!fake_core.host_devices) {
		return RVKVM_ENOENT;
	}
	memset(mac, 0, 6);
	*net = (struct host_net *)(void *)&fake_host_device;
	return 0;
}

int host_net_send(struct host_net *net, const void *frame, size_t len)
{
	(void)net;
	(void)frame;
	(void)len;
	return RVKVM_ENOSPC;
}

size_t host_net_receive(struct host_net *net, void *buf, size_t size)
{
	(void)net;
	(void)buf;
	(void)size;
	return 0;
}

uint64_t host_net_dropped(const struct host_net *net)
{
	(void)net;
	return 0;
}

bool host_net_link_up(const struct host_net *net)
{
	(void)net;
	return true;
}
