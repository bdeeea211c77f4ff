package dev.usdt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.usdt.parser.ProviderDefinition;

/** One {@code usdt} sub-command. */
interface CliCommand {

	/** The word typed after {@code usdt}, e.g. {@code check}. */
	String name();

	/** One line for the command list, e.g. {@code check FILE.d...  validate provider files}. */
	String synopsis();

	/** Full usage text printed for {@code usdt COMMAND --help}. */
	String usage();

	/**
	 * Runs the command.
	 * @return the process exit status: 0 success, 1 failure of the input, 2 usage error
	 */
	int run(List<String> arguments, PrintStream out, PrintStream err) throws Exception;

	/**
	 * Whether every provider can be registered; else prints, per provider that cannot, the error
	 * the runtime would fail with, at the provider's declaration, and writes nothing.
	 */
	static boolean allRegistrable(List<ProviderDefinition> providers, PrintStream err) {
		boolean registrable = true;
		for (ProviderDefinition provider : providers) {
			Optional<String> reason = provider.unregistrableReason();
			if (reason.isPresent()) {
				err.println(provider.location() + ": error: " + reason.get() + ", so there is nothing to register");
				registrable = false;
			}
		}
		return registrable;
	}

	/**
	 * Writes an output file; a failure names it ({@code /dev/full: No space left on device}),
	 * which the JDK's own exception for a failed write does not.
	 */
	static void writeOutput(Path output, byte[] content) throws FileSystemException {
		try {
			Files.write(output, content);
		}
		catch (FileSystemException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new FileSystemException(output.toString(), null, ex.getMessage());
		}
	}

}
