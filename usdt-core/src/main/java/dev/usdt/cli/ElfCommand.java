package dev.usdt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import dev.usdt.backend.stapsdt.ElfArchitecture;
import dev.usdt.backend.stapsdt.StapsdtLibraryWriter;
import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.DefinitionProblem;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;
import dev.usdt.parser.QuotedText;

/**
 * {@code usdt elf FILE.d -o OUT.so [--arch x86_64|aarch64]}: writes the shared object the Linux
 * backend would load for the providers of a D file, so it can be inspected with readelf, gdb or
 * bpftrace without starting an application, or built for the other architecture.
 */
final class ElfCommand implements CliCommand {

	private static final String OUTPUT_OPTION = "-o";

	private static final String ARCH_OPTION = "--arch";

	@Override
	public String name() {
		return "elf";
	}

	@Override
	public String synopsis() {
		return "elf FILE.d -o OUT.so [--arch x86_64|aarch64]   write the Linux USDT shared object";
	}

	@Override
	public String usage() {
		return """
				usage: java -jar usdt-cli.jar elf FILE.d -o OUT.so [--arch x86_64|aarch64]

				Writes the ELF shared object with the .note.stapsdt probes of every provider in FILE.d,
				as the stapsdt backend generates it at run time. Probes it cannot fire (more than 6
				arguments, or a floating-point one) are left out. The architecture defaults to this
				machine's, else x86_64.

				options:
				  -o OUT.so       the file to write
				  --arch NAME     x86_64 or aarch64
				""";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) throws UsageException, IOException {
		Invocation invocation = Invocation.parse(arguments);
		DefinitionFile definitions;
		try {
			definitions = ProviderParser.parse(invocation.input());
		}
		catch (DefinitionException ex) {
			ex.problems().forEach((problem) -> err.println(problem.summary()));
			return UsdtCli.FAILED;
		}
		definitions.warnings().stream().map(DefinitionProblem::summary).forEach(err::println);
		List<ProviderDefinition> providers = definitions.providers();
		if (providers.isEmpty()) {
			err.println(QuotedText.escaped(invocation.input().toString()) + ": error: no provider declared");
			return UsdtCli.FAILED;
		}
		if (!CliCommand.allRegistrable(providers, err)) {
			return UsdtCli.FAILED;
		}
		byte[] library;
		try {
			library = new StapsdtLibraryWriter(invocation.architecture()).write(providers);
		}
		catch (IllegalArgumentException ex) {
			err.println(QuotedText.escaped(invocation.input().toString()) + ": error: " + ex.getMessage());
			return UsdtCli.FAILED;
		}
		CliCommand.writeOutput(invocation.output(), library);
		out.println(summary(invocation, providers));
		return UsdtCli.OK;
	}

	private static String summary(Invocation invocation, List<ProviderDefinition> providers) {
		long written = providers.stream().flatMap((provider) -> provider.probes().stream())
			.filter(ProbeDefinition::isFireable)
			.count();
		long leftOut = providers.stream().mapToLong((provider) -> provider.probes().size()).sum() - written;
		String text = "wrote " + QuotedText.escaped(invocation.output().toString()) + " (" + invocation.architecture() + "): "
				+ count(providers.size(), "provider") + ", " + count(written, "probe");
		return (leftOut > 0) ? text + "; left out " + count(leftOut, "probe") + " that cannot be fired" : text;
	}

	private static String count(long count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/** The parsed command line. */
	record Invocation(Path input, Path output, ElfArchitecture architecture) {

		static Invocation parse(List<String> arguments) throws UsageException {
			Path input = null;
			Path output = null;
			ElfArchitecture architecture = null;
			for (int i = 0; i < arguments.size(); i++) {
				String argument = arguments.get(i);
				if (argument.equals(OUTPUT_OPTION)) {
					requireOnce(output, OUTPUT_OPTION);
					output = Path.of(value(arguments, ++i, OUTPUT_OPTION));
				}
				else if (argument.equals(ARCH_OPTION)) {
					requireOnce(architecture, ARCH_OPTION);
					architecture = architecture(value(arguments, ++i, ARCH_OPTION));
				}
				else if (argument.startsWith("-")) {
					throw new UsageException("unknown option " + QuotedText.quoted(argument));
				}
				else {
					if (input != null) {
						throw new UsageException("one FILE.d only, got " + QuotedText.quoted(input.toString()) + " and "
								+ QuotedText.quoted(argument));
					}
					input = Path.of(argument);
				}
			}
			if (input == null) {
				throw new UsageException("missing FILE.d");
			}
			if (output == null) {
				throw new UsageException("missing -o OUT.so");
			}
			return new Invocation(input, output,
					(architecture != null) ? architecture : ElfArchitecture.current().orElse(ElfArchitecture.X86_64));
		}

		private static String value(List<String> arguments, int index, String option) throws UsageException {
			if (index >= arguments.size()) {
				throw new UsageException(option + " needs a value");
			}
			return arguments.get(index);
		}

		private static void requireOnce(Object previous, String option) throws UsageException {
			if (previous != null) {
				throw new UsageException(option + " given twice");
			}
		}

		private static ElfArchitecture architecture(String name) throws UsageException {
			try {
				return ElfArchitecture.parse(name);
			}
			catch (IllegalArgumentException ex) {
				throw new UsageException(ex.getMessage());
			}
		}

	}

}
