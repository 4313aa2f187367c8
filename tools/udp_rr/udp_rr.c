// SPDX-License-Identifier: Apache-2.0
/*
 * The UDP request/response benchmark of make bench (tools/bench.sh; issue 17): /bin/udp-rr in the
 * Linux guest's initramfs (static, with the riscv64 C library linked in), and build/tools/udp-rr
 * on the host, whose echo answers the guest on QEMU's user network (the guest's 10.0.2.2:PORT is
 * the host's 127.0.0.1:PORT).
 *
 *   udp-rr echo PORT                    answers each datagram on PORT with its bytes, for ever
 *   udp-rr client ADDR PORT COUNT SIZE  COUNT round trips of SIZE bytes (8 to 1472) to ADDR:PORT
 *
 * The client runs the insn_count plugin's marker (slti x0, x0, 1; tools/insn_count/; on RISC-V
 * only) right before the first request and right after the last answer, so the instructions
 * between them are the round trips' and nothing else, and prints
 *
 *   udp-rr: count=COUNT size=SIZE resent=R
 *
 * Each request carries its number in its first 8 bytes; an answer to another number (a late one)
 * is skipped, and a request not answered within a second (or not sent) is sent again, counted in
 * R. Exit status 0, or 1 with a message when the socket cannot be had, ADDR is not an IPv4
 * address, or more than 600 requests had to be sent again (a refused one waits 0.1 s first).
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SIZE_MIN 8u
#define SIZE_MAX_UDP 1472u /* one 1500-byte IPv4 packet */
#define RESENT_MAX 600ul   /* then the echo is taken to be gone (a minute of refusals) */

static void marker(void)
{
#if defined(__riscv)
	__asm__ volatile("slti x0, x0, 1");
#endif
}

/* A tenth of a second: between tries when the echo refused a request, not after a silence. */
static void pause_a_little(void)
{
	struct timespec t = { .tv_nsec = 100000000 };

	nanosleep(&t, NULL);
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("udp-rr: socket");
		exit(1);
	}
	return fd;
}

static unsigned long number(const char *s, unsigned long min, unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "udp-rr: %s '%s' is not a number from %lu to %lu\n", what, s, min,
			max);
		exit(1);
	}
	return v;
}

static int echo(unsigned port)
{
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = udp_socket();
	static char buf[65536];

	me.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0) {
		perror("udp-rr: bind");
		return 1;
	}
	for (;;) {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);

		if (n >= 0) {
			sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
		}
	}
}

static int client(const char *addr, unsigned port, unsigned long count, unsigned size)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval second = { .tv_sec = 1 };
	static char req[SIZE_MAX_UDP], ans[SIZE_MAX_UDP];
	unsigned long resent = 0;
	int fd = udp_socket();

	if (inet_pton(AF_INET, addr, &to.sin_addr) != 1) {
		fprintf(stderr, "udp-rr: '%s' is not an IPv4 address\n", addr);
		return 1;
	}
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &second, sizeof(second)) != 0) {
		perror("udp-rr: connect");
		return 1;
	}
	memset(req, 'r', size);
	marker();
	for (uint64_t i = 0; i < count; i++) {
		uint64_t got = ~i;

		memcpy(req, &i, sizeof(i));
		while (got != i) {
			if (resent > RESENT_MAX) {
				fprintf(stderr,
					"udp-rr: %lu requests sent again; no echo at %s:%u\n",
					resent, addr, port);
				return 1;
			}
			if (send(fd, req, size, 0) != (ssize_t)size) {
				resent++;
				pause_a_little(); /* e.g. refused: the echo is not up yet */
				continue;
			}
			/* Answers to earlier requests (late ones) are skipped; a second of silence resends. */
			for (;;) {
				ssize_t n = recv(fd, ans, sizeof(ans), 0);

				if (n < 0) {
					resent++;
					if (errno != EAGAIN && errno != EWOULDBLOCK) {
						pause_a_little();
					}
					break;
				}
				if (n == (ssize_t)size) {
					memcpy(&got, ans, sizeof(got));
					if (got == i) {
						break;
					}
				}
			}
		}
	}
	marker();
	printf("udp-rr: count=%lu size=%u resent=%lu\n", count, size, resent);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "echo") == 0) {
		return echo((unsigned)number(argv[2], 1, 65535, "port"));
	}
	if (argc == 6 && strcmp(argv[1], "client") == 0) {
		return client(argv[2], (unsigned)number(argv[3], 1, 65535, "port"),
			      number(argv[4], 1, 100000000, "count"),
			      (unsigned)number(argv[5], SIZE_MIN, SIZE_MAX_UDP, "size"));
	}
	fprintf(stderr, "usage: udp-rr echo PORT | udp-rr client ADDR PORT COUNT SIZE\n");
	return 1;
}
