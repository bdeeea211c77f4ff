package dev.usdt.backend;

/**
 * A backend could not register probes. The message says what failed and how to fix it (for
 * example which directory is mounted noexec and which option selects another one).
 */
public class BackendException extends Exception {

	public BackendException(String message) {
		super(message);
	}

	public BackendException(String message, Throwable cause) {
		super(message, cause);
	}

}
