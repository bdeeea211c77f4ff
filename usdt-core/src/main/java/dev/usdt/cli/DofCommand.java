package dev.usdt.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.usdt.backend.FileErrors;
import dev.usdt.backend.dtrace.DofException;
import dev.usdt.backend.dtrace.DtraceArch;
import dev.usdt.backend.dtrace.DtraceImage;
import dev.usdt.backend.dtrace.DtraceImage.PlacedProbe;
import dev.usdt.backend.dtrace.DtraceOs;
import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;
import dev.usdt.parser.QuotedText;

/**
 * {@code usdt dof FILE.d -o OUT.dof [--os OS] [--arch ARCH] [--base HEX]}: writes the DOF that the
 * DTrace backend would pass to {@code DTRACEHIOC_ADDDOF} for stubs placed at the base address, and
 * prints each probe's probe-site and is-enabled addresses. It runs the same layout code as a
 * registration ({@link DtraceImage}), so a DOF checker on any machine can verify what a DTrace
 * system would receive. A file with several providers gives one blob with all of them; a
 * registration passes one blob per provider.
 */
final class DofCommand implements CliCommand {

	/** Where stubs are assumed to lie when no {@code --base} is given. */
	static final long DEFAULT_BASE = 0x7f0000001000L;

	/** Stubs are 16-byte aligned functions. */
	private static final int BASE_ALIGNMENT = 16;

	private final DefinitionLoader loader;

	DofCommand() {
		this(DofCommand::parse);
	}

	DofCommand(DefinitionLoader loader) {
		this.loader = loader;
	}

	@Override
	public String name() {
		return "dof";
	}

	@Override
	public String synopsis() {
		return "dof FILE.d -o OUT.dof [--os OS] [--base HEX]  write the DTrace DOF for a provider file";
	}

	@Override
	public String usage() {
		return """
				usage: java -jar usdt-cli.jar dof FILE.d -o OUT.dof [--os illumos|freebsd|macos|linux] [--arch x86_64|aarch64] [--base HEX]

				Writes exactly the DOF that DTrace registration passes to the kernel for the providers in
				FILE.d, with probe stubs placed at the base address, and prints one line per probe:
				  PROVIDER:PROBE probe=0xSITE is-enabled=0xSITE

				  -o OUT.dof   where to write the DOF (required)
				  --os OS      target DTrace: illumos and freebsd (DOF v2), macos and linux (Oracle
				               Linux DTrace 2.x, DOF v3); default: this machine's OS, else illumos
				  --arch ARCH  stub architecture; aarch64 only for macos; default x86_64
				  --base HEX   address of the first stub (16-byte aligned); default 0x7f0000001000
				""";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) throws Exception {
		Options options = Options.parse(arguments);
		List<ProviderDefinition> providers;
		try {
			providers = this.loader.load(options.file());
		}
		catch (DefinitionException ex) {
			ex.problems().forEach((problem) -> err.println(problem.summary()));
			return UsdtCli.FAILED;
		}
		if (!CliCommand.allRegistrable(providers, err)) {
			return UsdtCli.FAILED;
		}
		DtraceImage image;
		try {
			image = DtraceImage.layout(providers, options.os(), options.arch(), options.base());
		}
		catch (DofException ex) {
			err.println("usdt dof: error: " + FileErrors.about(options.file(), ex.getMessage()));
			return UsdtCli.FAILED;
		}
		if (image.dofAddress() < 0) {
			throw new UsageException("--base 0x" + Long.toHexString(options.base()) + " leaves no room below it for the "
					+ image.dof().length + "-byte DOF");
		}
		CliCommand.writeOutput(options.output(), image.dof());
		for (PlacedProbe probe : image.probes()) {
			// The addresses the DOF states (dofpr_addr + offset), as any DOF reader lists them
			long probeSite = image.statedProbeSite(probe);
			long enabledSite = image.statedEnabledSite(probe);
			String patched = (probeSite != probe.probeSite() || enabledSite != probe.enabledSite())
					? String.format(" (xnu patches 0x%x and 0x%x)", probe.probeSite(), probe.enabledSite()) : "";
			out.printf("%s probe=0x%x is-enabled=0x%x%s%n", probe.displayName(), probeSite, enabledSite, patched);
		}
		return UsdtCli.OK;
	}

	/** Reads the providers of a D file. */
	@FunctionalInterface
	interface DefinitionLoader {

		List<ProviderDefinition> load(Path file) throws Exception;

	}

	private static List<ProviderDefinition> parse(Path file) throws Exception {
		return ProviderParser.parse(file).providers();
	}

	private record Options(Path file, Path output, DtraceOs os, DtraceArch arch, long base) {

		static Options parse(List<String> arguments) throws UsageException {
			Path file = null;
			Path output = null;
			DtraceOs os = DtraceOs.current().orElse(DtraceOs.ILLUMOS);
			DtraceArch arch = DtraceArch.X86_64;
			long base = DEFAULT_BASE;
			for (int i = 0; i < arguments.size(); i++) {
				String argument = arguments.get(i);
				switch (argument) {
					case "-o", "--output" -> output = Path.of(value(arguments, ++i, argument));
					case "--os" -> os = parseWith(value(arguments, ++i, argument), DtraceOs::parse);
					case "--arch" -> arch = parseWith(value(arguments, ++i, argument), DtraceArch::parse);
					case "--base" -> base = parseBase(value(arguments, ++i, argument));
					default -> {
						if (argument.startsWith("-")) {
							throw new UsageException("unknown option " + QuotedText.quoted(argument));
						}
						if (file != null) {
							throw new UsageException("only one provider file is accepted, got "
									+ QuotedText.quoted(file.toString()) + " and "
									+ QuotedText.quoted(argument));
						}
						file = Path.of(argument);
					}
				}
			}
			if (file == null) {
				throw new UsageException("missing the provider file FILE.d");
			}
			if (output == null) {
				throw new UsageException("missing -o OUT.dof");
			}
			return new Options(file, output, os, arch, base);
		}

		private static String value(List<String> arguments, int index, String option) throws UsageException {
			if (index >= arguments.size()) {
				throw new UsageException(option + " needs a value");
			}
			return arguments.get(index);
		}

		private static <T> T parseWith(String value, Function<String, T> parser)
				throws UsageException {
			try {
				return parser.apply(value);
			}
			catch (IllegalArgumentException ex) {
				throw new UsageException(ex.getMessage());
			}
		}

		private static long parseBase(String text) throws UsageException {
			String digits = text.toLowerCase(Locale.ROOT).startsWith("0x") ? text.substring(2) : text;
			long base;
			try {
				base = Long.parseUnsignedLong(digits, 16);
			}
			catch (NumberFormatException ex) {
				throw new UsageException("--base " + QuotedText.quoted(text) + " is not a hexadecimal address");
			}
			if (base <= 0 || base % BASE_ALIGNMENT != 0) {
				throw new UsageException("--base 0x" + Long.toHexString(base) + " must be a positive multiple of "
						+ BASE_ALIGNMENT);
			}
			return base;
		}

	}

}
