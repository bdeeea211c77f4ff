package dev.usdt.cli;

import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.util.List;

import dev.usdt.backend.FileErrors;
import dev.usdt.parser.QuotedText;

/**
 * Entry point of {@code usdt-cli.jar}: {@code java -jar usdt-cli.jar COMMAND [ARGS...]}.
 * Exit status: 0 success, 1 the input was bad or the command failed, 2 usage error.
 */
public final class UsdtCli {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	private final List<CliCommand> commands = List.of(new CheckCommand(), new ElfCommand(), new DofCommand(),
			new FireCommand());

	public static void main(String[] args) {
		System.exit(new UsdtCli().run(List.of(args), System.out, System.err));
	}

	int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.isEmpty()) {
			err.print(usage());
			return USAGE;
		}
		String name = args.get(0);
		if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
			return help(args.subList(1, args.size()), out, err);
		}
		CliCommand command = command(name);
		if (command == null) {
			err.println("usdt: unknown command " + QuotedText.quoted(name));
			err.print(usage());
			return USAGE;
		}
		return run(command, args.subList(1, args.size()), out, err);
	}

	/** {@code usdt help} lists the commands; {@code usdt help COMMAND} prints that command's usage. */
	private int help(List<String> topics, PrintStream out, PrintStream err) {
		if (topics.size() > 1) {
			err.println("usdt help: unexpected argument " + QuotedText.quoted(topics.get(1)));
			err.print(usage());
			return USAGE;
		}
		String topic = topics.isEmpty() ? "help" : topics.get(0);
		if (topic.equals("help") || topic.equals("--help") || topic.equals("-h")) {
			out.print(usage());
			return OK;
		}
		CliCommand command = command(topic);
		if (command == null) {
			err.println("usdt help: no such command " + QuotedText.quoted(topic));
			err.print(usage());
			return USAGE;
		}
		out.print(command.usage());
		return OK;
	}

	private CliCommand command(String name) {
		for (CliCommand command : this.commands) {
			if (command.name().equals(name)) {
				return command;
			}
		}
		return null;
	}

	private int run(CliCommand command, List<String> rest, PrintStream out, PrintStream err) {
		String name = command.name();
		// after "--" everything is an operand: fire can send "--help" as a string
		List<String> options = rest.contains("--") ? rest.subList(0, rest.indexOf("--")) : rest;
		if (options.contains("--help") || options.contains("-h")) {
			out.print(command.usage());
			return OK;
		}
		try {
			return command.run(rest, out, err);
		}
		catch (UsageException ex) {
			err.println("usdt " + name + ": " + ex.getMessage());
			err.print(command.usage());
			return USAGE;
		}
		catch (FileSystemException ex) {
			err.println("usdt " + name + ": error: " + QuotedText.escaped(String.valueOf(ex.getFile())) + ": "
					+ FileErrors.reason(ex));
			return FAILED;
		}
		catch (Exception ex) {
			err.println("usdt " + name + ": error: " + ex.getMessage());
			return FAILED;
		}
	}

	private String usage() {
		StringBuilder text = new StringBuilder("usage: java -jar usdt-cli.jar COMMAND [ARGS...]\n\ncommands:\n");
		for (CliCommand command : this.commands) {
			text.append("  ").append(command.synopsis()).append('\n');
		}
		text.append("\nRun 'java -jar usdt-cli.jar help COMMAND' (or COMMAND --help) for a command's options.\n");
		return text.toString();
	}

}
