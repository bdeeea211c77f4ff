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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private directory (mode 0700, owned by this user, not a symlink) holding the generated shared
 * objects. Files are content-addressed, created by an exclusive write of a temporary file and an
 * atomic rename, and never rewritten in place (another JVM may have them mapped). Each process
 * holds a lease file per library it maps; at exit it drops its leases and deletes the libraries no
 * live process leases any more. Stale leases of dead processes are swept when the directory is
 * opened. All of this runs under an exclusive lock on {@code .lock}, so JVMs sharing the
 * directory never delete a file another one is about to map.
 */
public final class LibraryDirectory {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> READ_EXECUTE = PosixFilePermissions.fromString("r-x------");

	/** Names we create: validated identifiers and hex hashes only. */
	private static final Pattern LIBRARY_NAME = Pattern.compile("usdt-[A-Za-z_][A-Za-z0-9_]*-[0-9a-f]{16}\\.so");

	private static final Pattern LEASE_NAME = Pattern.compile("(.+\\.so)\\.(\\d+)\\.lease");

	private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.so\\.(\\d+)\\.tmp");

	private static final Map<Path, LibraryDirectory> OPEN = new ConcurrentHashMap<>();

	private final Path path;

	private final long pid = ProcessHandle.current().pid();

	private final Set<String> leased = ConcurrentHashMap.newKeySet();

	private final int uid;

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
		LibraryDirectory directory = OPEN.computeIfAbsent(absolute, (key) -> {
			LibraryDirectory created = new LibraryDirectory(key, uid);
			Runtime.getRuntime().addShutdownHook(new Thread(created::releaseAll, "usdt-library-cleanup"));
			return created;
		});
		directory.sweepStale();
		return directory;
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
		if (!LIBRARY_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a library name this runtime writes: " + name);
		}
		return locked(() -> {
			Path target = this.path.resolve(name);
			if (!hasContent(target, content)) {
				Files.deleteIfExists(target);
				Path temporary = this.path.resolve("." + name + "." + this.pid + ".tmp");
				Files.deleteIfExists(temporary);
				try (SeekableByteChannel channel = Files.newByteChannel(temporary,
						EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						PosixFilePermissions.asFileAttribute(READ_EXECUTE))) {
					ByteBuffer bytes = ByteBuffer.wrap(content);
					while (bytes.hasRemaining()) {
						channel.write(bytes);
					}
				}
				moveAtomically(temporary, target);
			}
			Path lease = this.path.resolve(name + "." + this.pid + ".lease");
			if (!Files.exists(lease, LinkOption.NOFOLLOW_LINKS)) {
				Files.createFile(lease, PosixFilePermissions.asFileAttribute(READ_WRITE));
			}
			this.leased.add(name);
			return target;
		});
	}

	/** Drops this process's leases and deletes libraries no live process leases. Called at exit. */
	public void releaseAll() {
		try {
			locked(() -> {
				for (String name : this.leased) {
					Files.deleteIfExists(this.path.resolve(name + "." + this.pid + ".lease"));
				}
				this.leased.clear();
				deleteUnleased();
				return null;
			});
		}
		catch (IOException ex) {
			// Exit path: a leftover file is swept by the next process that opens the directory
		}
	}

	/** Removes leases and temporary files of processes that no longer run, then unleased libraries. */
	void sweepStale() throws IOException {
		locked(() -> {
			for (Path file : list()) {
				String fileName = file.getFileName().toString();
				Matcher lease = LEASE_NAME.matcher(fileName);
				Matcher temporary = TEMP_NAME.matcher(fileName);
				if ((lease.matches() && !isAlive(lease.group(2))) || (temporary.matches() && !isAlive(temporary.group(1)))) {
					Files.deleteIfExists(file);
				}
			}
			deleteUnleased();
			return null;
		});
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

	private static boolean isAlive(String pid) {
		try {
			return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (NumberFormatException ex) {
			return false;
		}
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
			try (FileChannel channel = FileChannel.open(this.path.resolve(".lock"),
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(READ_WRITE)); FileLock lock = channel.lock()) {
				return action.run();
			}
		}
	}

	@FunctionalInterface
	private interface IoAction<T> {

		T run() throws IOException;

	}

}
