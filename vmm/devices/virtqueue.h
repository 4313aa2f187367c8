/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Split virtqueues (VIRTIO 1.2 section 2.7) from the device's side: taking the chains a guest
 * driver makes available and giving them back as used, in guest RAM reached through guest_mem.
 * Everything in the rings and descriptors is untrusted: each field is read once, every address
 * is checked against guest RAM, chains are capped, loops are found.
 */
#ifndef VMM_DEVICES_VIRTQUEUE_H
#define VMM_DEVICES_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/virtio_spec.h"
#include "vmm/guest_mem.h"

#define VIRTQ_MAX_SIZE 1024 /* the largest queue a device offers (QueueNumMax) */
#define VIRTQ_MAX_SEGS 256  /* buffers in one chain, indirect ones included */

/* One queue. The transport sets the first block; virtq_reset clears the second. */
struct virtq {
	uint16_t num; /* queue size: a power of 2, 1..VIRTQ_MAX_SIZE, when ready */
	bool ready;
	uint64_t desc, avail, used; /* guest-physical addresses of the three areas */
	bool event_idx;             /* VIRTIO_F_RING_EVENT_IDX negotiated */
	bool indirect;              /* VIRTIO_F_RING_INDIRECT_DESC negotiated */

	uint16_t last_avail; /* the next avail ring entry the device takes */
	uint16_t used_idx;   /* the device's used idx (written to the ring by virtq_push) */
	uint16_t signalled;  /* used_idx at the last interrupt (event idx) */
	bool signalled_valid;
};

/*
 * A buffer of a chain: guest-physical, inside guest RAM (virtq_pop checked it), and where that
 * is in the VMM (the guest's RAM neither moves nor goes while the VM lives, so it stays valid).
 */
struct virtq_seg {
	uint64_t gpa;
	uint8_t *host;
	uint32_t len;
};

/* A chain: its device-readable buffers first (nout), then the device-writable ones (nin). */
struct virtq_chain {
	uint16_t head;
	unsigned nout, nin;
	uint64_t out_len, in_len; /* bytes in each part */
	struct virtq_seg seg[VIRTQ_MAX_SEGS];
};

enum virtq_pop_result {
	VIRTQ_EMPTY = 0,   /* nothing available */
	VIRTQ_CHAIN = 1,   /* *chain is the next one; last_avail moved past it */
	VIRTQ_BROKEN = -1, /* the driver broke the rules (why says how): the device needs a reset */
};

/* Forgets the walking state (device reset, or a queue newly made ready). */
void virtq_reset(struct virtq *q);
/* Whether the queue's size and areas are valid: set, in guest RAM, aligned as section 2.7 says. */
bool virtq_valid(const struct virtq *q, const struct guest_mem *m);

/*
 * Takes the next available chain. Broken: an avail idx more than num ahead of last_avail, a head
 * or next index >= num, a descriptor loop or more than VIRTQ_MAX_SEGS buffers, a buffer outside
 * guest RAM or of length 0 (so none can reach MMIO), a readable buffer after a writable one,
 * an indirect descriptor when it was not negotiated, inside an indirect table, with NEXT set,
 * or whose table is not a whole number of descriptors, in RAM.
 */
enum virtq_pop_result virtq_pop(struct virtq *q, const struct guest_mem *m,
				struct virtq_chain *chain, const char **why);
/* Puts back the last chain taken (it will be taken again), e.g. when the backend is full. */
void virtq_unpop(struct virtq *q);
/* Returns chain head as used, with `written` bytes written into its writable part. False: the
 * used ring is not in guest RAM (broken). */
bool virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head, uint32_t written);

/* A chain given back: its head and the bytes written into its writable part. */
struct virtq_used_elem {
	uint16_t head;
	uint32_t written;
};

/*
 * Returns n chains (at most num) as used together: their elements go into the ring first and used
 * idx moves past all of them in one store, so the driver sees all n or none (virtio-net's merged
 * receive buffers, section 5.1.6.4). False, nothing written: the used ring is not in guest RAM.
 */
bool virtq_push_many(struct virtq *q, const struct guest_mem *m, const struct virtq_used_elem *e,
		     unsigned n);
/*
 * After one or more pushes: whether the driver asked for an interrupt now (used_event with
 * event idx, else the avail ring's NO_INTERRUPT flag). Records the interrupt as sent if so.
 */
bool virtq_should_interrupt(struct virtq *q, const struct guest_mem *m);
/*
 * Before the device sleeps: asks the driver to notify at the next available chain (avail_event
 * with event idx, else clears USED_F_NO_NOTIFY), and returns true if a chain became available
 * meanwhile (take it instead of sleeping).
 */
bool virtq_enable_notify(struct virtq *q, const struct guest_mem *m);
/*
 * The same for a device that waits for more than the `ahead` chains already available (a
 * virtio-net frame that needs more receive buffers than there are): the driver is asked to
 * notify once avail idx passes last_avail + ahead, and true means it already has.
 */
bool virtq_enable_notify_at(struct virtq *q, const struct guest_mem *m, uint16_t ahead);

/* Copies from the chain's readable part, from byte off on; returns the bytes copied. */
size_t virtq_chain_read(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			void *buf, size_t len);
/* Copies into the chain's writable part, from byte off of that part on; returns the bytes copied. */
size_t virtq_chain_write(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			 const void *buf, size_t len);

#endif
