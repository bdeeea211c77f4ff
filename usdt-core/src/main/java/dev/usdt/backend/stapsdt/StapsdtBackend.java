package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.usdt.backend.Backend;
import dev.usdt.backend.BackendException;
import dev.usdt.backend.FileErrors;
import dev.usdt.backend.LoadedProvider;
import dev.usdt.nativeaccess.ProcessCredentials;
import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.nativeaccess.SharedObject;
import dev.usdt.nativeaccess.SharedObjects;
import dev.usdt.nativeaccess.StubCallers;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * The Linux backend: writes each provider as a small ELF shared object with
 * {@code .note.stapsdt} notes and {@code .probes} semaphores, and {@code dlopen}s it. bpftrace,
 * perf, gdb and SystemTap then find the probes in {@code /proc/PID/maps}.
 *
 * <p>
 * Libraries are never {@code dlclose}d: a thread may be inside a stub or reading a semaphore at any
 * moment, and unmapping under it would crash the JVM. Registering the same definition again maps
 * the same file (same content, same name), so repeated register/close cycles do not grow the
 * process's mappings. A library no provider uses any more leaves the disk once the same provider
 * is registered from another library, so that tracers do not mix the two.
 */
public final class StapsdtBackend implements Backend {

	private static final System.Logger logger = System.getLogger(StapsdtBackend.class.getName());

	private final ElfArchitecture architecture;

	/** System property that keeps stub calls on JNA direct mapping instead of JNI ({@code false}). */
	public static final String JNI_PROPERTY = "usdt.jni";

	private final LibraryDirectory directory;

	private final StubCallers callers;

	private final LibraryRestorer restorer;

	private StapsdtBackend(ElfArchitecture architecture, LibraryDirectory directory, StubCallers callers,
			LibraryRestorer restorer) {
		this.architecture = architecture;
		this.directory = directory;
		this.callers = callers;
		this.restorer = restorer;
	}

	/**
	 * Finds a usable library directory among the candidates and loads the stub trampoline from it
	 * (which proves the directory allows executable mappings).
	 * @param configured the configured directory, or {@code null} for the default candidates
	 * @throws BackendException naming every candidate tried and why it failed, and the fix
	 */
	public static StapsdtBackend create(Path configured) throws BackendException {
		Optional<ElfArchitecture> supported = ElfArchitecture.current();
		if (supported.isEmpty()) {
			throw new BackendException("USDT probes on Linux need x86_64 or aarch64, this JVM runs on "
					+ System.getProperty("os.arch"));
		}
		ElfArchitecture architecture = supported.get();
		int uid;
		try {
			uid = ProcessCredentials.realUid();
		}
		catch (UncheckedIOException ex) {
			throw new BackendException("cannot tell which user this process runs as: " + ex.getCause().getMessage(), ex);
		}
		List<String> failures = new ArrayList<>();
		LibraryImage image = new StapsdtLibraryWriter(architecture).trampolineImage();
		String name = libraryName("trampoline", image);
		boolean allowJni = !"false".equalsIgnoreCase(System.getProperty(JNI_PROPERTY, "true").trim());
		for (Path candidate : LibraryDirectoryCandidates.resolve(configured, uid)) {
			LibraryDirectory directory = null;
			try {
				// The trampoline goes first: it brings the system calls the directory needs
				StubCallers[] callers = new StubCallers[1];
				directory = LibraryDirectory.open(candidate, uid, name, image.content(),
						(file) -> callers[0] = StubCallers.load(file, image.symbols(), StapsdtLibraryWriter.NOOP_SYMBOL,
								allowJni));
				Trampoline trampoline = new Trampoline(callers[0], name, image, directory.path().resolve(name));
				LibraryRestorer restorer = LibraryRestorer.of(directory);
				restorer.watch(trampoline.mapped(restorer));
				if (!failures.isEmpty()) {
					// A refused directory may be someone's plant: say so even though a fallback works
					logger.log(Level.WARNING, "USDT probe libraries go to " + directory.path() + "; skipped "
							+ String.join("; ", failures));
				}
				return new StapsdtBackend(architecture, directory, trampoline.callers(), restorer);
			}
			catch (IOException | LinkageError ex) {
				failures.add((ex instanceof IOException fileError) ? FileErrors.describe(candidate, fileError)
						: FileErrors.about(candidate, reason(ex)));
				if (directory != null) {
					// Unusable: keep no lease, lock or open file in it (it may be unmounted)
					directory.abandon();
				}
			}
		}
		throw new BackendException("no usable directory for the generated probe libraries (" + String.join("; ", failures)
				+ "); set usdt.library-dir to a private directory on a filesystem mounted without noexec");
	}

	/** The loaded trampoline library and the stub callers bound from it. */
	private record Trampoline(StubCallers callers, String name, LibraryImage image, Path file) {

		/** The restorer's record of the mapped library: one per JVM, however many runtimes load it. */
		MappedLibrary mapped(LibraryRestorer restorer) throws IOException {
			MappedLibrary known = restorer.library(this.name);
			if (known != null) {
				return known;
			}
			SharedObject library = SharedObjects.open(this.file, this.image.symbols());
			return new MappedLibrary(this.name, this.image.content(), this.file, "the stub trampoline", 0, 0, library);
		}

	}

	@Override
	public String name() {
		return "stapsdt";
	}

	/** Whether stubs are called through JNI; {@code false} means JNA direct mapping (JNI could not bind). */
	public boolean callsThroughJni() {
		return this.callers.jni();
	}

	@Override
	public LoadedProvider load(ProviderDefinition provider) throws BackendException {
		Optional<String> unregistrable = provider.unregistrableReason();
		if (unregistrable.isPresent()) {
			throw new BackendException(unregistrable.get());
		}
		List<ProbeDefinition> fireable = provider.fireableProbes();
		LibraryImage image = new StapsdtLibraryWriter(this.architecture).image(List.of(provider));
		byte[] content = image.content();
		String name = libraryName(provider.name(), image);
		String firstSemaphore = StapsdtLibraryWriter.semaphoreSymbol(provider.name(), fireable.get(0).name());
		Path file;
		SharedObject library;
		MappedLibrary mapped;
		// Under the restorer's monitor: another registration must not remove the library meanwhile
		synchronized (this.restorer) {
			try {
				MappedLibrary known = this.restorer.library(name);
				// Mapped before, closed and removed since: dlopen returns the old handle, so the old
				// mapping must become the file written back (docs/file-lifecycle.md §5)
				file = this.directory.install(name, content, (known != null) ? known::remapTo : (target) -> {
				});
				library = SharedObjects.open(file, image.symbols());
				mapped = known;
				if (mapped == null) {
					long semaphores = library.address(firstSemaphore);
					mapped = new MappedLibrary(name, content, file, "provider " + provider.name(), semaphores,
							2 * fireable.size(), library);
				}
				this.restorer.watch(mapped);
			}
			catch (IOException | LinkageError ex) {
				throw new BackendException("cannot load the probe library of provider " + provider.name() + ": "
						+ reason(ex), ex);
			}
		}
		// A closed library of the same provider, still mapped, would be traced along with this one
		LibraryRestorer.discardUnusedOthers(provider.name(), mapped);
		List<Path> others = LibraryRestorer.usedOthers(provider.name(), mapped);
		if (!others.isEmpty()) {
			// Two cached test contexts with different beans do this without a word from the user
			logger.log(Level.WARNING, "USDT provider " + provider.name() + " is registered twice in this JVM with "
					+ "different probes, from " + file + " and " + others + " (another runtime registered the "
					+ "other): a tracer attaching with -p sees the probe sites of both and may fail to attach; "
					+ "give one of them another provider name");
		}
		Map<String, Integer> offsets = new LinkedHashMap<>();
		Map<String, Long> stubs = new LinkedHashMap<>();
		Map<String, ProbeFunction> functions = new LinkedHashMap<>();
		for (ProbeDefinition probe : fireable) {
			String symbol = StapsdtLibraryWriter.stubSymbol(provider.name(), probe.name());
			offsets.put(probe.name(), 2 * offsets.size());
			stubs.put(probe.name(), library.address(symbol));
			functions.put(probe.name(), this.callers.function(library, symbol));
		}
		// One buffer over all semaphores: they are contiguous u16s in declaration order
		ByteBuffer semaphores = library.buffer(firstSemaphore, 2 * fireable.size());
		return new StapsdtProvider(provider, file, mapped, semaphores, offsets, stubs, functions, this.restorer,
				new AtomicBoolean());
	}

	/**
	 * The loader's own words: JNA's UnsatisfiedLinkError repeats dlerror and appends every class
	 * path entry it searched, which would turn the one WARN into kilobytes; the JDK's puts the path
	 * before dlerror's message, which starts with the same path.
	 */
	static String reason(Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		if (!(failure instanceof LinkageError)) {
			return message;
		}
		Set<String> lines = new LinkedHashSet<>();
		for (String line : message.split("\\R")) {
			if (!line.isBlank() && !line.startsWith("Unable to load library") && !line.startsWith("Native library (")) {
				lines.add(withoutRepeatedPrefix(line.strip()));
			}
		}
		return lines.isEmpty() ? message : String.join("; ", lines);
	}

	/** {@code /x/lib.so: /x/lib.so: failed to map segment} → {@code /x/lib.so: failed to map segment}. */
	private static String withoutRepeatedPrefix(String line) {
		int colon = line.indexOf(": ");
		if (colon > 0 && line.startsWith(line.substring(0, colon + 2), colon + 2)) {
			return line.substring(colon + 2);
		}
		return line;
	}

	/**
	 * {@code usdt-<provider>-<first 16 hex digits of the build-id>.so}: named after its content,
	 * which {@link LibraryDirectory#install} still compares byte for byte before it reuses a file.
	 */
	static String libraryName(String provider, LibraryImage image) {
		return "usdt-" + provider + "-" + image.contentId() + ".so";
	}

	private record StapsdtProvider(ProviderDefinition definition, Path file, MappedLibrary mapped,
			ByteBuffer semaphores, Map<String, Integer> offsets, Map<String, Long> stubs,
			Map<String, ProbeFunction> functions, LibraryRestorer restorer, AtomicBoolean released)
			implements LoadedProvider {

		@Override
		public Optional<Path> library() {
			return Optional.of(this.file);
		}

		@Override
		public boolean isLibraryOnDisk() {
			return this.mapped.isOnDisk();
		}

		@Override
		public int semaphoreOffset(String probeName) {
			return this.offsets.get(probeName);
		}

		@Override
		public long stubAddress(String probeName) {
			return this.stubs.get(probeName);
		}

		@Override
		public ProbeFunction function(String probeName) {
			return this.functions.get(probeName);
		}

		@Override
		public void release() {
			// Stays mapped until exit (see class comment); its file goes at exit, or when the same
			// provider is registered from another library (docs/file-lifecycle.md §5)
			if (this.released.compareAndSet(false, true)) {
				this.restorer.unwatch(this.mapped);
			}
		}

	}

}
