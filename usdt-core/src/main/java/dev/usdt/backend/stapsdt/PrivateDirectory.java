package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.usdt.nativeaccess.PosixFiles;

/**
 * The library directory as a directory: created {@code 0700}, checked before every change to be a
 * real directory (not a symlink) of this user that no one else can write, and held with a shared
 * BSD lock for as long as this JVM uses it, which keeps {@code systemd-tmpfiles} out of it
 * (docs/file-lifecycle.md §3). Callers synchronize on their {@link LibraryDirectory}.
 */
final class PrivateDirectory {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private final Path path;

	private final int uid;

	/** The directory, opened and share-locked for as long as this JVM uses it; -1 if not held. */
	private int held = -1;

	private Object heldInode;

	PrivateDirectory(Path path, int uid) {
		this.path = path;
		this.uid = uid;
	}

	/** Creates {@code path} (and, if asked, its parents) {@code 0700} unless something is there already. */
	static void createIfAbsent(Path path, boolean parents) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			if (parents) {
				Files.createDirectories(path.getParent());
			}
			try {
				Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently (another JVM): checked like any existing directory
			}
		}
	}

	/**
	 * Checks that the directory is safe to write into.
	 * @throws IOException with the reason when it is not: a symlink, another owner, group or other
	 * permissions, or not a directory
	 */
	static void check(Path directory, int uid) throws IOException {
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

	void check() throws IOException {
		check(this.path, this.uid);
	}

	/**
	 * Holds a shared BSD lock on the directory (again, if it was replaced since): the cleaner skips
	 * a subdirectory it cannot lock exclusively, and shared locks let every JVM using it hold one.
	 */
	void hold() throws IOException {
		Object inode = Files.readAttributes(this.path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
		if (this.held >= 0 && inode.equals(this.heldInode)) {
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
		release();
		this.held = fd;
		this.heldInode = inode;
	}

	/** Drops the lock, so no open file keeps the directory's filesystem busy. */
	void release() {
		if (this.held >= 0) {
			PosixFiles.close(this.held);
			this.held = -1;
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
