package dev.usdt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this JVM runs in its own PID or mount namespace (a container, a systemd service with
 * {@code PrivateTmp}), and what that means for a tracer on the host: the pid this JVM sees is not
 * the host's, and the host reaches the library only under {@code /proc/HOSTPID/root}. See
 * {@code README.md}, "Containers and Kubernetes".
 */
public final class ProcessNamespaces {

	/** The inode numbers the kernel gives the initial PID and mount namespaces. */
	private static final String INITIAL_PID = "pid:[4026531836]";

	private static final String INITIAL_MOUNT = "mnt:[4026531832]";

	private ProcessNamespaces() {
	}

	/** Whether this process runs in a PID namespace other than the host's. */
	public static boolean ownPidNamespace() {
		return !INITIAL_PID.equals(link("pid"));
	}

	/** Whether this process runs in a mount namespace other than the host's (its /tmp may be private). */
	public static boolean ownMountNamespace() {
		return !INITIAL_MOUNT.equals(link("mnt"));
	}

	/**
	 * How to trace this JVM from the host, when it runs in its own PID or mount namespace; empty
	 * when the host sees it as it sees itself, or there is no library to trace.
	 * @param pid this JVM's pid as it sees it
	 * @param libraries the probe libraries, as this JVM sees their paths
	 */
	public static Optional<String> fromHost(long pid, List<Path> libraries) {
		boolean pidNamespace = ownPidNamespace();
		return fromHost(pid, libraries, pidNamespace, ownMountNamespace(), pidNamespace ? ownMaps() : "");
	}

	/** @param maps this process's {@code /proc/self/maps} */
	static Optional<String> fromHost(long pid, List<Path> libraries, boolean pidNamespace, boolean mountNamespace,
			String maps) {
		if ((!pidNamespace && !mountNamespace) || libraries.isEmpty()) {
			// No library: nothing a tracer could attach to (the no-op backend)
			return Optional.empty();
		}
		String hostPid = pidNamespace ? "HOSTPID" : Long.toString(pid);
		StringBuilder advice = new StringBuilder("this JVM runs in its own ")
			.append(pidNamespace && mountNamespace ? "PID and mount namespaces"
					: pidNamespace ? "PID namespace" : "mount namespace")
			.append(pidNamespace ? " (pid " + pid + " is its pid in there, not on the host)" : "")
			.append("; from the host");
		if (pidNamespace) {
			advice.append(" find HOSTPID with: grep -l ")
				.append(BpftraceCommands.shellQuote(mapsPattern(libraries.get(0), maps)))
				.append(" /proc/[0-9]*/maps; then");
		}
		advice.append(" trace it with: bpftrace -p ").append(hostPid).append(" -e 'usdt:*:PROVIDER:PROBE {...}'");
		// The path is written as bpftrace reads it (quoted when the directory name needs it)
		Path fromHostPath = Path.of("/proc", hostPid, "root").resolve(Path.of("/").relativize(libraries.get(0).toAbsolutePath()));
		String byPath = BpftraceCommands.attachPoint(fromHostPath, "PROVIDER", "PROBE");
		// Offered for the user's own -e '...': not when a quote in the path would end those quotes,
		// nor when bpftrace could not read the path back (then it is usdt:*, the search above)
		if (byPath.indexOf('\'') < 0 && !byPath.startsWith("usdt:*:")) {
			advice.append(", or by path: ").append(byPath);
		}
		return Optional.of(advice.toString());
	}

	/**
	 * What finds this process's mapping of {@code library} in {@code /proc/PID/maps}: its device and
	 * inode before its name ({@code 00:2a 1234 .*usdt-jvm-c207e6e7f319da7b.so}), which another
	 * process matches only if it maps the very same file, not a same-named library in its own
	 * {@code /tmp} (every JVM with the starter maps a {@code usdt-jvm-...so}); the name alone when
	 * {@code maps} does not show the library. Library names are identifiers, digits, '-' and '.'.
	 */
	static String mapsPattern(Path library, String maps) {
		String name = library.getFileName().toString();
		String path = " " + library.toAbsolutePath();
		for (String line : maps.split("\n")) {
			if (line.endsWith(path) || line.endsWith(path + " (deleted)")) {
				String[] fields = line.split(" +", 6);
				if (fields.length == 6) {
					return fields[3] + " " + fields[4] + " .*" + name;
				}
			}
		}
		return name;
	}

	private static String ownMaps() {
		try {
			return Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String link(String namespace) {
		try {
			return Files.readSymbolicLink(Path.of("/proc/self/ns", namespace)).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			// No procfs (not Linux): nothing to say about namespaces
			return namespace.equals("pid") ? INITIAL_PID : INITIAL_MOUNT;
		}
	}

}
