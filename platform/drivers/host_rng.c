/* SPDX-License-Identifier: Apache-2.0 */
/* Host entropy devices on virtio-rng (VIRTIO 1.2 section 5.4): rvkvm/host.h's host_rng_*. */
#include "platform/drivers/host_rng.h"

#include "lib/spinlock.h"
#include "platform/console.h"
#include "platform/drivers/virtio_host.h"
#include "rvkvm/host.h"

#define HOST_RNG_DEVICES 4

struct host_rng {
	spinlock_t
		lock; /* the queue and the cookies: submit and reap (the interrupt only signals done) */
	struct virtio_host dev;
	struct rvkvm_event *done; /* set once, at open */
	bool open;
	uint64_t cookie[VIRTIO_HOST_QUEUE_MAX]; /* by a request's descriptor */
};

static struct host_rng rngs[HOST_RNG_DEVICES];
static unsigned nrngs;
static spinlock_t open_lock;

static void on_used(void *arg)
{
	struct host_rng *r = arg;
	struct rvkvm_event *done = __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);

	if (done) {
		rvkvm_event_signal(done);
	}
}

void host_rng_probe(uint64_t base, uint32_t irq)
{
	struct host_rng *r = &rngs[nrngs];
	const char *err;

	if (nrngs == HOST_RNG_DEVICES) {
		err = "rvkvm drives 4 at most";
	} else if (irq == 0) {
		err = "it has no interrupt on the host PLIC";
	} else {
		err = virtio_host_start(&r->dev, base, irq, 0, 1);
	}
	if (!err && !virtio_host_enable_interrupt(&r->dev, on_used, r)) {
		err = "its interrupt cannot be enabled";
	}
	if (err) {
		console_printf("rvkvm: host entropy device at 0x%llx not used: %s\n",
			       (unsigned long long)base, err);
		return;
	}
	nrngs++;
	console_printf("rvkvm: host entropy device at 0x%llx\n", (unsigned long long)base);
}

int host_rng_open(struct rvkvm_event *done, struct host_rng **rng)
{
	int ret = RVKVM_ENOENT;

	if (!done || !rng) {
		return RVKVM_EINVAL;
	}
	spin_lock(&open_lock);
	for (unsigned i = 0; i < nrngs; i++) {
		if (!rngs[i].open) {
			rngs[i].open = true;
			__atomic_store_n(&rngs[i].done, done, __ATOMIC_RELEASE);
			*rng = &rngs[i];
			ret = 0;
			break;
		}
	}
	spin_unlock(&open_lock);
	return ret;
}

int host_rng_submit(struct host_rng *rng, void *buf, uint32_t len, uint64_t cookie)
{
	struct virtio_host_buf b = { buf, len, true };

	if (!buf || len == 0) {
		return RVKVM_EINVAL;
	}
	spin_lock(&rng->lock);
	if (virtio_host_free(&rng->dev.queue[0]) == 0) {
		spin_unlock(&rng->lock);
		return RVKVM_ENOSPC;
	}
	rng->cookie[virtio_host_next_head(&rng->dev.queue[0])] = cookie;
	virtio_host_add(&rng->dev.queue[0], &b, 1);
	virtio_host_notify(&rng->dev.queue[0]);
	spin_unlock(&rng->lock);
	return 0;
}

int host_rng_reap(struct host_rng *rng, uint64_t *cookie, uint32_t *len)
{
	uint16_t head;
	uint32_t written;
	bool got;

	spin_lock(&rng->lock);
	got = virtio_host_pop(&rng->dev.queue[0], &head, &written);
	if (got) {
		*cookie = rng->cookie[head];
		*len = written;
	}
	spin_unlock(&rng->lock);
	return got ? 1 : 0;
}
