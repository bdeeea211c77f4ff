package dev.usdt.actuate;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.usdt.BpftraceCommands;
import dev.usdt.Probe;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;

/**
 * Writes the {@code bpftrace} command that prints every firing of one probe with all its
 * arguments, ready to paste into a root shell whatever the library path holds (quoted by
 * {@link BpftraceCommands}): {@code str()} for strings, the printf conversion of each integer's
 * width and signedness, argument names where the definition has them.
 */
final class BpftraceOneLiner {

	private BpftraceOneLiner() {
	}

	/**
	 * @param pid the process to attach to
	 * @param library the shared object holding the probe, or {@code null} to let bpftrace search
	 * the process ({@code usdt:*})
	 */
	static String command(long pid, @Nullable Path library, Probe probe) {
		return BpftraceCommands.run(pid, program(library, probe));
	}

	static String program(@Nullable Path library, Probe probe) {
		List<ProbeArgument> arguments = probe.definition().arguments();
		StringBuilder format = new StringBuilder(probe.provider()).append(':').append(probe.name());
		StringBuilder values = new StringBuilder();
		for (int i = 0; i < arguments.size(); i++) {
			ProbeArgument argument = arguments.get(i);
			format.append(' ').append((argument.name() != null) ? argument.name() : "arg" + i).append('=')
				.append(conversion(argument.kind()));
			values.append(", ").append(argument.kind().isString() ? "str(arg" + i + ")" : "arg" + i);
		}
		return BpftraceCommands.attachPoint(library, probe.provider(), probe.name()) + " { printf(\"" + format
				+ "\\n\"" + values + "); }";
	}

	private static String conversion(ArgumentKind kind) {
		return switch (kind) {
			case STRING -> "%s";
			case POINTER -> "0x%lx";
			case INT64 -> "%ld";
			case UINT64 -> "%lu";
			default -> kind.isSigned() ? "%d" : "%u";
		};
	}

}
