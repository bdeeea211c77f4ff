package dev.usdt;

/**
 * Probes could not be registered or used as asked. The message names what failed (provider,
 * probe, file, method) and how to fix it.
 */
public class UsdtException extends RuntimeException {

	public UsdtException(String message) {
		super(message);
	}

	public UsdtException(String message, Throwable cause) {
		super(message, cause);
	}

}
