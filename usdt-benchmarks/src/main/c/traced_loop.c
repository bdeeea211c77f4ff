/*
 * The C half of the traced comparison (traced-vs-c.sh): the loop of TracedFireLoop.java with
 * <sys/sdt.h> probes and semaphores, so both sides pay the same kernel trap per event.
 *
 *   traced_loop COUNT [two|str] [main|worker]
 *
 * two: bench:two(int64_t, int64_t); str: bench:str(char *, int64_t), a constant string.
 * worker fires from a second thread, as every Java thread is one; main from the process's first.
 * Same stdout protocol as the Java loop: pid=, library=, ready, then (after the same unmeasured
 * warm-up fires) "fired N ns=T total=M cpu=C" once a tracer enabled the probe: T wall time and C
 * the firing thread's CPU time of the N measured fires.
 */
#define _GNU_SOURCE
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WARM_UP_FIRES 50000

__extension__ unsigned short bench_two_semaphore __attribute__((unused)) __attribute__((section(".probes")));
__extension__ unsigned short bench_str_semaphore __attribute__((unused)) __attribute__((section(".probes")));

static long long count = 500000;
static int string_probe;

static long long clock_ns(clockid_t clock) {
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int enabled(void) {
	unsigned short semaphore = string_probe ? *(volatile unsigned short *) &bench_str_semaphore
			: *(volatile unsigned short *) &bench_two_semaphore;
	return semaphore != 0;
}

static void fire_loop(long long n) {
	static const char text[] = "GET /orders/{id}";
	for (long long i = 0; i < n; i++) {
		if (string_probe) {
			if (*(volatile unsigned short *) &bench_str_semaphore) {
				STAP_PROBE2(bench, str, text, i);
			}
		}
		else if (*(volatile unsigned short *) &bench_two_semaphore) {
			STAP_PROBE2(bench, two, i, n - i);
		}
	}
}

static void *run(void *unused) {
	(void) unused;
	long long deadline = clock_ns(CLOCK_MONOTONIC) + 60000000000LL;
	while (!enabled()) {
		if (clock_ns(CLOCK_MONOTONIC) > deadline) {
			printf("timeout: no tracer enabled the probe\n");
			exit(1);
		}
		usleep(10000);
	}
	usleep(500000);
	fire_loop(WARM_UP_FIRES);
	long long cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	long long start = clock_ns(CLOCK_MONOTONIC);
	fire_loop(count);
	long long elapsed = clock_ns(CLOCK_MONOTONIC) - start;
	cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
	printf("fired %lld ns=%lld total=%lld cpu=%lld\n", count, elapsed, count + WARM_UP_FIRES, cpu);
	return NULL;
}

int main(int argc, char **argv) {
	count = (argc > 1) ? atoll(argv[1]) : count;
	string_probe = (argc > 2) && strcmp(argv[2], "str") == 0;
	int worker = (argc > 3) && strcmp(argv[3], "worker") == 0;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[(n > 0) ? n : 0] = '\0';
	printf("pid=%d\nlibrary=%s\nready\n", (int) getpid(), exe);
	fflush(stdout);
	if (worker) {
		pthread_t thread;
		if (pthread_create(&thread, NULL, run, NULL) != 0 || pthread_join(thread, NULL) != 0) {
			printf("could not run the worker thread\n");
			return 1;
		}
	}
	else {
		run(NULL);
	}
	return 0;
}
