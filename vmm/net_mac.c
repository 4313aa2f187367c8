/* SPDX-License-Identifier: Apache-2.0 */
/* MAC addresses of guest NICs: derived from names, parsed from and formatted for the user. */
#include "vmm/net_mac.h"

#include "lib/string.h"

/* FNV-1a, 64-bit: the offset basis and prime of its definition. */
#define FNV64_OFFSET 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

void net_mac_derive(uint8_t mac[NET_ETH_ALEN], const char *vm_name, unsigned nic)
{
	uint8_t tail[5] = { 0, (uint8_t)nic, (uint8_t)(nic >> 8), (uint8_t)(nic >> 16),
			    (uint8_t)(nic >> 24) };
	uint64_t h = fnv1a(FNV64_OFFSET, (const uint8_t *)vm_name, lib_strlen(vm_name));

	/* The 0 byte ends the name, so ("vm1", 0) and ("vm", '1'...) never hash the same bytes. */
	h = fnv1a(h, tail, sizeof(tail));
	for (unsigned i = 0; i < NET_ETH_ALEN; i++) {
		mac[i] = (uint8_t)(h >> (8 * i));
	}
	mac[0] = (uint8_t)((mac[0] & ~NET_ETH_GROUP_BIT) | NET_ETH_LOCAL_BIT);
}

bool net_mac_parse(const char *s, uint8_t mac[NET_ETH_ALEN])
{
	uint8_t m[NET_ETH_ALEN];
	uint8_t any = 0;

	if (lib_strnlen(s, NET_MAC_STR_LEN + 1) != NET_MAC_STR_LEN) {
		return false;
	}
	/* Invariant: m[0, i) are the pairs before s[3 * i]. */
	for (unsigned i = 0; i < NET_ETH_ALEN; i++) {
		int hi = lib_hex_digit(s[3 * i]), lo = lib_hex_digit(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i + 1 < NET_ETH_ALEN && s[3 * i + 2] != ':')) {
			return false;
		}
		m[i] = (uint8_t)(hi << 4 | lo);
		any |= m[i];
	}
	if (any == 0 || net_eth_is_group(m)) {
		return false;
	}
	lib_memcpy(mac, m, NET_ETH_ALEN);
	return true;
}

void net_mac_format(const uint8_t mac[NET_ETH_ALEN], char out[NET_MAC_STR_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < NET_ETH_ALEN; i++) {
		out[3 * i] = digits[mac[i] >> 4];
		out[3 * i + 1] = digits[mac[i] & 0xf];
		out[3 * i + 2] = i + 1 < NET_ETH_ALEN ? ':' : '\0';
	}
}
