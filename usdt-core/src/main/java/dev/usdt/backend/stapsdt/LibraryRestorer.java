package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps every library this process maps on disk as the file it maps. If one disappears anyway
 * ({@code rm}, a cleaner that ignores the sticky bit, the whole directory removed), it logs one
 * WARN naming the path and what it breaks, writes the same bytes back to the same path and maps
 * the new file at the old addresses ({@link MappedLibrary#remapTo}), so tracers attaching by path
 * or by pid see new fires again. Until that works (a full disk, a symlink planted where the
 * directory was) it retries every {@link #CHECK_INTERVAL} and says why once per distinct reason;
 * the probes keep firing into the old mapping meanwhile. Stops for good once the directory has
 * been released at exit. See {@code docs/file-lifecycle.md §4}.
 *
 * <p>
 * There is one per library directory, and it decides when the directory is released at exit: not
 * while a registered provider still uses a library (a Spring context closes its runtime only
 * after the web server has drained), but as soon as the last one is closed, or at once if none is
 * open when the JVM begins to exit. See {@code docs/file-lifecycle.md §5}.
 *
 * <p>
 * {@link #checkNow()} is the whole job; the daemon thread here only calls it periodically, so a
 * shared scheduler can take that over.
 */
final class LibraryRestorer {

	/** Noticed within this, put back right after: well inside a second. */
	static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

	private static final System.Logger logger = System.getLogger(LibraryRestorer.class.getName());

	private final LibraryDirectory directory;

	private final List<MappedLibrary> libraries = new CopyOnWriteArrayList<>();

	/** How many registered providers use each library; the trampoline counts as used while any other is. */
	private final Map<MappedLibrary, Integer> users = new ConcurrentHashMap<>();

	/** The reason last logged per library that could not be put back; absent while all is well. */
	private final Map<MappedLibrary, String> problems = new ConcurrentHashMap<>();

	private static final Map<LibraryDirectory, LibraryRestorer> BY_DIRECTORY = new ConcurrentHashMap<>();

	private Thread thread;

	private boolean exiting;

	private LibraryRestorer(LibraryDirectory directory) {
		this.directory = directory;
	}

	/** The one restorer of {@code directory}, which releases it at exit once no provider uses it. */
	static LibraryRestorer of(LibraryDirectory directory) {
		return BY_DIRECTORY.computeIfAbsent(directory, (key) -> {
			LibraryRestorer created = new LibraryRestorer(key);
			Runtime.getRuntime().addShutdownHook(new Thread(created::exit, "usdt-library-cleanup"));
			return created;
		});
	}

	/** The JVM is exiting: release the directory now, or when the last provider using it closes. */
	synchronized void exit() {
		this.exiting = true;
		if (this.users.isEmpty()) {
			this.directory.releaseAll();
		}
	}

	/**
	 * Keeps a library on disk from now on, until as many {@link #unwatch} calls: one per provider
	 * using it. Registering the same file again maps it once, so one watch serves every use.
	 */
	synchronized void watch(MappedLibrary library) {
		if (!this.libraries.contains(library)) {
			this.libraries.add(library);
		}
		if (!library.hasProbes()) {
			// The trampoline: kept on disk while any provider's library is
			return;
		}
		this.users.merge(library, 1, Integer::sum);
		if (this.thread == null) {
			this.thread = new Thread(this::run, "usdt-library-restorer");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	/** A provider using the library was closed: once nobody uses it, it is no longer put back. */
	synchronized void unwatch(MappedLibrary library) {
		this.users.computeIfPresent(library, (key, count) -> (count > 1) ? count - 1 : null);
		if (this.exiting && this.users.isEmpty()) {
			this.directory.releaseAll();
		}
	}

	/** The watched library of that name, if any. */
	MappedLibrary library(String name) {
		for (MappedLibrary library : this.libraries) {
			if (library.name().equals(name)) {
				return library;
			}
		}
		return null;
	}

	/** Checks every library once and puts back what is missing. */
	synchronized void checkNow() {
		if (this.directory.isReleased()) {
			return;
		}
		boolean anyProbes = this.libraries.stream().anyMatch((library) -> library.hasProbes() && isUsed(library));
		for (MappedLibrary library : this.libraries) {
			boolean needed = library.hasProbes() ? isUsed(library) : anyProbes;
			if (!needed || (library.isOnDisk() && this.directory.isLeaseOnDisk(library.name()))) {
				continue;
			}
			restore(library);
		}
	}

	private boolean isUsed(MappedLibrary library) {
		return this.users.containsKey(library);
	}

	private void restore(MappedLibrary library) {
		boolean missing = !library.isOnDisk();
		if (missing && !this.problems.containsKey(library)) {
			// The trampoline has no probes: putting it back only keeps the directory consistent
			logger.log(library.hasProbes() ? Level.WARNING : Level.DEBUG, "USDT probe library " + library.path() + " (" + library.owner()
					+ ") is no longer on disk as the file this process maps (removed by rm or a tmp cleaner?): "
					+ "tracers attaching by path or with -p " + ProcessHandle.current().pid()
					+ " cannot see its probes. Putting the same file back at the same path.");
			this.problems.put(library, "");
		}
		try {
			this.directory.restore(library.name(), library.content(), library::remapTo);
			if (this.problems.remove(library) != null) {
				logger.log(library.hasProbes() ? Level.INFO : Level.DEBUG, "USDT probe library " + library.path() + " is back on disk and mapped; "
						+ "its probes are traceable again");
			}
		}
		catch (IOException | RuntimeException ex) {
			String reason = String.valueOf(ex.getMessage());
			if (!reason.equals(this.problems.put(library, reason))) {
				logger.log(library.hasProbes() ? Level.WARNING : Level.DEBUG, "Cannot put USDT probe library " + library.path() + " back: " + reason
						+ ". Its probes keep firing, but tracers cannot attach to them until it is back; retrying every "
						+ CHECK_INTERVAL.toMillis() + " ms");
			}
		}
	}

	private void run() {
		while (!this.directory.isReleased()) {
			synchronized (this) {
				if (this.users.isEmpty()) {
					// Nothing to keep: the next watch starts a new thread
					this.thread = null;
					return;
				}
			}
			LockSupport.parkNanos(this, CHECK_INTERVAL.toNanos());
			try {
				checkNow();
			}
			catch (RuntimeException ex) {
				// Never let the watcher die: the next round tries again
				logger.log(Level.DEBUG, "USDT library check failed", ex);
			}
		}
	}

}
