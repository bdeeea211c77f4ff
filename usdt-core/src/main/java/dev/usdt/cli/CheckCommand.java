package dev.usdt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.usdt.backend.FileErrors;
import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.DefinitionProblem;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;
import dev.usdt.parser.QuotedText;

/**
 * {@code usdt check FILE.d...}: parses and validates provider files and lists what they declare,
 * so a definition can be checked before a service is started with it. Every file is checked even
 * after one fails, so a single run reports all problems.
 */
final class CheckCommand implements CliCommand {

	@Override
	public String name() {
		return "check";
	}

	@Override
	public String synopsis() {
		return "check FILE.d...    validate D provider files and list their probes";
	}

	@Override
	public String usage() {
		return """
				usage: java -jar usdt-cli.jar check FILE.d...

				Parses and validates each D provider file. Prints, per provider,
				  provider NAME: N probes
				and one line per probe with its declared argument types (probes this runtime
				cannot fire are listed too, each with a one-line warning). Warnings and errors
				go to standard error as FILE:LINE:COL: warning|error: MESSAGE.

				exit status: 0 all files are valid (warnings allowed), 1 a file has errors
				or cannot be read, 2 usage error
				""";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) throws UsageException {
		List<String> files = files(arguments);
		int status = UsdtCli.OK;
		for (String file : files) {
			if (!check(file, out, err)) {
				status = UsdtCli.FAILED;
			}
		}
		return status;
	}

	private List<String> files(List<String> arguments) throws UsageException {
		List<String> files = new ArrayList<>();
		boolean options = true;
		for (String argument : arguments) {
			if (options && argument.equals("--")) {
				options = false;
			}
			else if (options && argument.startsWith("-") && argument.length() > 1) {
				throw new UsageException("unknown option " + QuotedText.quoted(argument));
			}
			else {
				files.add(argument);
			}
		}
		if (files.isEmpty()) {
			throw new UsageException("no files given");
		}
		return files;
	}

	private boolean check(String file, PrintStream out, PrintStream err) {
		if (file.isEmpty()) {
			err.println("'': error: cannot read: empty file name");
			return false;
		}
		DefinitionFile definition;
		try {
			definition = ProviderParser.parse(Path.of(file));
		}
		catch (DefinitionException ex) {
			ex.problems().forEach((problem) -> report(problem, err));
			return false;
		}
		catch (IOException | InvalidPathException ex) {
			err.println(QuotedText.escaped(file) + ": error: cannot read: " + FileErrors.reason(ex));
			return false;
		}
		for (ProviderDefinition provider : definition.providers()) {
			int count = provider.probes().size();
			out.println("provider " + provider.name() + ": " + count + ((count == 1) ? " probe" : " probes"));
			for (ProbeDefinition probe : provider.probes()) {
				out.println("  " + probe.signature());
			}
		}
		definition.warnings().forEach((problem) -> report(problem, err));
		// Valid D that a runtime still cannot register, as elf, dof and fire would say
		if (definition.providers().isEmpty()) {
			err.println(QuotedText.escaped(file) + ": warning: no provider declared, so there is nothing to register");
		}
		for (ProviderDefinition provider : definition.providers()) {
			provider.unregistrableReason()
				.ifPresent((reason) -> err.println(provider.location() + ": warning: " + reason + ", so it cannot be registered"));
		}
		return true;
	}

	/** Warnings take one line; errors are followed by the source line and a caret. */
	private static void report(DefinitionProblem problem, PrintStream err) {
		err.println((problem.severity() == DefinitionProblem.Severity.ERROR) ? problem.format() : problem.summary());
	}

}
