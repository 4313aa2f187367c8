/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The test image's host NIC self-test (rvkvm.selftest=host-net, platform/selftest.h): every
 * host NIC is opened by its name, and DHCP DISCOVERs built here, from a MAC that is not the
 * NIC's, must each bring back an OFFER for that MAC from QEMU's user network (its DHCP server
 * is 10.0.2.2). Enough of them go out to wrap both rings and fill the transmit ring, and the
 * answers are waited for the way a VMM thread would: the host PLIC's interrupt signals done.
 * Prints "ok"/"FAIL" lines, then powers the machine off: 0 when all passed, 1 otherwise.
 */
#include "lib/printf.h"
#include "lib/string.h"
#include "platform/drivers/host_net.h"
#include "platform/platform.h"
#include "platform/selftest.h"
#include "platform/time.h"
#include "rvkvm/host.h"

#define ROUNDS 600   /* DISCOVERs per NIC: more than two rings' worth */
#define TIMEOUT_S 20 /* for all of a NIC's answers */
#define ETH_HLEN 14
#define IP_HLEN 20
#define UDP_HLEN 8
#define BOOTP_FIXED 236                          /* op .. file, before the magic cookie */
#define BOOTP_LEN (BOOTP_FIXED + 4 + 308)        /* the cookie and 308 bytes of options */
#define BOOTP_AT (ETH_HLEN + IP_HLEN + UDP_HLEN) /* where BOOTP starts in a frame */
#define FRAME_LEN (BOOTP_AT + BOOTP_LEN)
#define CHADDR 28 /* in BOOTP */
#define OPTIONS (BOOTP_FIXED + 4)
#define DHCP_DISCOVER 1
#define DHCP_OFFER 2

static uint8_t frame[FRAME_LEN];
static uint8_t rx[HOST_NET_FRAME_MAX];
static bool offered[ROUNDS];
static unsigned failures;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t time_now(void)
{
	return platform_time();
}

static void check(bool ok, const char *name, const char *what)
{
	console_printf("rvkvm: self-test host-net: %s %s %s\n", ok ? "ok" : "FAIL", name, what);
	if (!ok) {
		failures++;
	}
}

/* The xid of DISCOVER number `round` on NIC `nic`. */
static uint32_t xid_of(unsigned nic, unsigned round)
{
	return 0x72760000u | nic << 12 | round;
}

/* A broadcast DHCP DISCOVER (RFC 2131) from mac, in an IPv4/UDP datagram with no checksum. */
static void build_discover(const uint8_t mac[6], uint32_t xid)
{
	uint8_t *ip = frame + ETH_HLEN, *udp = ip + IP_HLEN, *bootp = frame + BOOTP_AT;
	uint32_t sum = 0;

	lib_memset(frame, 0, sizeof(frame));
	lib_memset(frame, 0xff, 6);
	lib_memcpy(frame + 6, mac, 6);
	put16(frame + 12, 0x0800);
	ip[0] = 0x45; /* version 4, 5 words of header */
	put16(ip + 2, IP_HLEN + UDP_HLEN + BOOTP_LEN);
	ip[8] = 64; /* TTL */
	ip[9] = 17; /* UDP */
	put32(ip + 16, 0xffffffffu);
	for (unsigned i = 0; i < IP_HLEN; i += 2) {
		sum += get16(ip + i);
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	put16(ip + 10, (uint16_t)~sum);
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, UDP_HLEN + BOOTP_LEN);
	bootp[0] = 1; /* BOOTREQUEST */
	bootp[1] = 1; /* Ethernet */
	bootp[2] = 6;
	put32(bootp + 4, xid);
	lib_memcpy(bootp + CHADDR, mac, 6);
	put32(bootp + BOOTP_FIXED, 0x63825363u); /* the magic cookie */
	bootp[OPTIONS] = 53;                     /* DHCP message type */
	bootp[OPTIONS + 1] = 1;
	bootp[OPTIONS + 2] = DHCP_DISCOVER;
	bootp[OPTIONS + 3] = 255;
}

/* Option `code` of a BOOTP message's options [OPTIONS, len): where its value starts, or NULL. */
static const uint8_t *option(const uint8_t *bootp, size_t len, uint8_t code, uint8_t want_len)
{
	for (size_t i = OPTIONS; i < len && bootp[i] != 255;) {
		if (bootp[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + bootp[i + 1] > len) {
			return NULL;
		}
		if (bootp[i] == code && bootp[i + 1] == want_len) {
			return bootp + i + 2;
		}
		i += 2u + bootp[i + 1];
	}
	return NULL;
}

/*
 * The round an OFFER to mac answers, from server 10.0.2.2, or -1 if the frame is anything
 * else. *yiaddr gets the address offered.
 */
static int offer_round(const uint8_t *f, size_t len, const uint8_t mac[6], unsigned nic,
		       uint32_t *yiaddr)
{
	const uint8_t *bootp = f + BOOTP_AT, *type, *server;
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint32_t xid;

	if (len < BOOTP_AT + OPTIONS || get16(f + 12) != 0x0800 || f[ETH_HLEN] != 0x45 ||
	    f[ETH_HLEN + 9] != 17 || get16(f + ETH_HLEN + IP_HLEN) != 67 ||
	    get16(f + ETH_HLEN + IP_HLEN + 2) != 68) {
		return -1;
	}
	/* To the DISCOVER's sender, or to everyone. */
	if (lib_memcmp(f, mac, 6) != 0 && lib_memcmp(f, bcast, 6) != 0) {
		return -1;
	}
	if (bootp[0] != 2 || lib_memcmp(bootp + CHADDR, mac, 6) != 0 ||
	    get32(bootp + BOOTP_FIXED) != 0x63825363u) {
		return -1;
	}
	type = option(bootp, len - BOOTP_AT, 53, 1);
	server = option(bootp, len - BOOTP_AT, 54, 4);
	if (!type || *type != DHCP_OFFER || !server || get32(server) != 0x0a000202u) {
		return -1;
	}
	xid = get32(bootp + 4);
	if ((xid & ~0xfffu) != xid_of(nic, 0) || (xid & 0xfff) >= ROUNDS) {
		return -1;
	}
	*yiaddr = get32(bootp + 16);
	return (int)(xid & 0xfff);
}

static void say_mac(char *buf, const uint8_t mac[6])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < 6; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/* Takes every frame the NIC has; counts the OFFERs of this test. */
static void drain(struct host_net *net, const uint8_t mac[6], unsigned nic, unsigned *offers,
		  unsigned *others, uint32_t *yiaddr)
{
	size_t len;

	while ((len = host_net_receive(net, rx, sizeof(rx))) != 0) {
		int round = offer_round(rx, len, mac, nic, yiaddr);

		if (round < 0 || offered[round]) {
			(*others)++;
			continue;
		}
		offered[round] = true;
		(*offers)++;
	}
}

static void test_nic(unsigned nic, unsigned long hartid, uint32_t timebase_freq)
{
	const char *name = host_net_name(nic);
	/* Locally administered, and not any host NIC's: the guest's MAC, as it were. */
	uint8_t mac[6] = { 0x02, 0x72, 0x76, 0x00, 0x00, (uint8_t)nic }, nic_mac[6];
	uint64_t deadline = time_now() + (uint64_t)TIMEOUT_S * timebase_freq;
	unsigned sent = 0, offers = 0, others = 0, full = 0;
	uint32_t yiaddr = 0;
	struct rvkvm_event *done;
	struct host_net *net;
	char text[160], m[18];

	if (rvkvm_event_create(&done) != 0 || host_net_open(name, done, &net, nic_mac) != 0) {
		check(false, name, "open");
		return;
	}
	say_mac(m, nic_mac);
	lib_snprintf(text, sizeof(text), "open (mac %s)", m);
	check(true, name, text);
	lib_memset(offered, 0, sizeof(offered));
	/* Invariant: sent DISCOVERs out, offers of them in; the interrupt is what makes progress. */
	while (offers < ROUNDS && time_now() < deadline) {
		while (sent < ROUNDS) {
			build_discover(mac, xid_of(nic, sent));
			if (host_net_send(net, frame, sizeof(frame)) != 0) {
				full++;
				break;
			}
			sent++;
		}
		platform_external_irq(hartid);
		if (rvkvm_event_read(done) != 0) {
			drain(net, mac, nic, &offers, &others, &yiaddr);
		}
	}
	say_mac(m, mac);
	/* How often the transmit ring was full depends on QEMU's timing: said, not judged. */
	lib_snprintf(text, sizeof(text),
		     "dhcp-offers %u of %u to %s (last %u.%u.%u.%u), %u other frames, transmit "
		     "ring full %u times",
		     offers, ROUNDS, m, (unsigned)(yiaddr >> 24), (unsigned)(yiaddr >> 16 & 255),
		     (unsigned)(yiaddr >> 8 & 255), (unsigned)(yiaddr & 255), others, full);
	check(offers == ROUNDS && sent == ROUNDS && (yiaddr >> 8) == 0x0a0002, name, text);
	lib_snprintf(text, sizeof(text), "dropped %llu", (unsigned long long)host_net_dropped(net));
	check(host_net_dropped(net) == 0, name, text);
}

void selftest_host_net(unsigned long hartid, uint32_t timebase_freq)
{
	unsigned n = host_net_count();

	check(n > 0, "-", "host NICs found");
	for (unsigned i = 0; i < n; i++) {
		test_nic(i, hartid, timebase_freq);
	}
	console_printf("rvkvm: self-test host-net: %u NIC(s), %u failed\n", n, failures);
	poweroff(failures ? 1 : 0);
}
