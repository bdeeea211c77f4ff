package dev.usdt.backend;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a failed file operation reads in a message. The JDK's file exceptions carry the file as
 * their whole message ({@code NoSuchFileException: /tmp/x}), so a message built from
 * {@code getMessage()} names the file twice and never says what went wrong.
 */
public final class FileErrors {

	private FileErrors() {
	}

	/** What went wrong, without the file: {@code no such file or directory}, {@code permission denied}. */
	public static String reason(Exception failure) {
		if (failure instanceof NoSuchFileException) {
			return "no such file or directory";
		}
		if (failure instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (failure instanceof FileAlreadyExistsException) {
			return "file exists";
		}
		if (failure instanceof FileSystemException fileError) {
			return (fileError.getReason() != null) ? fileError.getReason() : failure.getClass().getSimpleName();
		}
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
	}

	/**
	 * {@code PATH: reason} for a failure while working in or on {@code path}, naming {@code path}
	 * once: the file the failure names when it is {@code path} or below it, else {@code path} and
	 * then that file.
	 */
	public static String describe(Path path, Exception failure) {
		if (failure instanceof FileSystemException fileError && fileError.getFile() != null) {
			String file = fileError.getFile();
			String other = (fileError.getOtherFile() != null) ? " -> " + fileError.getOtherFile() : "";
			String prefix = file.startsWith(path.toString()) ? "" : path + ": ";
			return prefix + file + other + ": " + reason(failure);
		}
		return about(path, reason(failure));
	}

	/** {@code PATH: message}, or the message alone when it already starts with {@code path}. */
	public static String about(Path path, String message) {
		return message.startsWith(path.toString()) ? message : path + ": " + message;
	}

}
