/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Numbers of the VIRTIO 1.2 specification that both sides use: the virtio-mmio registers, device
 * status and feature bits, split-virtqueue flags, virtio-blk's features, requests and
 * configuration layout, and virtio-net's features, configuration layout and packet header. The VMM's devices (vmm/devices/), rvkvm's host drivers
 * (platform/drivers/) and the test guests share them, as they share lib/sbi_spec.h.
 */
#ifndef LIB_VIRTIO_SPEC_H
#define LIB_VIRTIO_SPEC_H

/* Register offsets (section 4.2.2). */
#define VIRTIO_MMIO_MAGIC 0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_QUEUE_RESET 0x0c0
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING 1u
#define VIRTIO_MMIO_INT_CONFIG 2u

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* Transport feature bits (section 6). */
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Device ids (section 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4

/* Split virtqueue descriptor and ring flags (section 2.7). */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

/* virtio-blk (section 5.2): feature bits, configuration offsets, requests and statuses. */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Configuration space offsets (section 5.2.4), little-endian. */
#define VIRTIO_BLK_CFG_CAPACITY 0    /* le64 */
#define VIRTIO_BLK_CFG_SIZE_MAX 8    /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX 12    /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 20   /* le32; after geometry (16..19), before topology (24..31) */
#define VIRTIO_BLK_CFG_WRITEBACK 32  /* u8 */
#define VIRTIO_BLK_CFG_NUM_QUEUES 34 /* le16 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 36
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG 40
#define VIRTIO_BLK_CFG_DISCARD_ALIGNMENT 44
#define VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS 48
#define VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG 52
#define VIRTIO_BLK_CFG_WRITE_ZEROES_MAY_UNMAP 56 /* u8, then 3 unused bytes */
#define VIRTIO_BLK_CFG_SIZE 60

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_HDR_SIZE 16 /* {le32 type, le32 reserved, le64 sector} */
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_SECTOR 512u

/* A discard or write-zeroes range: {le64 sector, le32 num_sectors, le32 flags}. */
#define VIRTIO_BLK_RANGE_SIZE 16
#define VIRTIO_BLK_RANGE_F_UNMAP 1u

/* virtio-net (section 5.1): queues of one pair, no controlq (N = 1, section 5.1.2). */
#define VIRTIO_NET_Q_RX0 0 /* receiveq1 */
#define VIRTIO_NET_Q_TX0 1 /* transmitq1 */

/* Feature bits (section 5.1.3). */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_CTRL_GUEST_OFFLOADS 2
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_GUEST_TSO6 8
#define VIRTIO_NET_F_GUEST_ECN 9
#define VIRTIO_NET_F_GUEST_UFO 10
#define VIRTIO_NET_F_HOST_TSO4 11
#define VIRTIO_NET_F_HOST_TSO6 12
#define VIRTIO_NET_F_HOST_ECN 13
#define VIRTIO_NET_F_HOST_UFO 14
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_F_CTRL_VQ 17
#define VIRTIO_NET_F_MQ 22
#define VIRTIO_NET_F_GUEST_USO4 54
#define VIRTIO_NET_F_GUEST_USO6 55
#define VIRTIO_NET_F_HOST_USO 56
#define VIRTIO_NET_F_HASH_REPORT 57

/* Configuration space offsets (section 5.1.4), little-endian; read-only for the driver. */
#define VIRTIO_NET_CFG_MAC 0                 /* u8[6] */
#define VIRTIO_NET_CFG_STATUS 6              /* le16, with VIRTIO_NET_F_STATUS */
#define VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS 8 /* le16, with VIRTIO_NET_F_MQ or _RSS */
#define VIRTIO_NET_CFG_MTU 10                /* le16, with VIRTIO_NET_F_MTU */
#define VIRTIO_NET_CFG_SIZE 12               /* up to mtu: speed, duplex and RSS come after */
#define VIRTIO_NET_MTU_MIN 68                /* the smallest mtu a device may offer */

/* Bits of the configuration's status. */
#define VIRTIO_NET_S_LINK_UP 1u
#define VIRTIO_NET_S_ANNOUNCE 2u

/*
 * struct virtio_net_hdr (section 5.1.6), in front of every packet on both queues: 12 bytes
 * without VIRTIO_NET_F_HASH_REPORT, num_buffers included whether MRG_RXBUF is negotiated or not.
 */
#define VIRTIO_NET_HDR_FLAGS 0        /* u8 */
#define VIRTIO_NET_HDR_GSO_TYPE 1     /* u8 */
#define VIRTIO_NET_HDR_HDR_LEN 2      /* le16 */
#define VIRTIO_NET_HDR_GSO_SIZE 4     /* le16 */
#define VIRTIO_NET_HDR_CSUM_START 6   /* le16 */
#define VIRTIO_NET_HDR_CSUM_OFFSET 8  /* le16 */
#define VIRTIO_NET_HDR_NUM_BUFFERS 10 /* le16 */
#define VIRTIO_NET_HDR_SIZE 12

#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1u
#define VIRTIO_NET_HDR_F_DATA_VALID 2u
#define VIRTIO_NET_HDR_F_RSC_INFO 4u

#define VIRTIO_NET_HDR_GSO_NONE 0u
#define VIRTIO_NET_HDR_GSO_TCPV4 1u
#define VIRTIO_NET_HDR_GSO_UDP 3u
#define VIRTIO_NET_HDR_GSO_TCPV6 4u
#define VIRTIO_NET_HDR_GSO_UDP_L4 5u
#define VIRTIO_NET_HDR_GSO_ECN 0x80u

/* The largest packet without segmentation offloads, Ethernet header on (section 5.1.6.3). */
#define VIRTIO_NET_MAX_PACKET 1514u

_Static_assert(VIRTIO_NET_HDR_NUM_BUFFERS + 2 == VIRTIO_NET_HDR_SIZE,
	       "num_buffers ends the header without HASH_REPORT");
_Static_assert(VIRTIO_NET_CFG_MTU + 2 == VIRTIO_NET_CFG_SIZE, "mtu ends the fields offered");

#endif
