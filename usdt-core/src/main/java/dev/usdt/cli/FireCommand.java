package dev.usdt.cli;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.usdt.Probe;
import dev.usdt.ProcessNamespaces;
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;
import dev.usdt.parser.QuotedText;

/**
 * {@code usdt fire}: registers one provider of a file for real and fires one of its probes, so a user
 * can check a tracer setup without writing code.
 */
final class FireCommand implements CliCommand {

	private static final long DEFAULT_WAIT_TIMEOUT_MS = 60_000;

	/**
	 * The kernel arms the semaphore when it installs the uprobe, a moment before the tracer has
	 * attached its program to it; fires in between are dropped, so wait this long after arming.
	 */
	private static final long DEFAULT_SETTLE_MS = 500;

	@Override
	public String name() {
		return "fire";
	}

	@Override
	public String synopsis() {
		return "fire FILE.d PROVIDER PROBE [ARG...]   register a provider and fire a probe";
	}

	@Override
	public String usage() {
		return """
				usage: java -jar usdt-cli.jar fire FILE.d PROVIDER PROBE [ARG...] [--count N] [--interval-ms M] [--wait-enabled] [--timeout-ms T] [--settle-ms S] [-- ARG...]

				Registers PROVIDER of FILE.d with the platform's tracer, prints 'pid=PID' and
				'library=PATH', fires PROVIDER:PROBE N times with the arguments parsed per the declared
				types (integers in decimal or 0x hex, strings as given), then prints 'fired N'. An
				integer outside its declared type's range (256 for uint8_t) is refused with exit status 1.
				Every argument after '--' is a probe argument, even one that looks like an option.
				Where no tracer could see the probe (no usable library directory, no tracing on this
				platform) it fails with exit status 1 and the reason; -Dusdt.library-dir=DIR before -jar
				picks the directory, -Dusdt.backend=noop fires into nothing on purpose.

				  --count N         fire N times (default 1)
				  --interval-ms M   sleep M ms between fires (default 0)
				  --wait-enabled    wait until a tracer has enabled the probe before the first fire
				  --timeout-ms T    how long --wait-enabled waits (default 60000); exit 1 on timeout
				  --settle-ms S     after the probe is enabled, wait S ms more for the tracer to finish
				                    attaching its program (default 500)
				""";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) throws Exception {
		List<String> positional = new ArrayList<>();
		long count = 1;
		long intervalMs = 0;
		long timeoutMs = DEFAULT_WAIT_TIMEOUT_MS;
		long settleMs = DEFAULT_SETTLE_MS;
		boolean waitEnabled = false;
		boolean operandsOnly = false;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (operandsOnly) {
				positional.add(argument);
				continue;
			}
			switch (argument) {
				case "--" -> operandsOnly = true;
				case "--count" -> count = nonNegative(argument, value(arguments, ++i, argument));
				case "--interval-ms" -> intervalMs = nonNegative(argument, value(arguments, ++i, argument));
				case "--timeout-ms" -> timeoutMs = nonNegative(argument, value(arguments, ++i, argument));
				case "--settle-ms" -> settleMs = nonNegative(argument, value(arguments, ++i, argument));
				case "--wait-enabled" -> waitEnabled = true;
				default -> positional.add(argument);
			}
		}
		if (positional.size() < 3) {
			throw new UsageException("expected FILE.d PROVIDER PROBE");
		}
		Path file = Path.of(positional.get(0));
		// Strict: a probe fired where no tracer can see it is a failure here, not a WARN; only an
		// explicit -Dusdt.backend=noop asks for the no-op backend
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withStrict(true));
				ClosedOnExit closedOnExit = new ClosedOnExit(runtime)) {
			DefinitionFile definitions;
			try {
				definitions = ProviderParser.parse(file);
			}
			catch (DefinitionException ex) {
				ex.problems().forEach((problem) -> err.println(problem.summary()));
				return UsdtCli.FAILED;
			}
			// Only the provider asked for: another one of the file that cannot be registered (all
			// its probes floating-point) must not stop this one
			ProviderDefinition definition = definitions.providers()
				.stream()
				.filter((candidate) -> candidate.name().equals(positional.get(1)))
				.findFirst()
				.orElseThrow(() -> new UsageException("no provider " + QuotedText.quoted(positional.get(1)) + " in "
						+ QuotedText.escaped(file.toString())));
			Provider provider = runtime.register(definition);
			Probe probe;
			try {
				probe = provider.probe(positional.get(2));
			}
			catch (IllegalArgumentException ex) {
				if (provider.definition().probe(positional.get(2)).isEmpty()) {
					throw new UsageException(ex.getMessage());
				}
				// Declared but not fireable (a floating-point argument, too many arguments): the
				// file is the problem, not the command line.
				err.println("usdt fire: " + ex.getMessage());
				return UsdtCli.FAILED;
			}
			Object[] values;
			try {
				values = parseArguments(probe, positional.subList(3, positional.size()));
			}
			catch (OutOfRangeException ex) {
				err.println("usdt fire: " + ex.getMessage());
				return UsdtCli.FAILED;
			}
			out.println("pid=" + runtime.pid());
			// One line whatever the path holds: scripts read it with sed -n 's/library=//p'
			out.println("library=" + provider.library().map(FireCommand::printable)
				.orElse("none (backend " + runtime.backend() + ")"));
			out.flush();
			ProcessNamespaces.fromHost(runtime.pid(), provider.library().stream().toList())
				.ifPresent((advice) -> err.println("usdt fire: " + advice));
			if (waitEnabled && !awaitEnabled(probe, timeoutMs)) {
				err.println("usdt fire: probe " + probe.signature() + " was not enabled by a tracer within " + timeoutMs
						+ " ms");
				return UsdtCli.FAILED;
			}
			if (waitEnabled) {
				Thread.sleep(settleMs);
			}
			for (long n = 0; n < count; n++) {
				if (n > 0 && intervalMs > 0) {
					Thread.sleep(intervalMs);
				}
				probe.fireArgs(values);
			}
			out.println("fired " + count);
			return UsdtCli.OK;
		}
	}

	/**
	 * Closes the runtime when the JVM exits before {@code fire} returns (SIGTERM, Ctrl-C: how a long
	 * {@code --count} is stopped), so that its libraries do not stay on disk (docs/file-lifecycle.md §5).
	 */
	private static final class ClosedOnExit implements AutoCloseable {

		private final Thread hook;

		ClosedOnExit(UsdtRuntime runtime) {
			this.hook = new Thread(runtime::close, "usdt-fire-close");
			Runtime.getRuntime().addShutdownHook(this.hook);
		}

		@Override
		public void close() {
			try {
				Runtime.getRuntime().removeShutdownHook(this.hook);
			}
			catch (IllegalStateException ex) {
				// The JVM is exiting: the hook closes the runtime
			}
		}

	}

	private static boolean awaitEnabled(Probe probe, long timeoutMs) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutMs * 1_000_000;
		while (!probe.isEnabled()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	private static Object[] parseArguments(Probe probe, List<String> texts) throws UsageException, OutOfRangeException {
		List<ArgumentKind> kinds = probe.definition().argumentKinds();
		if (texts.size() != kinds.size()) {
			throw new UsageException("probe " + probe.signature() + " takes " + kinds.size() + " argument"
					+ ((kinds.size() != 1) ? "s" : "") + ", got " + texts.size());
		}
		Object[] values = new Object[texts.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = kinds.get(i).isString() ? texts.get(i) : parseInteger(texts.get(i), probe, i);
		}
		return values;
	}

	/**
	 * The value as the declared C type holds it. Unlike {@link Probe#fire}, which converts like a C
	 * cast, a value the type cannot hold is refused: on the command line it is a typo.
	 */
	private static Long parseInteger(String text, Probe probe, int index) throws UsageException, OutOfRangeException {
		ProbeArgument argument = probe.definition().arguments().get(index);
		String trimmed = text.trim();
		boolean negative = trimmed.startsWith("-");
		String digits = negative ? trimmed.substring(1) : trimmed;
		int radix = 10;
		if (digits.startsWith("0x") || digits.startsWith("0X")) {
			digits = digits.substring(2);
			radix = 16;
		}
		// ASCII digits only: BigInteger alone would also take other scripts' digits and a sign.
		if (!digits.matches((radix == 16) ? "[0-9a-fA-F]+" : "[0-9]+")) {
			throw new UsageException(
					describe(argument, probe, index) + ": " + QuotedText.quoted(text) + " is not an integer");
		}
		BigInteger value = new BigInteger(digits, radix);
		value = negative ? value.negate() : value;
		ArgumentKind kind = argument.kind();
		int bits = (kind == ArgumentKind.POINTER) ? 64 : kind.size() * 8;
		BigInteger min = kind.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
		BigInteger max = (kind.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits))
			.subtract(BigInteger.ONE);
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new OutOfRangeException(describe(argument, probe, index) + ": " + text.trim() + " is out of range for "
					+ argument.declaredType() + " (" + min + " to " + max + ")");
		}
		return value.longValue();
	}

	private static String describe(ProbeArgument argument, Probe probe, int index) {
		return "argument " + index + ((argument.name() != null) ? " (" + argument.name() + ")" : "") + " of "
				+ probe.signature();
	}

	/** A value outside its declared type's range: exit status 1 with one line, not a usage error. */
	private static final class OutOfRangeException extends Exception {

		OutOfRangeException(String message) {
			super(message);
		}

	}

	private static String value(List<String> arguments, int index, String option) throws UsageException {
		if (index >= arguments.size()) {
			throw new UsageException(option + " needs a value");
		}
		return arguments.get(index);
	}

	private static long nonNegative(String option, String text) throws UsageException {
		try {
			long value = Long.parseLong(text);
			if (value < 0) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new UsageException(option + " needs a non-negative integer, got " + QuotedText.quoted(text));
		}
	}

	/**
	 * {@code path} on one line: control characters as {@code \xHH}, other invisible ones as a
	 * backslash, {@code u} and four hex digits (the parser's quoting, uncut).
	 */
	static String printable(Path path) {
		return QuotedText.escaped(path.toString());
	}

}
