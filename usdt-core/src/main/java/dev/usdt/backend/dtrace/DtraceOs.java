package dev.usdt.backend.dtrace;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.usdt.parser.QuotedText;

/**
 * The operating systems whose DTrace takes helper DOF, with every per-OS number the builder and the
 * registration need: DOF version (docs/dof.md §2.2), helper device and request numbers (§6.2), size of
 * {@code dof_helper_t} (docs/dof.md §6.1), the DOF size limit (§3.2) and the provider names fasttrap refuses
 * (docs/dof.md §10). Linux means Oracle Linux DTrace 2.x with {@code dtprobed}.
 */
public enum DtraceOs {

	/** illumos: v2, return-value is-enabled sites, generation returned by the ioctl. */
	ILLUMOS("illumos", 2, "/dev/dtrace/helper", 0x64746803L, 0x64746802L, DofFormat.HELPER_SIZE, 8 << 20,
			Set.of("pid")),

	/** FreeBSD ≥ 11: v2, 88-byte helper, generation written to {@code dofhp_gen}. */
	FREEBSD("freebsd", 2, "/dev/dtrace/helper", 0xC0587A03L, 0x80047A02L, DofFormat.HELPER_SIZE_FREEBSD, 8 << 20,
			Set.of("pid")),

	/** macOS: v3 only, offsets relative to {@code dofhp_addr}, helper passed inside {@code dof_ioctl_data_t}. */
	MACOS("macos", 3, "/dev/dtracehelper", 0x80086804L, 0x20006802L, DofFormat.HELPER_SIZE, 512 << 10,
			Set.of("pid", "objc", "oneshot")),

	/** Oracle Linux DTrace 2.x: v3 so that argument-driven is-enabled sites are honoured (docs/dof.md §8.4). */
	LINUX("linux", 3, "/dev/dtrace/helper", 0x4050D803L, 0x4004D802L, DofFormat.HELPER_SIZE, 256 << 20,
			Set.of("pid"));

	private final String displayName;

	private final int dofVersion;

	private final String helperDevice;

	private final long addDofRequest;

	private final long removeRequest;

	private final int helperSize;

	private final int maxDofSize;

	private final Set<String> reservedProviderNames;

	DtraceOs(String displayName, int dofVersion, String helperDevice, long addDofRequest, long removeRequest,
			int helperSize, int maxDofSize, Set<String> reservedProviderNames) {
		this.displayName = displayName;
		this.dofVersion = dofVersion;
		this.helperDevice = helperDevice;
		this.addDofRequest = addDofRequest;
		this.removeRequest = removeRequest;
		this.helperSize = helperSize;
		this.maxDofSize = maxDofSize;
		this.reservedProviderNames = reservedProviderNames;
	}

	/** The name used on the command line: {@code illumos}, {@code freebsd}, {@code macos}, {@code linux}. */
	public String displayName() {
		return this.displayName;
	}

	/** docs/dof.md §2.2: {@code DOF_ID_VERSION} this OS accepts and needs for is-enabled probes. */
	public int dofVersion() {
		return this.dofVersion;
	}

	/** docs/dof.md §6.2: the helper device opened read/write. */
	public String helperDevice() {
		return this.helperDevice;
	}

	/** docs/dof.md §6.2: {@code DTRACEHIOC_ADDDOF}. */
	public long addDofRequest() {
		return this.addDofRequest;
	}

	/** docs/dof.md §6.2: {@code DTRACEHIOC_REMOVE}. */
	public long removeRequest() {
		return this.removeRequest;
	}

	/** docs/dof.md §6.1: bytes of {@code dof_helper_t}. */
	public int helperSize() {
		return this.helperSize;
	}

	/** docs/dof.md §3.2: the largest DOF the kernel or daemon takes. */
	public int maxDofSize() {
		return this.maxDofSize;
	}

	/** docs/dof.md §10: provider names the OS refuses to instantiate. */
	public Set<String> reservedProviderNames() {
		return this.reservedProviderNames;
	}

	/**
	 * docs/dof.md §7: whether offsets are relative to {@code dofhp_addr} (xnu, which ignores {@code dofpr_addr}
	 * and requires {@code dofhp_addr == dofhp_dof}) rather than to each probe's {@code dofpr_addr}.
	 */
	public boolean offsetsRelativeToHelper() {
		return this == MACOS;
	}

	/** docs/dof.md §10: Oracle Linux turns every name into a path component and a {@code prv:mod:fun:prb} key. */
	public boolean namesArePathComponents() {
		return this == LINUX;
	}

	/** The OS for a command-line name, ignoring case. */
	public static DtraceOs parse(String name) {
		for (DtraceOs os : values()) {
			if (os.displayName.equalsIgnoreCase(name.trim())) {
				return os;
			}
		}
		throw new IllegalArgumentException(
				"Unknown OS " + QuotedText.quoted(name) + ": expected one of illumos, freebsd, macos, linux");
	}

	/** The OS this JVM runs on, if its DTrace takes helper DOF. */
	public static Optional<DtraceOs> current() {
		return fromOsName(System.getProperty("os.name", ""));
	}

	static Optional<DtraceOs> fromOsName(String osName) {
		String name = osName.toLowerCase(Locale.ROOT);
		if (name.equals("sunos") || name.contains("illumos") || name.contains("solaris")) {
			return Optional.of(ILLUMOS);
		}
		if (name.contains("freebsd")) {
			return Optional.of(FREEBSD);
		}
		if (name.contains("mac") || name.contains("darwin")) {
			return Optional.of(MACOS);
		}
		if (name.contains("linux")) {
			return Optional.of(LINUX);
		}
		return Optional.empty();
	}

}
