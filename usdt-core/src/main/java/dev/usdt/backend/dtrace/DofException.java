package dev.usdt.backend.dtrace;

/**
 * A provider cannot be expressed as DOF for the chosen target: a name is too long for the kernel,
 * an attribute is not a DTrace stability or class name, the blob is too large for the OS, or the
 * target has no safe probe stub. The message names the provider or probe and the limit.
 */
public class DofException extends RuntimeException {

	public DofException(String message) {
		super(message);
	}

}
