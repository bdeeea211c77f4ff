package dev.usdt.cli;

/** The command line was wrong: the message says what, and the command's usage follows it. */
class UsageException extends Exception {

	UsageException(String message) {
		super(message);
	}

}
