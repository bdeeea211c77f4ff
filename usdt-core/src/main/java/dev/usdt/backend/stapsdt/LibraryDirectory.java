package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.usdt.nativeaccess.PosixFiles;

/**
 * A private directory (mode 0700, owned by this user, not a symlink) holding the generated shared
 * objects. Files are content-addressed, created by an exclusive write of a temporary file and an
 * atomic rename, and never rewritten in place (another JVM may have them mapped). Each JVM holds a
 * locked {@link LibraryLease} per library it maps; at exit it drops its leases and deletes the
 * libraries no live JVM leases any more, in whatever PID namespace it runs. Leases nobody holds and
 * leftover temporary files are swept when the directory is opened. All of this runs under an
 * exclusive lock on {@code .lock}, so JVMs sharing the directory never delete a file another one
 * is about to map.
 *
 * <p>
 * Against age-based cleaners ({@code systemd-tmpfiles}, see {@code docs/file-lifecycle.md §3})
 * every file here has the sticky bit, and each JVM holds a shared BSD lock on the directory itself
 * for as long as it uses it.
 */
public final class LibraryDirectory {

	private static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");

	/** r-x------ and sticky: age-based cleaners skip sticky files (docs/file-lifecycle.md §3). */
	private static final int LIBRARY_MODE = PosixFiles.STICKY | 0500;

	private static final int LOCK_FILE_MODE = PosixFiles.STICKY | 0600;

	/** Names we create: validated identifiers and hex hashes only. */
	private static final Pattern LIBRARY_NAME = Pattern.compile("usdt-[A-Za-z_][A-Za-z0-9_]*-[0-9a-f]{16}\\.so");

	/** {@code <library>.<token>.lease}; older versions used the bare pid as the token. */
	private static final Pattern LEASE_NAME = Pattern.compile("(.+\\.so)\\.[0-9a-f-]+\\.lease");

	private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.so\\.[0-9a-f-]+\\.tmp");

	private static final Map<Path, LibraryDirectory> OPEN = new ConcurrentHashMap<>();

	private final Path path;

	/** This JVM's lease per library name. */
	private final Map<String, LibraryLease> leases = new ConcurrentHashMap<>();

	private final PrivateDirectory directory;

	private boolean released;

	private LibraryDirectory(Path path, int uid) {
		this.path = path;
		this.directory = new PrivateDirectory(path, uid);
	}

	/**
	 * Opens (creating it 0700 if absent) the directory, after checking it is safe to write into, and
	 * installs its first library there before anything else: {@code loadFirst} loads it, and it
	 * brings the system calls (BSD locks, the sticky bit) that the rest of this class makes, so
	 * until it has run only the JDK's own file calls are used (docs/file-lifecycle.md §1).
	 * @throws IOException with the reason when it is not safe: a symlink, another owner, group or
	 * other permissions, or not a directory
	 */
	public static LibraryDirectory open(Path path, int uid, String firstLibrary, byte[] content, PathAction loadFirst)
			throws IOException {
		return open(path, uid, (opened) -> opened.install(firstLibrary, content, loadFirst, false));
	}

	/** Opens the directory without installing a first library: {@link PosixFiles} is ready already. */
	static LibraryDirectory open(Path path, int uid) throws IOException {
		return open(path, uid, (opened) -> {
		});
	}

	private static LibraryDirectory open(Path path, int uid, DirectoryAction first) throws IOException {
		Path absolute = path.toAbsolutePath().normalize();
		PrivateDirectory.createIfAbsent(absolute, true);
		// Checked on every open, not only the first: the directory may have been replaced since
		PrivateDirectory.check(absolute, uid);
		LibraryDirectory existing = OPEN.get(absolute);
		if (existing != null) {
			first.run(existing);
			return existing;
		}
		// Released at exit by its LibraryRestorer, once no provider uses it
		LibraryDirectory directory = new LibraryDirectory(absolute, uid);
		LibraryDirectory raced = OPEN.putIfAbsent(absolute, directory);
		if (raced != null) {
			first.run(raced);
			return raced;
		}
		first.run(directory);
		directory.sweepStale();
		// A .lock created above, or left by an older version, lacks the sticky bit: a cleaner removing
		// it while one JVM holds it would let a second JVM lock a new one at the same time
		PosixFiles.chmod(absolute.resolve(".lock"), LOCK_FILE_MODE);
		return directory;
	}

	/**
	 * Makes sure the directory exists as a private directory again (a cleaner or {@code rm -r} may
	 * have removed it) and that this JVM holds its shared lock.
	 * @throws IOException with the reason when it cannot: for example a symlink now in its place
	 */
	void recreate() throws IOException {
		PrivateDirectory.createIfAbsent(this.path, false);
		synchronized (this) {
			this.directory.check();
			this.directory.hold();
		}
	}

	public Path path() {
		return this.path;
	}

	/**
	 * Makes sure {@code name} holds exactly {@code content} and leases it for this process.
	 * @return the library's path
	 */
	public Path install(String name, byte[] content) throws IOException {
		return install(name, content, (target) -> {
		});
	}

	/**
	 * Like {@link #install(String, byte[])}, running {@code whileLocked} on the file before any other
	 * JVM may change the directory.
	 */
	Path install(String name, byte[] content, PathAction whileLocked) throws IOException {
		return install(name, content, whileLocked, true);
	}

	/**
	 * @param natives whether the system calls of {@link PosixFiles} may be made before
	 * {@code whileLocked} has run (not while the first library, which brings them, is installed)
	 */
	private Path install(String name, byte[] content, PathAction whileLocked, boolean natives) throws IOException {
		if (!LIBRARY_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a library name this runtime writes: " + name);
		}
		return locked(natives, () -> {
			Path target = this.path.resolve(name);
			boolean written = !hasContent(target, content);
			if (written) {
				write(name, content);
			}
			try {
				whileLocked.run(target);
			}
			catch (Throwable ex) {
				if (written) {
					// Not mapped (a noexec mount): a tracer attaching by path would find a file
					// nobody fires, and a cleaner a file without the sticky bit
					Files.deleteIfExists(target);
				}
				throw ex;
			}
			// Also when it was there: an older version wrote libraries without the sticky bit
			PosixFiles.chmod(target, LIBRARY_MODE);
			LibraryLease lease = this.leases.get(name);
			if (lease == null || !lease.isOnDisk()) {
				// A lease removed under this JVM no longer tells others the library is in use
				this.leases.put(name, LibraryLease.take(target));
				if (lease != null) {
					lease.drop();
				}
			}
			return target;
		});
	}

	/**
	 * This JVM no longer uses {@code name}: drops its lease and deletes the library unless another
	 * live JVM leases it. It stays mapped here, but tracers must not find its probes any more, or
	 * they would mix them with those of a provider registered again under the same name
	 * ({@code docs/file-lifecycle.md §5}).
	 */
	void discard(String name) throws IOException {
		locked(() -> {
			LibraryLease lease = this.leases.remove(name);
			if (lease != null) {
				lease.drop();
			}
			sweepUnheld();
			return null;
		});
	}

	/**
	 * Puts {@code name} back with exactly {@code content} after it (or the whole directory) was
	 * removed, and runs {@code whileLocked} on it before any other JVM may change the directory.
	 * @throws IOException if the directory cannot be recreated safely or the file not written
	 */
	Path restore(String name, byte[] content, PathAction whileLocked) throws IOException {
		recreate();
		return install(name, content, whileLocked);
	}

	private void write(String name, byte[] content) throws IOException {
		Path target = this.path.resolve(name);
		Files.deleteIfExists(target);
		Path temporary = this.path.resolve("." + name + "." + LibraryLease.TOKEN + ".tmp");
		Files.deleteIfExists(temporary);
		try {
			try (SeekableByteChannel channel = Files.newByteChannel(temporary,
					EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
					PosixFilePermissions.asFileAttribute(READ_WRITE))) {
				ByteBuffer bytes = ByteBuffer.wrap(content);
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
			}
			// Read-only and sticky once renamed: install() changes the mode with a system call
			moveAtomically(temporary, target);
		}
		catch (IOException ex) {
			// A full disk leaves a partial file behind: never let it be mistaken for a library
			Files.deleteIfExists(temporary);
			throw ex;
		}
	}

	/** Whether this JVM's lease on {@code name} is on disk as the file it holds locked. */
	boolean isLeaseOnDisk(String name) {
		LibraryLease lease = this.leases.get(name);
		return lease != null && lease.isOnDisk();
	}

	/**
	 * Drops this JVM's leases and deletes the libraries no live JVM leases. Called at exit, after
	 * which nothing is put back any more.
	 */
	public void releaseAll() {
		try {
			locked(() -> {
				this.released = true;
				for (LibraryLease lease : this.leases.values()) {
					lease.drop();
				}
				this.leases.clear();
				sweepUnheld();
				return null;
			});
		}
		catch (IOException ex) {
			// Exit path: a leftover file is swept by the next JVM that opens the directory
		}
	}

	/**
	 * Gives up a directory that turned out unusable (mounted noexec, say): drops this JVM's leases
	 * and its lock on the directory, and forgets it, so no open file keeps its filesystem busy.
	 */
	void abandon() {
		releaseAll();
		synchronized (this) {
			this.directory.release();
		}
		OPEN.remove(this.path, this);
	}

	/** Whether {@link #releaseAll} has run: the JVM is exiting and its libraries may go. */
	synchronized boolean isReleased() {
		return this.released;
	}

	/** Removes leases no live JVM holds and leftover temporary files, then unleased libraries. */
	void sweepStale() throws IOException {
		locked(() -> {
			sweepUnheld();
			return null;
		});
	}

	private void sweepUnheld() throws IOException {
		for (Path file : list()) {
			String fileName = file.getFileName().toString();
			// Temporary files exist only while their writer holds .lock, which the caller now holds
			if ((LEASE_NAME.matcher(fileName).matches() && !LibraryLease.isHeld(file))
					|| TEMP_NAME.matcher(fileName).matches()) {
				Files.deleteIfExists(file);
			}
		}
		deleteUnleased();
	}

	private void deleteUnleased() throws IOException {
		List<Path> files = list();
		for (Path file : files) {
			String fileName = file.getFileName().toString();
			if (LIBRARY_NAME.matcher(fileName).matches() && !hasLease(files, fileName)) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static boolean hasLease(List<Path> files, String libraryName) {
		for (Path other : files) {
			if (other.getFileName().toString().startsWith(libraryName + ".")) {
				return true;
			}
		}
		return false;
	}

	private List<Path> list() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.path)) {
			for (Path file : stream) {
				files.add(file);
			}
		}
		return files;
	}

	private boolean hasContent(Path file, byte[] content) throws IOException {
		try {
			PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			return attributes.isRegularFile() && attributes.size() == content.length
					&& Arrays.equals(Files.readAllBytes(file), content);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

	private static void moveAtomically(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.deleteIfExists(source);
			throw new IOException("Cannot rename atomically in " + target.getParent(), ex);
		}
	}

	private <T> T locked(IoAction<T> action) throws IOException {
		return locked(true, action);
	}

	/** @param natives as for {@link #install(String, byte[], PathAction, boolean)} */
	private <T> T locked(boolean natives, IoAction<T> action) throws IOException {
		// FileLock excludes other processes; the monitor excludes other threads of this one
		synchronized (this) {
			// Again before every change: a directory removed (tmp cleaners) and replaced by
			// someone else's symlink since it was opened must not be written or swept through
			this.directory.check();
			if (natives) {
				this.directory.hold();
			}
			Path lockFile = this.path.resolve(".lock");
			if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
				createLockFile(lockFile, natives);
			}
			try (FileChannel channel = FileChannel.open(lockFile,
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(READ_WRITE)); FileLock lock = channel.lock()) {
				return action.run();
			}
		}
	}

	private static void createLockFile(Path lockFile, boolean natives) throws IOException {
		try {
			if (natives) {
				PosixFiles.close(PosixFiles.create(lockFile, LOCK_FILE_MODE));
			}
			else {
				// CREATE_NEW never follows a symlink; open() adds the sticky bit once it can
				Files.newByteChannel(lockFile, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						PosixFilePermissions.asFileAttribute(READ_WRITE)).close();
			}
		}
		catch (IOException ex) {
			if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
				throw ex;
			}
			// created concurrently by another JVM
		}
	}

	/** Something done to a library file while the directory is locked. */
	@FunctionalInterface
	interface PathAction {

		void run(Path file) throws IOException;

	}

	@FunctionalInterface
	private interface DirectoryAction {

		void run(LibraryDirectory directory) throws IOException;

	}

	@FunctionalInterface
	private interface IoAction<T> {

		T run() throws IOException;

	}

}
