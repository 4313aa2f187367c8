/* SPDX-License-Identifier: Apache-2.0 */
/* What the hostile virtio guest's scenarios share: the two disks, their rings, the agreed sectors. */
#ifndef GUESTS_VIRTIO_HOSTILE_SCENES_H
#define GUESTS_VIRTIO_HOSTILE_SCENES_H

#include "vdev.h"

/*
 * Agreed with tests/cli/virtio_hostile.sh: sector 0 of both disks holds PATTERN repeated; only
 * sectors [SCRATCH, SCRATCH + SCRATCH_SECTORS) of disk A may change; every other byte of both
 * disks must be as the host wrote it. Requests that must not reach the disk aim at PROTECTED.
 */
#define PATTERN "rvkvm virtio hostile: sector 0\n"
#define SCRATCH 2048u
#define SCRATCH_SECTORS 64u
#define PROTECTED 1u

extern struct vdev disk_a, disk_b;
extern struct vring ring_a, ring_b, ring_spare;
extern uint8_t buf[64 * 1024];
extern unsigned long ram_end;

/* Whether the SECTOR bytes at p are sector 0 as the host wrote it. */
bool is_pattern(const uint8_t *p);
/* A fresh handshake on disk A's slot and ring, with the features in want; checked as `what`. */
bool fresh_a(uint64_t want, const char *what);

/* The chains no driver would build (chains.c). */
void scene_broken_chains(void);

#endif
