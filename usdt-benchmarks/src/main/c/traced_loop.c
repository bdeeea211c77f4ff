/*
 * The C half of the traced benchmark (run-benchmarks.sh): the loop of TracedFireLoop.java with a
 * <sys/sdt.h> probe bench:two and its semaphore, so both sides pay the same kernel trap per event.
 * Same stdout protocol: pid=, library=, ready, then (after the same unmeasured warm-up fires)
 * "fired N ns=T total=M" once a tracer enabled the probe.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define WARM_UP_FIRES 50000

__extension__ unsigned short bench_two_semaphore __attribute__((unused)) __attribute__((section(".probes")));

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int enabled(void) {
	return *(volatile unsigned short *) &bench_two_semaphore != 0;
}

static void fire_loop(long long count) {
	for (long long i = 0; i < count; i++) {
		if (enabled()) {
			STAP_PROBE2(bench, two, i, count - i);
		}
	}
}

int main(int argc, char **argv) {
	long long count = (argc > 1) ? atoll(argv[1]) : 500000;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[(n > 0) ? n : 0] = '\0';
	printf("pid=%d\nlibrary=%s\nready\n", (int) getpid(), exe);
	fflush(stdout);
	long long deadline = now_ns() + 60000000000LL;
	while (!enabled()) {
		if (now_ns() > deadline) {
			printf("timeout: no tracer enabled bench:two\n");
			return 1;
		}
		usleep(10000);
	}
	usleep(500000);
	fire_loop(WARM_UP_FIRES);
	long long start = now_ns();
	fire_loop(count);
	long long elapsed = now_ns() - start;
	printf("fired %lld ns=%lld total=%lld\n", count, elapsed, count + WARM_UP_FIRES);
	return 0;
}
