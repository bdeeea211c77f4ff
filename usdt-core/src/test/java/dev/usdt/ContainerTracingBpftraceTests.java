package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;
import dev.usdt.testsupport.LiveFires;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM in its own mount and PID namespace with a private {@code /tmp} (a container, made with
 * {@code unshare}) is traced for real: from the host by its host pid with {@code usdt:*}, from the
 * host by path through {@code /proc/HOSTPID/root}, and from a sidecar that shares its PID namespace
 * but has its own mount namespace and {@code /tmp}. The JVM itself says how (the advice
 * {@code usdt fire} prints), and following that advice finds its host pid.
 */
class ContainerTracingBpftraceTests {

	private static final Pattern COUNT = Pattern.compile("@\\[\\d+\\]: (\\d+)");

	private ChildJvm container;

	private Path definitions;

	@BeforeEach
	void startContainer() throws Exception {
		Bpftrace.assumeAvailable();
		Bpftrace.assumeTool(Bpftrace.onPath("unshare") && Bpftrace.onPath("nsenter"),
				"needs unshare(1) and nsenter(1) from util-linux");
		// Not under /tmp: the container gets a private one
		Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target", "containers")).toAbsolutePath(),
				"box");
		this.definitions = LiveFires.writeDefinition(directory, "box");
		this.container = ChildJvm.fireIn(
				List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc", "sh", "-c",
						PRIVATE_TMP_KEEPING_CHECKOUT, "sh", checkoutUnderTmp()),
				List.of(this.definitions.toString(), "box", "tick", "5", "--count", "1000000", "--interval-ms", "20"));
	}

	/**
	 * Mounts a private /tmp; when the checkout itself lives under /tmp (a CI clone there), binds its
	 * top directory back so the child JVM still finds its class path ($1: that directory, or empty).
	 */
	private static final String PRIVATE_TMP_KEEPING_CHECKOUT = "keep=$1; shift; "
			+ "if [ -n \"$keep\" ]; then old=$(mktemp -d /run/usdt-old-tmp.XXXXXX) && mount --bind /tmp \"$old\"; fi && "
			+ "mount -t tmpfs tmpfs /tmp && "
			+ "if [ -n \"$keep\" ]; then mkdir -p \"/tmp/$keep\" && mount --bind \"$old/$keep\" \"/tmp/$keep\"; fi && "
			+ "exec \"$@\"";

	/** The checkout's top directory below /tmp, or empty when it is not under /tmp. */
	private static String checkoutUnderTmp() {
		Path checkout = Path.of("").toAbsolutePath();
		Path tmp = Path.of("/tmp");
		return checkout.startsWith(tmp) && checkout.getNameCount() > 1 ? checkout.getName(1).toString() : "";
	}

	@AfterEach
	void stopContainer() {
		if (this.container != null) {
			this.container.close();
		}
	}

	@Test
	void aJvmInItsOwnMountAndPidNamespaceWithAPrivateTmpIsTracedFromTheHostByHostPidByPathAndFromASidecar()
			throws Exception {
		assertThat(this.container.pid()).as("its pid inside the container").isEqualTo(1);
		String library = this.container.library();
		assertThat(library).startsWith("/tmp/usdt-");
		long hostPid = this.container.process()
			.descendants()
			.filter((process) -> process.info().command().orElse("").endsWith("/java"))
			.findFirst()
			.orElseThrow()
			.pid();
		String libraryName = Path.of(library).getFileName().toString();
		Bpftrace.await(() -> this.container.output().stream().anyMatch((line) -> line.contains("grep -l")),
				Duration.ofSeconds(10), "the advice on tracing from the host");
		String advice = String.join("\n", this.container.output());
		assertThat(advice)
			.contains("this JVM runs in its own PID and mount namespaces (pid 1 is its pid in there, not on the host)")
			.containsPattern("find HOSTPID with: grep -l '[0-9a-f]+:[0-9a-f]+ [0-9]+ \\.\\*" + Pattern.quote(libraryName)
					+ "' /proc/\\[0-9\\]\\*/maps; then")
			.contains("usdt:/proc/HOSTPID/root" + library + ":PROVIDER:PROBE");
		String findHostPid = advice.substring(advice.indexOf("find HOSTPID with: ") + "find HOSTPID with: ".length(),
				advice.indexOf("; then"));
		// The host maps a library of the same name too (this JVM registers the same file): every
		// JVM with the starter maps a usdt-jvm-....so, so the name alone would find them all
		try (UsdtRuntime host = UsdtRuntime.create()) {
			assertThat(host.register(this.definitions).get(0).library().orElseThrow().getFileName())
				.hasToString(libraryName);
			Process grep = new ProcessBuilder("sh", "-c", findHostPid).start();
			assertThat(new String(grep.getInputStream().readAllBytes())).as(findHostPid)
				.isEqualTo("/proc/" + hostPid + "/maps\n");
		}
		String counting = " { @[arg0] = count(); }";
		assertThat(fires(Bpftrace.attach(hostPid, "usdt:*:box:tick" + counting))).as("from the host with -p HOSTPID")
			.isPositive();
		assertThat(fires(Bpftrace.attachSystemWide("usdt:/proc/" + hostPid + "/root" + library + ":box:tick" + counting)))
			.as("from the host by path through /proc/HOSTPID/root")
			.isPositive();
		List<String> sidecar = new ArrayList<>(List.of("nsenter", "--target", Long.toString(hostPid), "--pid", "--",
				"unshare", "--mount", "--fork", "sh", "-c",
				"mount -t tmpfs tmpfs /tmp && mount -t proc proc /proc && exec bpftrace -p 1 -e \"$0\""));
		sidecar.add("usdt:*:box:tick" + counting);
		assertThat(fires(Bpftrace.start(sidecar))).as("from a sidecar sharing the PID namespace, with -p 1").isPositive();
	}

	/** Lets the container fire for 1.5 s, then returns how many fires bpftrace counted. */
	private static long fires(Bpftrace bpftrace) throws Exception {
		try (bpftrace) {
			Thread.sleep(1_500);
			bpftrace.stop();
			return LiveFires.countOf(bpftrace, COUNT);
		}
	}

}
