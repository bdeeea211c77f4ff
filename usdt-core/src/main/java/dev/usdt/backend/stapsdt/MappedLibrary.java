package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.usdt.nativeaccess.MappedRegions;
import dev.usdt.nativeaccess.MappedRegions.FileIdentity;
import dev.usdt.nativeaccess.PosixFiles;
import dev.usdt.nativeaccess.SharedObject;

/**
 * A library this process maps, and what it takes to put it back: its name and bytes, where its
 * semaphores are (the kernel counts tracers in them, so they are never copied from an old mapping)
 * and which file (device and inode) is mapped now.
 */
final class MappedLibrary {

	private final String name;

	private final byte[] content;

	private final Path path;

	private final String owner;

	private final long semaphores;

	private final int semaphoresLength;

	private volatile FileIdentity mapped;

	/**
	 * @param owner who uses the library, for log lines: {@code provider orders} or {@code the stub
	 * trampoline}
	 * @param semaphores address of the first semaphore, 0 if there are none
	 * @param library the loaded library
	 */
	MappedLibrary(String name, byte[] content, Path path, String owner, long semaphores, int semaphoresLength,
			SharedObject library) throws IOException {
		this.name = name;
		this.content = content;
		this.path = path;
		this.owner = owner;
		this.semaphores = semaphores;
		this.semaphoresLength = semaphoresLength;
		this.mapped = library.mappedFile();
		pin(path, this.mapped);
	}

	/**
	 * Keeps the file that was loaded open for as long as the JVM runs. The dynamic linker knows the
	 * library by that file's device and inode, and hands its handle to any file it is asked to load
	 * with the same ones; once a put-back ({@link #remapTo}) released the old file, a new library
	 * given its recycled inode would be taken for this one.
	 */
	private static void pin(Path path, FileIdentity mapped) throws IOException {
		int fd = PosixFiles.openForReading(path);
		if (!FileIdentity.of(path).equals(Optional.of(mapped))) {
			// Replaced since it was loaded: the descriptor would hold another file
			PosixFiles.close(fd);
		}
	}

	String name() {
		return this.name;
	}

	byte[] content() {
		return this.content;
	}

	Path path() {
		return this.path;
	}

	/** Whether this is a library of {@code provider} (named {@code usdt-<provider>-<hash>.so}). */
	boolean isOf(String provider) {
		return hasProbes() && this.name.startsWith("usdt-" + provider + "-");
	}

	boolean hasProbes() {
		return this.semaphoresLength > 0;
	}

	String owner() {
		return this.owner;
	}

	/**
	 * Whether the file at {@link #path()} is the very file this process maps, so that a tracer
	 * attaching by path (or with {@code -p}, which finds the path in {@code /proc/PID/maps}) reaches
	 * this process's probes. Checked live: one {@code lstat}.
	 */
	boolean isOnDisk() {
		Optional<FileIdentity> now = FileIdentity.of(this.path);
		return now.isPresent() && now.get().equals(this.mapped);
	}

	/**
	 * Maps {@code file} (a copy of this library just checked under the directory lock) at the
	 * addresses of the current mapping, in place of it.
	 */
	void remapTo(Path file) throws IOException {
		MappedRegions regions = MappedRegions.of(this.mapped);
		Optional<FileIdentity> replacement = FileIdentity.of(file);
		if (replacement.isEmpty() || replacement.get().equals(this.mapped)) {
			return;
		}
		LibraryRemapper.replace(regions, file, this.content.length, this.semaphores, this.semaphoresLength);
		this.mapped = replacement.get();
	}

}
