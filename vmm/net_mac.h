/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest NIC's MAC address: derived from the VM's name and the NIC's index, so a VM keeps its
 * address from run to run (its DHCP lease, its neighbours' caches), or the one the user gave.
 */
#ifndef VMM_NET_MAC_H
#define VMM_NET_MAC_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/net_backend.h"

#define NET_MAC_STR_LEN 17 /* "xx:xx:xx:xx:xx:xx" */

/*
 * A locally administered unicast address (first byte: bit 1 set, bit 0 clear) from a 64-bit
 * FNV-1a hash of vm_name, a 0 byte and nic (4 bytes, little-endian). Two NICs can collide only
 * by chance (46 bits); the switch refuses a second port with an address it has.
 */
void net_mac_derive(uint8_t mac[NET_ETH_ALEN], const char *vm_name, unsigned nic);

/*
 * The user's address "xx:xx:xx:xx:xx:xx" (hex digits of either case). False, mac untouched: not
 * that shape, a group (multicast or broadcast) address, or all zeros.
 */
bool net_mac_parse(const char *s, uint8_t mac[NET_ETH_ALEN]);

/* mac as "xx:xx:xx:xx:xx:xx" (lower case), NUL-terminated. */
void net_mac_format(const uint8_t mac[NET_ETH_ALEN], char out[NET_MAC_STR_LEN + 1]);

#endif
