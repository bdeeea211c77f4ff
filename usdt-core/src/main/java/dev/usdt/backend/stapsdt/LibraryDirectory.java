package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

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

	private final int uid;

	/** The directory, opened and share-locked for as long as this JVM uses it; -1 if not held. */
	private int heldDirectory = -1;

	private Object heldInode;

	private boolean released;

	private LibraryDirectory(Path path, int uid) {
		this.path = path;
		this.uid = uid;
	}

	/**
	 * Opens (creating it 0700 if absent) the directory, after checking it is safe to write into.
	 * @throws IOException with the reason when it is not: a symlink, another owner, group or
	 * other permissions, or not a directory
	 */
	public static LibraryDirectory open(Path path, int uid) throws IOException {
		Path absolute = path.toAbsolutePath().normalize();
		if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
			Files.createDirectories(absolute.getParent());
			try {
				Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently: checked below like any existing directory
			}
		}
		// Checked on every open, not only the first: the directory may have been replaced since
		checkPrivate(absolute, uid);
		LibraryDirectory existing = OPEN.get(absolute);
		if (existing != null) {
			return existing;
		}
		// Released at exit by its LibraryRestorer, once no provider uses it
		LibraryDirectory directory = OPEN.computeIfAbsent(absolute, (key) -> new LibraryDirectory(key, uid));
		directory.sweepStale();
		// A .lock left by an older version lacks the sticky bit: a cleaner removing it while one JVM
		// holds it would let a second JVM lock a new one at the same time
		PosixFiles.chmod(absolute.resolve(".lock"), LOCK_FILE_MODE);
		return directory;
	}

	/**
	 * Makes sure the directory exists as a private directory again (a cleaner or {@code rm -r} may
	 * have removed it) and that this JVM holds its shared lock.
	 * @throws IOException with the reason when it cannot: for example a symlink now in its place
	 */
	void recreate() throws IOException {
		if (!Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
			try {
				Files.createDirectory(this.path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently by another JVM: checked below
			}
		}
		checkPrivate(this.path, this.uid);
		synchronized (this) {
			holdDirectory();
		}
	}

	/**
	 * Holds a shared BSD lock on the directory: {@code systemd-tmpfiles} skips a subdirectory it
	 * cannot lock exclusively, and shared locks let every JVM using the directory hold one.
	 */
	private void holdDirectory() throws IOException {
		Object inode = Files.readAttributes(this.path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
		if (this.heldDirectory >= 0 && inode.equals(this.heldInode)) {
			return;
		}
		int fd = PosixFiles.openDirectory(this.path);
		// A cleaner holds its exclusive lock only while it scans: try again a few times
		for (int attempt = 0; !PosixFiles.tryLock(fd, false); attempt++) {
			if (attempt == 20) {
				PosixFiles.close(fd);
				throw new IOException(this.path + " stays locked exclusively by another process");
			}
			sleepBriefly();
		}
		if (this.heldDirectory >= 0) {
			PosixFiles.close(this.heldDirectory);
		}
		this.heldDirectory = fd;
		this.heldInode = inode;
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void checkPrivate(Path directory, int uid) throws IOException {
		PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (attributes.isSymbolicLink()) {
			throw new IOException(directory + " is a symbolic link; refusing to write probe libraries through it");
		}
		if (!attributes.isDirectory()) {
			throw new IOException(directory + " is not a directory");
		}
		Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		if (!(owner instanceof Integer ownerUid) || ownerUid != uid) {
			throw new IOException(directory + " is owned by uid " + owner + ", not by this user (uid " + uid + ")");
		}
		if (!attributes.permissions().equals(OWNER_ONLY)) {
			throw new IOException(directory + " has mode " + PosixFilePermissions.toString(attributes.permissions())
					+ "; it must be rwx------ (0700) so no other user can plant or replace a library");
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
		if (!LIBRARY_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a library name this runtime writes: " + name);
		}
		return locked(() -> {
			Path target = this.path.resolve(name);
			if (!hasContent(target, content)) {
				write(name, content);
			}
			else {
				// Written by an older version without the sticky bit, which cleaners honour
				PosixFiles.chmod(target, LIBRARY_MODE);
			}
			whileLocked.run(target);
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
			PosixFiles.chmod(temporary, LIBRARY_MODE);
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
			if (this.heldDirectory >= 0) {
				PosixFiles.close(this.heldDirectory);
				this.heldDirectory = -1;
			}
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
			if (LIBRARY_NAME.matcher(fileName).matches()
					&& files.stream().noneMatch((other) -> other.getFileName().toString().startsWith(fileName + "."))) {
				Files.deleteIfExists(file);
			}
		}
	}

	private List<Path> list() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.path)) {
			stream.forEach(files::add);
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
		// FileLock excludes other processes; the monitor excludes other threads of this one
		synchronized (this) {
			// Again before every change: a directory removed (tmp cleaners) and replaced by
			// someone else's symlink since it was opened must not be written or swept through
			checkPrivate(this.path, this.uid);
			holdDirectory();
			Path lockFile = this.path.resolve(".lock");
			if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
				createLockFile(lockFile);
			}
			try (FileChannel channel = FileChannel.open(lockFile,
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(READ_WRITE)); FileLock lock = channel.lock()) {
				return action.run();
			}
		}
	}

	private static void createLockFile(Path lockFile) throws IOException {
		try {
			PosixFiles.close(PosixFiles.create(lockFile, LOCK_FILE_MODE));
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
	private interface IoAction<T> {

		T run() throws IOException;

	}

}
