package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.usdt.scheduling.UsdtScheduler;

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
 * {@link #checkNow()} is the whole job, run every {@link #CHECK_INTERVAL} on the
 * {@link UsdtScheduler} while some provider uses a library here.
 */
final class LibraryRestorer {

	/** Noticed within this, put back right after: well inside a second. */
	static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

	static final String TASK_NAME = "usdt-library-restorer";

	private static final System.Logger logger = System.getLogger(LibraryRestorer.class.getName());

	private final LibraryDirectory directory;

	private final List<MappedLibrary> libraries = new CopyOnWriteArrayList<>();

	/** How many registered providers use each library; the trampoline counts as used while any other is. */
	private final Map<MappedLibrary, Integer> users = new ConcurrentHashMap<>();

	/** The reason last logged per library that could not be put back; absent while all is well. */
	private final Map<MappedLibrary, String> problems = new ConcurrentHashMap<>();

	private static final Map<LibraryDirectory, LibraryRestorer> BY_DIRECTORY = new ConcurrentHashMap<>();

	private UsdtScheduler.Task task;

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
		if (library(library.name()) == null) {
			this.libraries.add(library);
		}
		if (!library.hasProbes()) {
			// The trampoline: kept on disk while any provider's library is
			return;
		}
		Integer users = this.users.get(library);
		this.users.put(library, (users != null) ? users + 1 : 1);
		if (this.task == null) {
			this.task = UsdtScheduler.shared().schedule(TASK_NAME, CHECK_INTERVAL, this::checkNow);
		}
	}

	/** A provider using the library was closed: once nobody uses it, it is no longer put back. */
	synchronized void unwatch(MappedLibrary library) {
		Integer users = this.users.get(library);
		if (users != null && users > 1) {
			this.users.put(library, users - 1);
		}
		else {
			this.users.remove(library);
		}
		if (this.users.isEmpty() && this.task != null) {
			// Nothing to keep on disk: an idle process wakes for nothing
			this.task.cancel();
			this.task = null;
		}
		if (this.exiting && this.users.isEmpty()) {
			this.directory.releaseAll();
		}
	}

	/** How many libraries are watched (each once, however many runtimes load it). */
	int watchedCount() {
		return this.libraries.size();
	}

	/**
	 * A provider was just registered from {@code registered}: every other library of this JVM with
	 * probes of that provider, which no provider uses any more, leaves the disk unless another JVM
	 * leases it. It stays mapped, and {@code bpftrace -p} would merge its probe sites with the new
	 * ones (docs/file-lifecycle.md §5).
	 */
	static void discardUnusedOthers(String provider, MappedLibrary registered) {
		for (LibraryRestorer restorer : BY_DIRECTORY.values()) {
			restorer.discardUnused(provider, registered);
		}
	}

	private synchronized void discardUnused(String provider, MappedLibrary registered) {
		for (MappedLibrary library : this.libraries) {
			if (library != registered && library.isOf(provider) && !isUsed(library) && library.isOnDisk()
					&& !this.directory.isReleased()) {
				try {
					this.directory.discard(library.name());
				}
				catch (IOException ex) {
					logger.log(Level.DEBUG, "Cannot remove unused USDT probe library " + library.path() + ": "
							+ ex.getMessage());
				}
			}
		}
	}

	/**
	 * The other libraries of {@code provider} this JVM maps that a provider still uses: a second
	 * registration of that name with other probes, by another runtime of this JVM.
	 */
	static List<Path> usedOthers(String provider, MappedLibrary registered) {
		List<Path> others = new ArrayList<>();
		for (LibraryRestorer restorer : BY_DIRECTORY.values()) {
			restorer.addUsedOthers(provider, registered, others);
		}
		return others;
	}

	private synchronized void addUsedOthers(String provider, MappedLibrary registered, List<Path> others) {
		for (MappedLibrary library : this.libraries) {
			if (library != registered && library.isOf(provider) && isUsed(library)) {
				others.add(library.path());
			}
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
			if (this.task != null) {
				this.task.cancel();
				this.task = null;
			}
			return;
		}
		boolean anyProbes = false;
		for (MappedLibrary library : this.libraries) {
			if (library.hasProbes() && isUsed(library)) {
				anyProbes = true;
				break;
			}
		}
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
		// The trampoline has no probes: putting it back only keeps the directory consistent
		Level level = library.hasProbes() ? Level.WARNING : Level.DEBUG;
		if (!library.isOnDisk() && !this.problems.containsKey(library)) {
			logger.log(level, "USDT probe library " + library.path() + " (" + library.owner()
					+ ") is no longer on disk as the file this process maps (removed by rm or a tmp cleaner?): "
					+ "tracers attaching by path or with -p " + ProcessHandle.current().pid()
					+ " cannot see its probes. Putting the same file back at the same path.");
			this.problems.put(library, "");
		}
		try {
			this.directory.restore(library.name(), library.content(), library::remapTo);
			if (this.problems.remove(library) != null) {
				logger.log(library.hasProbes() ? Level.INFO : Level.DEBUG, "USDT probe library " + library.path()
						+ " is back on disk and mapped; its probes are traceable again");
			}
		}
		catch (IOException | RuntimeException ex) {
			String reason = String.valueOf(ex.getMessage());
			if (!reason.equals(this.problems.put(library, reason))) {
				logger.log(level, "Cannot put USDT probe library " + library.path() + " back: " + reason
						+ ". Its probes keep firing, but tracers cannot attach to them until it is back; retrying every "
						+ CHECK_INTERVAL.toMillis() + " ms");
			}
		}
	}

}
