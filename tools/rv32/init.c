// SPDX-License-Identifier: Apache-2.0
// The RV32 Linux guest's init (pid 1 of cache/rv32/initramfs.cpio): prints what the tests check,
// each as one "rv32 init: ..." line, and powers off. Built against the kernel source's nolibc
// (tools/rv32-deps.sh), which gives it _start, the system call macros and printf; the clock and
// the sleep go through the time64 system calls themselves, the only ones a 32-bit RISC-V kernel
// has. A check that fails prints "rv32 init: FAIL ..." and the machine still powers off.

#define SLEEP_MS 100

// The kernel's struct __kernel_timespec: 64-bit seconds and nanoseconds on every width.
struct timespec64 {
	long long sec;
	long long nsec;
};

static int failures;

static void fail(const char *what)
{
	printf("rv32 init: FAIL %s\n", what);
	failures++;
}

// Milliseconds from a to b; the times are close, so seconds and nanoseconds differences fit a
// long, and nothing needs a 64-bit division (no libgcc here).
static long elapsed_ms(const struct timespec64 *a, const struct timespec64 *b)
{
	long sec = (long)(b->sec - a->sec);
	long nsec = (long)(b->nsec - a->nsec);

	return sec * 1000 + nsec / 1000000;
}

static int monotonic_now(struct timespec64 *ts)
{
	return (int)my_syscall2(__NR_clock_gettime64, CLOCK_MONOTONIC, ts);
}

static int sleep_ms(long ms)
{
	struct timespec64 req = { .sec = ms / 1000, .nsec = (ms % 1000) * 1000000L };

	return (int)my_syscall4(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, &req, NULL);
}

// The time CSR read from U-mode: on rv32 it is two CSRs, so the high half is read again until
// it did not change across the low half's read.
static unsigned long long user_rdtime(void)
{
	unsigned long hi, lo, hi2;

	do {
		__asm__ volatile("rdtimeh %0" : "=r"(hi));
		__asm__ volatile("rdtime %0" : "=r"(lo));
		__asm__ volatile("rdtimeh %0" : "=r"(hi2));
	} while (hi != hi2);
	return ((unsigned long long)hi << 32) | lo;
}

// The number of CPUs in a list such as "0", "0-3" or "0-1,3".
static int count_cpu_list(const char *s)
{
	int count = 0;

	while (*s >= '0' && *s <= '9') {
		long first = strtol(s, (char **)&s, 10);
		long last = first;

		if (*s == '-') {
			last = strtol(s + 1, (char **)&s, 10);
		}
		if (last < first) {
			return -1;
		}
		count += (int)(last - first + 1);
		if (*s != ',') {
			break;
		}
		s++;
	}
	return count;
}

static void report_machine(void)
{
	struct utsname u;

	if (uname(&u) != 0) {
		fail("uname");
		return;
	}
	if (strcmp(u.machine, "riscv32") != 0) {
		fail("machine is not riscv32");
	}
	printf("rv32 init: machine %s, Linux %s\n", u.machine, u.release);
}

static void report_cpus(void)
{
	char buf[64];
	ssize_t n;
	int fd, cpus;

	if (mount("sysfs", "/sys", "sysfs", 0, NULL) != 0) {
		fail("mount /sys");
		return;
	}
	fd = open("/sys/devices/system/cpu/online", O_RDONLY, 0);
	if (fd < 0) {
		fail("open /sys/devices/system/cpu/online");
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		fail("read /sys/devices/system/cpu/online");
		return;
	}
	buf[n] = '\0';
	cpus = count_cpu_list(buf);
	if (cpus <= 0) {
		fail("parse /sys/devices/system/cpu/online");
		return;
	}
	printf("rv32 init: %d CPUs online\n", cpus);
}

// Time advances: the monotonic clock across a sleep (which needs the timer interrupt to wake
// up), and the time CSR read from U-mode across the same sleep.
static void report_time(void)
{
	struct timespec64 before, after;
	unsigned long long t0, t1;
	long ms;

	t0 = user_rdtime();
	if (monotonic_now(&before) != 0) {
		fail("clock_gettime64");
		return;
	}
	if (sleep_ms(SLEEP_MS) != 0) {
		fail("clock_nanosleep_time64");
		return;
	}
	if (monotonic_now(&after) != 0) {
		fail("clock_gettime64");
		return;
	}
	t1 = user_rdtime();
	ms = elapsed_ms(&before, &after);
	if (ms >= SLEEP_MS) {
		printf("rv32 init: timer ticks (%ld ms over a %d ms sleep)\n", ms, SLEEP_MS);
	} else {
		fail("monotonic clock advanced less than the sleep");
	}
	if (t1 > t0) {
		printf("rv32 init: user rdtime ok (%llu ticks over the sleep)\n", t1 - t0);
	} else {
		fail("user rdtime did not advance");
	}
}

int main(void)
{
	printf("rv32 init: started\n");
	report_machine();
	report_cpus();
	report_time();
	printf("rv32 init: %s, powering off\n", failures ? "checks failed" : "done");
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	fail("reboot returned");
	// pid 1 must not return (the kernel would panic): wait for the test's time limit.
	for (;;) {
		sleep_ms(1000);
	}
}
