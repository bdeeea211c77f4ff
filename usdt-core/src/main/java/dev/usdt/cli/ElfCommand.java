package dev.usdt.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code usdt elf}: placeholder until its issue lands. */
final class ElfCommand implements CliCommand {

	@Override
	public String name() {
		return "elf";
	}

	@Override
	public String synopsis() {
		return "elf (not available yet)";
	}

	@Override
	public String usage() {
		return "usage: usdt elf (not available yet)\n";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) {
		err.println("usdt elf: not available yet");
		return UsdtCli.FAILED;
	}

}
