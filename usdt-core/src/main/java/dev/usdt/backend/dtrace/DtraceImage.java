package dev.usdt.backend.dtrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.usdt.backend.LittleEndianBuffer;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * Everything a registration puts into process memory, laid out for a given stub address: the DOF
 * first, padded to {@link #REGION_ALIGNMENT}, then one {@link ProbeStub} per fireable probe at
 * {@code stubBase + 32·i}. Both the backend and the {@code dof} command build it, so the command
 * shows exactly the bytes and addresses a registration at that address would use.
 *
 * <p>
 * The DOF sits below the stubs because macOS offsets are signed 32-bit values relative to the
 * DOF's own address (docs/dof.md §7): with the stubs above it they are small and positive. One region also
 * satisfies Oracle Linux, where DOF and stubs must live in one file-backed mapping (docs/dof.md §9).
 *
 * @param os the target OS
 * @param arch the stubs' architecture
 * @param dof the DOF blob
 * @param dofAddress where the DOF lies ({@code dofhp_dof}, and {@code dofhp_addr})
 * @param stubs the stub code, {@link ProbeStub#SIZE} bytes per probe
 * @param stubBase where the first stub lies
 * @param probes where each probe's functions and sites lie
 */
public record DtraceImage(DtraceOs os, DtraceArch arch, byte[] dof, long dofAddress, byte[] stubs, long stubBase,
		List<PlacedProbe> probes) {

	/**
	 * The DOF area is rounded up to 16 KiB so the stubs start on a page boundary for 4 KiB and
	 * 16 KiB pages alike, and the region can be protected read+execute from there.
	 */
	public static final int REGION_ALIGNMENT = 16384;

	/**
	 * docs/dof.md §7: xnu x86-64 computes the probe site as {@code base + off − 1}, so we write one more.
	 */
	private static final int MACOS_X86_PROBE_ADJUST = 1;

	/** docs/dof.md §7: xnu x86-64 computes the is-enabled site as {@code base + enoff + 2}, so we write two less. */
	private static final int MACOS_X86_ENABLED_ADJUST = -2;

	public DtraceImage {
		probes = List.copyOf(probes);
	}

	/**
	 * Lays out the providers' fireable probes with stubs from {@code stubBase}.
	 * @throws DofException if the target has no stub, a provider has nothing to fire, or a limit is
	 * broken
	 */
	public static DtraceImage layout(List<ProviderDefinition> providers, DtraceOs os, DtraceArch arch, long stubBase) {
		ProbeStub stub = ProbeStub.forTarget(os, arch);
		// The DOF's size does not depend on the addresses in it: measure, then place it below the stubs.
		int dofSize = build(providers, os, arch, stub, stubBase, stubBase).dof().length;
		long dofAddress = stubBase - LittleEndianBuffer.alignTo(dofSize, REGION_ALIGNMENT);
		return build(providers, os, arch, stub, stubBase, dofAddress);
	}

	/** Bytes from {@link #dofAddress()} to the end of the last stub. */
	public int regionSize() {
		return Math.toIntExact(this.stubBase - this.dofAddress) + this.stubs.length;
	}

	/** The region's content: the DOF, zero padding, the stubs. */
	public byte[] region() {
		LittleEndianBuffer region = new LittleEndianBuffer(regionSize());
		region.bytes(this.dof).padTo(Math.toIntExact(this.stubBase - this.dofAddress)).bytes(this.stubs);
		return region.toByteArray();
	}

	/** Offset of the first stub in {@link #region()}. */
	public int stubOffset() {
		return Math.toIntExact(this.stubBase - this.dofAddress);
	}

	/** The probes of one provider, in stub order. */
	public List<PlacedProbe> probesOf(String providerName) {
		return this.probes.stream().filter((probe) -> probe.provider().equals(providerName)).toList();
	}

	private static DtraceImage build(List<ProviderDefinition> providers, DtraceOs os, DtraceArch arch, ProbeStub stub,
			long stubBase, long dofAddress) {
		List<DofProvider> dofProviders = new ArrayList<>();
		List<PlacedProbe> placed = new ArrayList<>();
		LittleEndianBuffer stubs = new LittleEndianBuffer();
		for (ProviderDefinition provider : providers) {
			Optional<String> unregistrable = provider.unregistrableReason();
			if (unregistrable.isPresent()) {
				throw new DofException(provider.location() + ": " + unregistrable.get() + ", so there is nothing to register");
			}
			List<DofProbe> dofProbes = new ArrayList<>();
			for (ProbeDefinition probe : provider.fireableProbes()) {
				long stubAddress = stubBase + stubs.position();
				stubs.bytes(stub.code());
				PlacedProbe site = new PlacedProbe(provider.name(), probe, stubAddress + stub.probeEntry(),
						stubAddress + stub.enabledEntry(), stubAddress + stub.probeSite(),
						stubAddress + stub.enabledSite());
				placed.add(site);
				dofProbes.add(dofProbe(probe, site, stubAddress, os, arch, dofAddress));
			}
			dofProviders.add(new DofProvider(provider.name(), DofAttributes.of(provider), dofProbes));
		}
		byte[] dof = new DofBuilder(os).build(dofProviders);
		return new DtraceImage(os, arch, dof, dofAddress, stubs.toByteArray(), stubBase, placed);
	}

	private static DofProbe dofProbe(ProbeDefinition probe, PlacedProbe site, long stubAddress, DtraceOs os,
			DtraceArch arch, long dofAddress) {
		List<String> types = probe.arguments().stream().map(ProbeArgument::declaredType).toList();
		// The function shows in dtrace -l as prov<pid>:module:function:name; the probe's own name is
		// the only per-probe name a Java service has.
		String function = probe.displayName();
		if (!os.offsetsRelativeToHelper()) {
			return new DofProbe(function, probe.displayName(), types, stubAddress,
					List.of(Math.toIntExact(site.probeSite() - stubAddress)),
					List.of(Math.toIntExact(site.enabledSite() - stubAddress)));
		}
		// docs/dof.md §7 macOS: dofpr_addr is ignored and offsets are relative to dofhp_addr == the DOF address;
		// we still write that base into dofpr_addr so the blob says what it is relative to.
		int probeAdjust = (arch == DtraceArch.X86_64) ? MACOS_X86_PROBE_ADJUST : 0;
		int enabledAdjust = (arch == DtraceArch.X86_64) ? MACOS_X86_ENABLED_ADJUST : 0;
		return new DofProbe(function, probe.displayName(), types, dofAddress,
				List.of(signed32(site.probeSite() - dofAddress + probeAdjust)),
				List.of(signed32(site.enabledSite() - dofAddress + enabledAdjust)));
	}

	/**
	 * The probe site as the DOF states it ({@code dofpr_addr + offset}), which is what a DOF
	 * checker lists. It differs from {@link PlacedProbe#probeSite()} only on macOS x86_64, where xnu
	 * corrects the offset by {@value #MACOS_X86_PROBE_ADJUST} before patching (docs/dof.md §7).
	 */
	public long statedProbeSite(PlacedProbe probe) {
		return probe.probeSite() + (macOsX86() ? MACOS_X86_PROBE_ADJUST : 0);
	}

	/** The is-enabled site as the DOF states it; see {@link #statedProbeSite(PlacedProbe)}. */
	public long statedEnabledSite(PlacedProbe probe) {
		return probe.enabledSite() + (macOsX86() ? MACOS_X86_ENABLED_ADJUST : 0);
	}

	private boolean macOsX86() {
		return this.os.offsetsRelativeToHelper() && this.arch == DtraceArch.X86_64;
	}

	private static int signed32(long offset) {
		if (offset < Integer.MIN_VALUE || offset > Integer.MAX_VALUE) {
			throw new DofException("Probe site is " + offset + " bytes from the DOF; macOS offsets are 32-bit");
		}
		return (int) offset;
	}

	/**
	 * Where one probe lives.
	 *
	 * @param provider the provider's name
	 * @param definition the probe
	 * @param probeFunction address to call with the probe's arguments to fire it
	 * @param enabledFunction address of the {@code int f(void)} that returns non-zero while enabled
	 * @param probeSite the tracepoint address of the probe
	 * @param enabledSite the tracepoint address of the is-enabled check
	 */
	public record PlacedProbe(String provider, ProbeDefinition definition, long probeFunction, long enabledFunction,
			long probeSite, long enabledSite) {

		/** {@code provider:probe-name}, as DTrace shows the probe (without the pid). */
		public String displayName() {
			return this.provider + ":" + this.definition.displayName();
		}

	}

}
