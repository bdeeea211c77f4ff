/*
 * Runs under qemu-aarch64 (user mode): loads a generated aarch64 probe library and the generated
 * trampoline library with dlopen, then calls every probe's stub directly, through usdt_call_stub
 * and through the JNI entry point, each time with a breakpoint (brk #0) at the PC the probe's
 * stapsdt note names. A SIGTRAP handler plays the uprobe: it records the registers at that PC and
 * steps over the breakpoint. The harness then checks that every argument is in the register the
 * note's argument string names, that the note's PC and semaphore are the exported symbols, and
 * that the semaphore reads 0. qemu-user has no uprobes; this is as close as it gets. It also calls
 * the trampoline library's JNI system calls (JniCalls) on a scratch file next to the harness, and
 * its directBuffer through a fake JNI function table.
 *
 * usage: harness PROBE_LIB TRAMPOLINE_LIB (SYMBOL NOTE_PC NOTE_SEMAPHORE "ARGUMENTS")...
 * prints one line per check; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define BRK_0 0xd4200000u

typedef void (*stub_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*call_stub_fn)(uintptr_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*jni_fn)(void *, void *, uintptr_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

typedef int (*jni_open_fn)(void *, void *, uintptr_t, int, int);
typedef int (*jni_two_fn)(void *, void *, int, int);
typedef int (*jni_close_fn)(void *, void *, int);
typedef void *(*jni_buffer_fn)(void *, void *, uintptr_t, int64_t);

static void *seen_env;
static uintptr_t seen_address;
static int64_t seen_capacity;

static volatile sig_atomic_t traps;
static volatile uint64_t trap_pc;
static volatile uint64_t trap_regs[8];
static int failures;

static void on_trap(int signal, siginfo_t *info, void *context) {
	(void) signal;
	(void) info;
	ucontext_t *uc = context;
	trap_pc = uc->uc_mcontext.pc;
	for (int i = 0; i < 8; i++) {
		trap_regs[i] = uc->uc_mcontext.regs[i];
	}
	traps++;
	uc->uc_mcontext.pc += 4; /* step over the breakpoint, as the kernel steps over the probed nop */
}

static void check(int ok, const char *what) {
	printf("%s %s\n", ok ? "ok" : "FAIL", what);
	if (!ok) {
		failures++;
	}
}

/* Stands in for JNI's NewDirectByteBuffer (entry 229 of the function table). */
static void *fake_new_direct_byte_buffer(void *env, uintptr_t address, int64_t capacity) {
	seen_env = env;
	seen_address = address;
	seen_capacity = capacity;
	return (void *) 0x1234;
}

static void check_jni_calls(void *trampolines, const char *harness) {
	jni_open_fn jni_open = (jni_open_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniCalls_open");
	jni_two_fn jni_flock = (jni_two_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniCalls_flock");
	jni_two_fn jni_fchmod = (jni_two_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniCalls_fchmod");
	jni_close_fn jni_close = (jni_close_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniCalls_close");
	jni_buffer_fn jni_buffer = (jni_buffer_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniCalls_directBuffer");
	check(jni_open && jni_flock && jni_fchmod && jni_close && jni_buffer, "trampoline library exports the JNI system calls");
	if (!(jni_open && jni_flock && jni_fchmod && jni_close && jni_buffer)) {
		return;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s.scratch", harness);
	unlink(path);
	int flags = O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = jni_open(NULL, NULL, (uintptr_t) path, flags, 0600);
	check(fd >= 0 && jni_open(NULL, NULL, (uintptr_t) path, flags, 0600) == -EEXIST,
			"JNI open creates a file exclusively, then returns -EEXIST");
	struct stat status;
	check(jni_fchmod(NULL, NULL, fd, 01640) == 0 && stat(path, &status) == 0 && (status.st_mode & 07777) == 01640,
			"JNI fchmod sets the mode with the sticky bit");
	int other = open(path, O_RDONLY);
	check(jni_flock(NULL, NULL, fd, LOCK_EX | LOCK_NB) == 0 && jni_flock(NULL, NULL, other, LOCK_SH | LOCK_NB) == -EWOULDBLOCK,
			"JNI flock locks one open file against another");
	check(jni_close(NULL, NULL, fd) == 0 && jni_close(NULL, NULL, fd) == -EBADF, "JNI close closes once, then returns -EBADF");
	close(other);
	unlink(path);
	void *table[256] = { 0 };
	table[229] = (void *) fake_new_direct_byte_buffer;
	void *env = table;
	void *result = jni_buffer(&env, (void *) 0x55, 0xabc, 16);
	check(result == (void *) 0x1234 && seen_env == &env && seen_address == 0xabc && seen_capacity == 16,
			"JNI directBuffer tail-calls NewDirectByteBuffer with the address and capacity");
}

/* Writes one instruction word into the (read+execute) stub page, as a debugger or uprobe would. */
static uint32_t patch(uintptr_t pc, uint32_t word) {
	long page = sysconf(_SC_PAGESIZE);
	void *start = (void *) (pc & ~(uintptr_t) (page - 1));
	if (mprotect(start, (size_t) page, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
		perror("mprotect");
		exit(2);
	}
	uint32_t old = *(volatile uint32_t *) pc;
	*(volatile uint32_t *) pc = word;
	__builtin___clear_cache((char *) pc, (char *) pc + 4);
	mprotect(start, (size_t) page, PROT_READ | PROT_EXEC);
	return old;
}

/* "-8@x0 8@x1" -> {0, 1}; returns the count, or -1 for a location that is not an x register. */
static int registers(const char *arguments, int *out) {
	int count = 0;
	const char *p = arguments;
	while (*p) {
		const char *at = strchr(p, '@');
		if (at == NULL) {
			break;
		}
		if (at[1] != 'x') {
			return -1;
		}
		out[count++] = atoi(at + 2);
		p = strchr(at, ' ');
		if (p == NULL) {
			break;
		}
		p++;
	}
	return count;
}

int main(int argc, char **argv) {
	if (argc < 3 || (argc - 3) % 4 != 0) {
		fprintf(stderr, "usage: %s PROBE_LIB TRAMPOLINE_LIB (SYMBOL PC SEMAPHORE ARGUMENTS)...\n", argv[0]);
		return 2;
	}
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = on_trap;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGTRAP, &action, NULL);

	void *probes = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	void *trampolines = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
	if (probes == NULL || trampolines == NULL) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 2;
	}
	struct link_map *map;
	dlinfo(probes, RTLD_DI_LINKMAP, &map);
	uintptr_t base = map->l_addr;
	call_stub_fn call_stub = (call_stub_fn) dlsym(trampolines, "usdt_call_stub");
	jni_fn jni = (jni_fn) dlsym(trampolines, "Java_dev_usdt_nativeaccess_JniStubCaller_invoke");
	void (*noop)(void) = (void (*)(void)) dlsym(trampolines, "usdt_noop");
	check(call_stub != NULL && jni != NULL && noop != NULL, "trampoline library exports its three functions");
	if (noop != NULL) {
		noop();
	}
	check_jni_calls(trampolines, argv[0]);

	for (int p = 3; p < argc; p += 4) {
		const char *symbol = argv[p];
		uintptr_t pc = base + strtoull(argv[p + 1], NULL, 16);
		uintptr_t semaphore = base + strtoull(argv[p + 2], NULL, 16);
		char line[512];
		int regs[8];
		int count = registers(argv[p + 3], regs);
		snprintf(line, sizeof line, "%s: note arguments \"%s\" name x registers", symbol, argv[p + 3]);
		check(count >= 0, line);
		uintptr_t function = (uintptr_t) dlsym(probes, symbol);
		snprintf(line, sizeof line, "%s: note pc is the stub symbol", symbol);
		check(function == pc, line);
		char semaphore_symbol[256];
		snprintf(semaphore_symbol, sizeof semaphore_symbol, "%s_semaphore", symbol);
		snprintf(line, sizeof line, "%s: note semaphore is %s and reads 0", symbol, semaphore_symbol);
		check((uintptr_t) dlsym(probes, semaphore_symbol) == semaphore && *(volatile uint16_t *) semaphore == 0,
				line);
		check(*(volatile uint32_t *) pc == 0xd503201fu, "stub starts with nop");

		static const char *const routes[] = { "direct call", "usdt_call_stub", "JNI entry point" };
		for (int route = 0; route < 3; route++) {
			uint64_t a[6];
			for (int i = 0; i < 6; i++) {
				a[i] = 0x0123456789ab0000ull + (uint64_t) (route << 8) + (uint64_t) (i + 1) + ((uint64_t) p << 40);
			}
			uint32_t original = patch(pc, BRK_0);
			traps = 0;
			if (route == 0) {
				((stub_fn) function)(a[0], a[1], a[2], a[3], a[4], a[5]);
			}
			else if (route == 1) {
				call_stub(function, a[0], a[1], a[2], a[3], a[4], a[5]);
			}
			else {
				jni(NULL, NULL, function, a[0], a[1], a[2], a[3], a[4], a[5]);
			}
			patch(pc, original);
			int ok = traps == 1 && trap_pc == pc && count >= 0;
			for (int i = 0; ok && i < count; i++) {
				ok = trap_regs[regs[i]] == a[i];
			}
			snprintf(line, sizeof line, "%s via %s: breakpoint hit once at the note pc, %d arguments in their registers",
					symbol, routes[route], count);
			check(ok, line);
			if (!ok) {
				for (int i = 0; i < count && i < 6; i++) {
					fprintf(stderr, "  argument %d expected 0x%llx in x%d, was 0x%llx\n", i,
							(unsigned long long) a[i], regs[i], (unsigned long long) trap_regs[regs[i]]);
				}
			}
		}
	}
	return failures == 0 ? 0 : 1;
}
