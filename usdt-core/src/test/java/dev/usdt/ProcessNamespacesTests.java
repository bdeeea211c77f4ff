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
		assertThat(ProcessNamespaces.fromHost(1, List.of(Path.of("/tmp/usdt-0/usdt-orders-0123.so")), true, true))
			.get()
			.asString()
			.contains("grep -l usdt-orders-0123.so /proc/[0-9]*/maps")
			.endsWith(", or by path: usdt:/proc/HOSTPID/root/tmp/usdt-0/usdt-orders-0123.so:PROVIDER:PROBE");
	}

	@Test
	void aPathWithAQuoteIsNotOfferedWhereItWouldEndTheUsersQuotes() {
		String advice = ProcessNamespaces
			.fromHost(77, List.of(Path.of("/tmp/lib it's $(id) x/usdt-t-0123.so")), false, true)
			.orElseThrow();
		assertThat(advice).contains("trace it with: bpftrace -p 77 -e 'usdt:*:PROVIDER:PROBE {...}'")
			.doesNotContain("by path")
			.doesNotContain("$(id)");
	}

	@Test
	void aPathBpftraceCannotReadBackIsNotOfferedEither() {
		assertThat(ProcessNamespaces.fromHost(77, List.of(Path.of("/tmp/a*b/usdt-t-0123.so")), false, true))
			.get()
			.asString()
			.doesNotContain("by path");
	}

	@Test
	void noAdviceOutsideNamespacesOrWithoutLibrary() {
		assertThat(ProcessNamespaces.fromHost(77, List.of(Path.of("/tmp/x.so")), false, false)).isEmpty();
		assertThat(ProcessNamespaces.fromHost(77, List.of(), true, true)).isEmpty();
	}

}
