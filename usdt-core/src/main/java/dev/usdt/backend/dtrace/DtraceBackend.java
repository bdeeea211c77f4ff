package dev.usdt.backend.dtrace;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.usdt.backend.Backend;
import dev.usdt.backend.BackendException;
import dev.usdt.backend.LoadedProvider;
import dev.usdt.backend.dtrace.DtraceImage.PlacedProbe;
import dev.usdt.nativeaccess.DtraceNativeException;
import dev.usdt.nativeaccess.DtraceSystem.CodeRegion;
import dev.usdt.nativeaccess.DtraceSystem.HelperDevice;
import dev.usdt.nativeaccess.DtraceNativeSystem;
import dev.usdt.nativeaccess.DtraceSystem;
import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.parser.ProviderDefinition;

/**
 * Registers providers with DTrace as helper DOF (docs/dof.md §0) on illumos, FreeBSD ≥ 11, macOS
 * x86_64 and Oracle Linux DTrace 2.x on x86_64. Each {@link #load} reserves one region, lays the DOF
 * and the probe stubs into it ({@link DtraceImage}), makes it read+execute, issues
 * {@code DTRACEHIOC_ADDDOF} and keeps the generation for {@code DTRACEHIOC_REMOVE} on
 * {@link LoadedProvider#release()}. One DOF per provider, so each provider is removed on its own
 * (docs/dof.md §5.2).
 *
 * <p>
 * {@code isEnabled()} reads a semaphore that {@link EnabledPoller} keeps up to date; that poller is
 * where the native call DTrace's is-enabled sites need happens, off the hot path.
 */
public final class DtraceBackend implements Backend {

	/** The module name {@code dtrace -l} shows for our probes ({@code dofhp_mod}, docs/dof.md §6.1). */
	public static final String DEFAULT_MODULE = "java";

	private static final System.Logger logger = System.getLogger(DtraceBackend.class.getName());

	/** docs/dof.md §8 semaphores are u16 (the {@link LoadedProvider} contract). */
	private static final int SEMAPHORE_SIZE = 2;

	/** Any stub address serves to measure a layout; this one keeps the DOF address positive. */
	private static final long MEASURING_BASE = 1L << 40;

	private final DtraceSystem system;

	private final DtraceOs os;

	private final DtraceArch arch;

	private final String module;

	private final DofRegistrar registrar;

	private final EnabledPoller poller;

	/** Every published region by its start address: where an is-enabled function's code lies. */
	private final NavigableMap<Long, CodeRegion> regions = new ConcurrentSkipListMap<>();

	/** The backend for this machine, through JNA. Check {@link #unavailableReason()} first. */
	public DtraceBackend() {
		this(new DtraceNativeSystem(), DtraceOs.current().orElseThrow(() -> new IllegalStateException(
				"No DTrace helper DOF on " + System.getProperty("os.name"))),
				DtraceArch.current().orElseThrow(() -> new IllegalStateException(
						"No DTrace probe stubs for " + System.getProperty("os.arch"))),
				DEFAULT_MODULE, EnabledPoller.DEFAULT_INTERVAL);
	}

	/**
	 * A backend for an explicit target and native seam.
	 * @param pollInterval how often is-enabled sites are polled into the semaphores
	 */
	public DtraceBackend(DtraceSystem system, DtraceOs os, DtraceArch arch, String module, Duration pollInterval) {
		this.system = system;
		this.os = os;
		this.arch = arch;
		this.module = module;
		this.registrar = new DofRegistrar(system, os);
		this.poller = new EnabledPoller(this::callEnabledFunction, pollInterval);
	}

	/**
	 * Why this machine cannot register DOF, or empty when it can: an OS or architecture without
	 * helper DOF support or safe stubs, JNA's native part missing, or the helper device missing
	 * ({@code ENOENT}: DTrace modules not loaded, {@code dtprobed} not running) or refused
	 * ({@code EACCES}: macOS SIP, device permissions). Opens the device once and closes it.
	 */
	public static Optional<String> unavailableReason() {
		Optional<DtraceOs> os = DtraceOs.current();
		Optional<DtraceArch> arch = DtraceArch.current();
		if (os.isEmpty()) {
			return Optional.of("DTrace helper DOF is not supported on " + System.getProperty("os.name"));
		}
		if (arch.isEmpty()) {
			return Optional.of("DTrace probe stubs are not available for " + System.getProperty("os.arch"));
		}
		Optional<String> target = targetUnsupportedReason(os.get(), arch.get());
		if (target.isPresent()) {
			return target;
		}
		if (os.get() == DtraceOs.FREEBSD && freeBsdMajor() < 11) {
			return Optional.of("FreeBSD before 11 uses an 80-byte dof_helper_t without pid and generation;"
					+ " only FreeBSD 11 and later are supported (docs/dof.md §6.1)");
		}
		DtraceSystem system;
		try {
			system = new DtraceNativeSystem();
		}
		catch (LinkageError ex) {
			return Optional.of("JNA's native part could not be loaded: " + ex.getMessage());
		}
		return deviceUnavailableReason(system, os.get());
	}

	/** Why registration on a target is refused even though stubs may exist, or empty. */
	static Optional<String> targetUnsupportedReason(DtraceOs os, DtraceArch arch) {
		Optional<String> stub = ProbeStub.unsupportedReason(os, arch);
		if (stub.isPresent()) {
			return stub;
		}
		if (os == DtraceOs.MACOS && arch == DtraceArch.AARCH64) {
			return Optional.of("DTrace registration on macOS arm64 is not supported: stubs need MAP_JIT memory"
					+ " and whether fasttrap can patch a MAP_JIT page is untested (docs/dof.md §9, §15)");
		}
		return Optional.empty();
	}

	static Optional<String> deviceUnavailableReason(DtraceSystem system, DtraceOs os) {
		try (HelperDevice device = system.open(os.helperDevice())) {
			return Optional.empty();
		}
		catch (DtraceNativeException ex) {
			return Optional.of(new DofRegistrar(system, os).explain(ex));
		}
		catch (LinkageError ex) {
			return Optional.of("JNA's native part could not be loaded: " + ex.getMessage());
		}
	}

	@Override
	public String name() {
		return "dtrace";
	}

	@Override
	public LoadedProvider load(ProviderDefinition provider) throws BackendException {
		Optional<String> unsupported = targetUnsupportedReason(this.os, this.arch);
		if (unsupported.isPresent()) {
			throw new BackendException(unsupported.get());
		}
		try {
			// The layout's size does not depend on where it lies: measure it, reserve, lay it out there.
			DtraceImage measured = DtraceImage.layout(List.of(provider), this.os, this.arch, MEASURING_BASE);
			CodeRegion region = this.system.reserve(measured.regionSize(), this.os == DtraceOs.LINUX);
			DtraceImage image = DtraceImage.layout(List.of(provider), this.os, this.arch,
					region.address() + measured.stubOffset());
			region.publish(image.region());
			this.regions.put(region.address(), region);
			int generation = this.registrar.add(this.module, image.dofAddress());
			return loaded(provider, image, region, generation);
		}
		catch (DofException ex) {
			throw new BackendException("Provider " + provider.name() + " cannot be registered with DTrace: "
					+ ex.getMessage(), ex);
		}
		catch (DtraceNativeException ex) {
			throw new BackendException("Provider " + provider.name() + " cannot be registered with DTrace: "
					+ this.registrar.explain(ex), ex);
		}
	}

	private LoadedProvider loaded(ProviderDefinition provider, DtraceImage image, CodeRegion region, int generation) {
		List<PlacedProbe> probes = image.probes();
		ByteBuffer semaphores = ByteBuffer.allocateDirect(Math.max(SEMAPHORE_SIZE, probes.size() * SEMAPHORE_SIZE))
			.order(ByteOrder.nativeOrder());
		Map<String, Integer> offsets = new HashMap<>();
		Map<String, Long> stubs = new HashMap<>();
		Map<String, ProbeFunction> functions = new HashMap<>();
		long[] enabledFunctions = new long[probes.size()];
		int[] semaphoreOffsets = new int[probes.size()];
		for (int i = 0; i < probes.size(); i++) {
			PlacedProbe probe = probes.get(i);
			offsets.put(probe.definition().name(), i * SEMAPHORE_SIZE);
			stubs.put(probe.definition().name(), probe.probeFunction());
			functions.put(probe.definition().name(),
					region.probeFunction(Math.toIntExact(probe.probeFunction() - region.address())));
			enabledFunctions[i] = probe.enabledFunction();
			semaphoreOffsets[i] = i * SEMAPHORE_SIZE;
		}
		this.poller.watch(semaphores, enabledFunctions, semaphoreOffsets);
		return new DtraceLoadedProvider(provider, semaphores, offsets, stubs, functions, () -> {
			this.poller.unwatch(semaphores);
			try {
				this.registrar.remove(generation);
			}
			catch (DtraceNativeException ex) {
				logger.log(Level.WARNING, "USDT provider " + provider.name() + " could not be removed from DTrace"
						+ " (generation " + generation + "): " + this.registrar.explain(ex));
			}
		});
	}

	/** Calls the is-enabled function at {@code address} through the region that holds it. */
	private int callEnabledFunction(long address) {
		Map.Entry<Long, CodeRegion> region = this.regions.floorEntry(address);
		if (region == null) {
			throw new IllegalStateException("No published region holds 0x" + Long.toHexString(address));
		}
		return region.getValue().callEnabledFunction(Math.toIntExact(address - region.getKey()));
	}

	/** Polls every registered is-enabled site once now; for tests that must not wait an interval. */
	void pollNow() {
		this.poller.poll();
	}

	private static int freeBsdMajor() {
		String version = System.getProperty("os.version", "");
		try {
			return Integer.parseInt(version.replaceFirst("^(\\d+).*$", "$1"));
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

}
