package dev.usdt;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advice a JVM in its own namespaces prints: every command in it safe to paste into a shell,
 * and the attach point "by path" offered only where it can go inside the user's own -e '...'.
 * (ContainerTracingBpftraceTests follows the advice with bpftrace in real namespaces.)
 */
class ProcessNamespacesTests {

	@Test
	void aPlainPathIsOfferedByPath() {
		assertThat(ProcessNamespaces.fromHost(1, List.of(Path.of("/tmp/usdt-0/usdt-orders-0123.so")), true, true, ""))
			.get()
			.asString()
			.contains("grep -l usdt-orders-0123.so /proc/[0-9]*/maps")
			.endsWith(", or by path: usdt:/proc/HOSTPID/root/tmp/usdt-0/usdt-orders-0123.so:PROVIDER:PROBE");
	}

	@Test
	void theHostPidIsFoundByTheDeviceAndInodeOfTheMappingNotByTheNameAlone() {
		String maps = """
				55d0c0a00000-55d0c0a01000 r--p 00000000 fd:01 917 /usr/lib/jvm/bin/java
				7f1c2a000000-7f1c2a001000 r-xp 00001000 00:2a 4711                       /tmp/usdt-0/usdt-orders-0123.so
				7f1c2b000000-7f1c2b001000 r-xp 00001000 00:2b 99 /tmp/usdt-0/usdt-other-0123.so (deleted)
				""";
		assertThat(ProcessNamespaces.fromHost(1, List.of(Path.of("/tmp/usdt-0/usdt-orders-0123.so")), true, true, maps))
			.get()
			.asString()
			.contains("find HOSTPID with: grep -l '00:2a 4711 .*usdt-orders-0123.so' /proc/[0-9]*/maps; then");
		assertThat(ProcessNamespaces.mapsPattern(Path.of("/tmp/usdt-0/usdt-other-0123.so"), maps))
			.isEqualTo("00:2b 99 .*usdt-other-0123.so");
		assertThat(ProcessNamespaces.mapsPattern(Path.of("/tmp/usdt-0/usdt-absent-0123.so"), maps))
			.isEqualTo("usdt-absent-0123.so");
	}

	@Test
	void aPathWithAQuoteIsNotOfferedWhereItWouldEndTheUsersQuotes() {
		String advice = ProcessNamespaces
			.fromHost(77, List.of(Path.of("/tmp/lib it's $(id) x/usdt-t-0123.so")), false, true, "")
			.orElseThrow();
		assertThat(advice).contains("trace it with: bpftrace -p 77 -e 'usdt:*:PROVIDER:PROBE {...}'")
			.doesNotContain("by path")
			.doesNotContain("$(id)");
	}

	@Test
	void aPathBpftraceCannotReadBackIsNotOfferedEither() {
		assertThat(ProcessNamespaces.fromHost(77, List.of(Path.of("/tmp/a*b/usdt-t-0123.so")), false, true, ""))
			.get()
			.asString()
			.doesNotContain("by path");
	}

	@Test
	void noAdviceOutsideNamespacesOrWithoutLibrary() {
		assertThat(ProcessNamespaces.fromHost(77, List.of(Path.of("/tmp/x.so")), false, false, "")).isEmpty();
		assertThat(ProcessNamespaces.fromHost(77, List.of(), true, true, "")).isEmpty();
	}

}
