/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host services: everything the VMM may call besides the rvkvm ABI (rvkvm/rvkvm.h) and lib/.
 * Its threads, the console, random bytes, and the host devices that back guest devices. Under
 * Linux these would be pthreads, the terminal, getrandom() and files or vhost; here the core
 * provides the threads (core/hart_work.c, on its scheduler) and the platform (platform/) the
 * rest. Nothing under vmm/ includes a platform/ or core/ header.
 */
#ifndef RVKVM_HOST_H
#define RVKVM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rvkvm/rvkvm.h"

/* ---- threads ---------------------------------------------------------------------------- */

/* Number of harts rvkvm runs on; index 0 is the boot hart, which runs the VMM itself. */
unsigned hart_work_harts(void);
/*
 * Starts fn(arg) as a thread, preferably first on hart `index` (modulo the hart count); it
 * may run on any hart, and several threads may share one. False if it cannot be created.
 * A thread may block in rvkvm_event_wait.
 */
bool hart_work_start(unsigned index, void (*fn)(void *), void *arg);
/*
 * Runs threads on this hart until *flag reaches at least want, sleeping in WFI when there is
 * nothing to run; whoever changes the flag calls hart_work_wake_boot().
 */
void hart_work_wait(const unsigned *flag, unsigned want);
/* Wakes the boot hart from hart_work_wait. */
void hart_work_wake_boot(void);

/* ---- the console ------------------------------------------------------------------------- */

/*
 * Gives the console nvms VM consoles, numbered 0..nvms-1, named names[i]: with more than one,
 * the output is framed and the switching keys work (see platform/console_mux.h). Until then
 * there is one VM console, unframed. False when the multiplexer refuses the setup.
 */
bool console_setup_vms(unsigned nvms, const char *const *names, bool framed);
/* The hypervisor's own messages. */
void console_write(const char *buf, size_t len);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Output and input of a VM's console. Reads never block; they return how many bytes were read. */
void console_vm_write(unsigned vm_id, const void *buf, size_t len);
void console_vm_putc(unsigned vm_id, uint8_t byte); /* console_vm_write of one byte, faster */
size_t console_vm_read(unsigned vm_id, void *buf, size_t len);
/* VM vm_id has ended: its console takes no input, and the host console moves to a running VM. */
void console_vm_ended(unsigned vm_id);
/*
 * Calls notify(arg) when keyboard input arrives, from the host UART's interrupt (any hart, with
 * interrupts off: it must only kick or signal). False when the host gives no such interrupt: then
 * input is seen only when someone calls console_vm_read.
 */
bool console_set_input_notify(void (*notify)(void *arg), void *arg);

/* ---- random bytes ------------------------------------------------------------------------ */

/*
 * Fills buf with len random bytes from a generator keyed by the host's seed (its getrandom()).
 * False, with buf untouched, when the host gave no seed. At most 256 GiB a read.
 */
bool entropy_read(void *buf, size_t len);

/* ---- host block devices (backing guest disks) --------------------------------------------- */

/*
 * A disk of the host machine (on QEMU: a virtio-blk device ./rvkvm run attached, named by its
 * serial). Requests are virtio-blk's: the driver carries the data between the disk and the
 * caller's memory directly (no copy), so every segment must lie in memory the caller owns for
 * as long as the request is in flight. Completions come by the host's interrupt: the driver
 * signals the event given at open, and host_blk_reap hands them out.
 */
#define HOST_BLK_SERIAL_MAX 20 /* virtio-blk's device id is 20 bytes */
#define HOST_BLK_MAX_SEGS 128  /* data segments of one request, at most */
#define HOST_BLK_SECTOR 512ull

/* Request types (VIRTIO 1.2 section 5.2.6, the same numbers). */
#define HOST_BLK_T_IN 0            /* read: segments are written by the disk */
#define HOST_BLK_T_OUT 1           /* write: segments are read by the disk */
#define HOST_BLK_T_FLUSH 4         /* no segments */
#define HOST_BLK_T_DISCARD 11      /* one segment: struct virtio_blk_discard_write_zeroes[] */
#define HOST_BLK_T_WRITE_ZEROES 13 /* the same */

/* Statuses (virtio-blk's). */
#define HOST_BLK_S_OK 0
#define HOST_BLK_S_IOERR 1
#define HOST_BLK_S_UNSUPP 2

struct host_blk_info {
	uint64_t sectors; /* capacity in 512-byte sectors */
	bool read_only;
	bool flush;        /* the disk has a volatile cache and takes HOST_BLK_T_FLUSH */
	bool discard;      /* takes HOST_BLK_T_DISCARD */
	bool write_zeroes; /* takes HOST_BLK_T_WRITE_ZEROES */
	uint32_t max_discard_sectors, max_discard_seg;
	uint32_t max_write_zeroes_sectors, max_write_zeroes_seg;
	uint32_t max_segments;     /* data segments one request may carry (<= HOST_BLK_MAX_SEGS) */
	uint32_t max_segment_size; /* bytes in one segment, 0: no limit but 4 GiB - 1 */
	char serial[HOST_BLK_SERIAL_MAX + 1];
};

struct host_blk_seg {
	void *addr;
	uint32_t len;
};

struct host_blk_req {
	uint32_t type;   /* HOST_BLK_T_* */
	uint64_t sector; /* T_IN and T_OUT */
	unsigned nseg;
	struct host_blk_seg seg[HOST_BLK_MAX_SEGS];
	uint64_t cookie; /* handed back by host_blk_reap */
};

struct host_blk;

/*
 * Opens the host disk whose serial is `serial` for the caller alone and describes it in info;
 * each completion signals done. RVKVM_ENOENT: no such disk; RVKVM_EBUSY: already open.
 */
int host_blk_open(const char *serial, struct rvkvm_event *done, struct host_blk **blk,
		  struct host_blk_info *info);
/*
 * Queues a request. RVKVM_ENOSPC: the host queue is full (reap first); RVKVM_EINVAL: a request
 * the disk cannot take as given (too many segments, an empty or oversized segment, a type the
 * disk lacks, a write to a read-only disk).
 */
int host_blk_submit(struct host_blk *blk, const struct host_blk_req *req);
/* One finished request: 1 with its cookie and status, 0 when none is finished. */
int host_blk_reap(struct host_blk *blk, uint64_t *cookie, uint8_t *status);
/* Requests submitted and not yet reaped. */
unsigned host_blk_in_flight(const struct host_blk *blk);

/* ---- host entropy devices (backing guest virtio-rng) -------------------------------------- */

/* A hardware random number generator of the host (on QEMU: a virtio-rng device). */
struct host_rng;

/* Opens a host entropy device no one has open; RVKVM_ENOENT: none is free. */
int host_rng_open(struct rvkvm_event *done, struct host_rng **rng);
/* Asks for up to len random bytes into buf (host memory the caller owns until the reap). */
int host_rng_submit(struct host_rng *rng, void *buf, uint32_t len, uint64_t cookie);
/* One finished request: 1 with its cookie and the bytes written, 0 when none is finished. */
int host_rng_reap(struct host_rng *rng, uint64_t *cookie, uint32_t *len);

/* ---- host NICs (backing guest virtio-net) ------------------------------------------------- */

/*
 * A network interface of the host machine (on QEMU: a virtio-net device on a user-mode network,
 * -netdev user, that ./rvkvm run attached). Frames are whole Ethernet frames without preamble or
 * FCS, copied on each side: the caller's memory is never handed to the device. A NIC is named
 * by its MAC: ./rvkvm run gives NIC K of VM V the MAC 52:54:00:72:VV:KK (hex), which the driver
 * reads as the name "rvkvm-vV-nK" (decimal, like a disk's serial); a NIC with another MAC is
 * "netI", I its place among the host NICs in the order rvkvm found them (virtio-mmio slots, as
 * the host device tree lists them). The host NIC's own MAC is only its name: a guest NIC sends
 * and receives with its own, and QEMU's user network answers any.
 */
#define HOST_NET_NAME_MAX 16    /* "rvkvm-v255-n255", "net255" */
#define HOST_NET_FRAME_MIN 14   /* an Ethernet header */
#define HOST_NET_FRAME_MAX 1514 /* an MTU of 1500 behind the header */

struct host_net;

/*
 * Opens the host NIC named `name` for the caller alone, and gives its MAC; done is signalled
 * whenever the NIC has received frames or sent some (room in its transmit ring), or its link went
 * up or down (host_net_link_up). RVKVM_ENOENT: no such NIC; RVKVM_EBUSY: already open.
 */
int host_net_open(const char *name, struct rvkvm_event *done, struct host_net **net,
		  uint8_t mac[6]);
/*
 * Sends frame[0, len), HOST_NET_FRAME_MIN..HOST_NET_FRAME_MAX bytes, copied before it returns.
 * 0: on its way; RVKVM_ENOSPC: the transmit ring is full, try again after done is signalled;
 * RVKVM_EINVAL: no frame or a length out of bounds.
 */
int host_net_send(struct host_net *net, const void *frame, size_t len);
/*
 * Copies the next received frame into buf (size bytes, at least HOST_NET_FRAME_MAX) and gives
 * the receive buffer back to the NIC: the frame's length, or 0 when none has arrived. Frames
 * the NIC delivered malformed are dropped and counted.
 */
size_t host_net_receive(struct host_net *net, void *buf, size_t size);
/* Frames received and dropped (malformed, or too big for the caller's buffer) so far. */
uint64_t host_net_dropped(const struct host_net *net);
/*
 * Whether the NIC's link is up (on QEMU: not turned off by the monitor's set_link). Read at probe
 * and again on each configuration-change interrupt, which signals done as well, so the caller
 * looks again whenever done is signalled. Always true for a device without VIRTIO_NET_F_STATUS.
 * While it is down nothing arrives, and QEMU drops what is sent (host_net_send still takes it).
 */
bool host_net_link_up(const struct host_net *net);

#endif
