package dev.usdt.backend.stapsdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.DNames;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * Writes the shared objects the stapsdt backend {@code dlopen}s: one that holds the USDT probes of
 * some providers, so that bpftrace, bcc, libbpf, gdb, perf and SystemTap find them in
 * {@code .note.stapsdt}, and one that exports the call trampoline. Pure Java, deterministic (the same
 * input always gives the same bytes, which makes content-addressed file names work), and for either
 * supported architecture whatever the JVM runs on. The layout is described in
 * docs/stapsdt-elf.md.
 * <p>
 * In a probe library every fireable probe gets a stub function {@link #stubSymbol} and a 16-bit
 * semaphore {@link #semaphoreSymbol}. The semaphores are contiguous in {@code .probes} in the order
 * the providers and their fireable probes are given, so one buffer mapped at the first semaphore
 * symbol covers them all, probe {@code i} at byte {@code 2 * i}.
 */
public final class StapsdtLibraryWriter {

	/** The JNA-callable symbol of {@link #writeTrampolineLibrary()}. */
	public static final String TRAMPOLINE_SYMBOL = "usdt_call_stub";

	/** The JNI symbol of {@link #writeTrampolineLibrary()}: {@code dev.usdt.nativeaccess.JniStubCaller.invoke}. */
	public static final String JNI_TRAMPOLINE_SYMBOL = "Java_dev_usdt_nativeaccess_JniStubCaller_invoke";

	/** A function of {@link #writeTrampolineLibrary()} that does nothing: a safe target to test a trampoline with. */
	public static final String NOOP_SYMBOL = "usdt_noop";

	private static final String SEMAPHORE_SUFFIX = "_semaphore";

	/** SDT argument specs: {@code [-]SIZE@LOCATION}, the minus marking a signed value (docs/stapsdt-elf.md §6.1). */
	private static final String SIGNED_MARK = "-";

	private static final String SIZE_LOCATION_SEPARATOR = "@";

	private static final String ARGUMENT_SEPARATOR = " ";

	private final ElfArchitecture architecture;

	public StapsdtLibraryWriter(ElfArchitecture architecture) {
		this.architecture = Objects.requireNonNull(architecture, "architecture");
	}

	public ElfArchitecture architecture() {
		return this.architecture;
	}

	/**
	 * One shared object holding all fireable probes of the given providers (non-fireable ones, those
	 * with more than {@value ProbeDefinition#MAX_ARGUMENTS} arguments, are left out). Every probe has
	 * a semaphore.
	 * @throws IllegalArgumentException if the list is empty, a name is not an identifier, or two
	 * probes would get the same symbol
	 */
	public byte[] write(List<ProviderDefinition> providers) {
		return image(providers).content();
	}

	/** {@link #write} with the value of every symbol the library exports. */
	public LibraryImage image(List<ProviderDefinition> providers) {
		Objects.requireNonNull(providers, "providers");
		if (providers.isEmpty()) {
			throw new IllegalArgumentException("At least one provider is needed to write a probe library");
		}
		List<ElfSharedObject.Function> stubs = new ArrayList<>();
		List<String> semaphores = new ArrayList<>();
		List<ElfSharedObject.Probe> probes = new ArrayList<>();
		Set<String> symbols = new HashSet<>();
		for (ProviderDefinition provider : providers) {
			Objects.requireNonNull(provider, "provider");
			requireIdentifier("Provider", provider.name());
			for (ProbeDefinition probe : provider.fireableProbes()) {
				requireIdentifier("Probe", probe.name());
				String stub = stubSymbol(provider.name(), probe.name());
				String semaphore = semaphoreSymbol(provider.name(), probe.name());
				requireUnique(symbols, stub, provider, probe);
				requireUnique(symbols, semaphore, provider, probe);
				probes.add(new ElfSharedObject.Probe(provider.name(), probe.name(), argumentString(probe),
						stubs.size(), semaphores.size()));
				stubs.add(new ElfSharedObject.Function(stub, this.architecture.probeStub()));
				semaphores.add(semaphore);
			}
		}
		return LibraryImage.of(new ElfSharedObject(this.architecture, stubs, semaphores, probes));
	}

	/** The bytes of {@link #trampolineImage()}. */
	public byte[] writeTrampolineLibrary() {
		return trampolineImage().content();
	}

	/**
	 * A shared object exporting {@value #TRAMPOLINE_SYMBOL}{@code (fn, a0, a1, a2, a3, a4, a5)} and
	 * its JNI twin {@value #JNI_TRAMPOLINE_SYMBOL}: both call {@code fn(a0, ..., a5)} by a tail
	 * jump (see {@link ElfArchitecture#callStubTrampoline()}); {@value #NOOP_SYMBOL}, which does
	 * nothing; and the JNI system calls of {@code dev.usdt.nativeaccess.JniCalls} ({@link JniCallCode}).
	 * No notes, no semaphores.
	 */
	public LibraryImage trampolineImage() {
		List<ElfSharedObject.Function> functions = new ArrayList<>(
				List.of(new ElfSharedObject.Function(TRAMPOLINE_SYMBOL, this.architecture.callStubTrampoline()),
						new ElfSharedObject.Function(JNI_TRAMPOLINE_SYMBOL, this.architecture.jniCallStubTrampoline()),
						new ElfSharedObject.Function(NOOP_SYMBOL, this.architecture.probeStub())));
		functions.addAll(JniCallCode.functions(this.architecture));
		return LibraryImage.of(new ElfSharedObject(this.architecture, functions, List.of(), List.of()));
	}

	/** The stub function of a probe: {@code <provider>_<probe>} (the {@code dtrace -G} convention). */
	public static String stubSymbol(String provider, String probe) {
		return provider + "_" + probe;
	}

	/** The semaphore of a probe: {@code <provider>_<probe>_semaphore}. */
	public static String semaphoreSymbol(String provider, String probe) {
		return stubSymbol(provider, probe) + SEMAPHORE_SUFFIX;
	}

	/**
	 * The SDT argument string of a probe, e.g. {@code -8@%rdi 8@%rsi}: per argument its declared size
	 * (which governs, whatever the register width: docs/stapsdt-elf.md §6.1), signed ones marked, in the register
	 * the ABI passes it in. Strings and pointers are unsigned 8-byte values. Empty for no arguments.
	 */
	String argumentString(ProbeDefinition probe) {
		List<ProbeArgument> arguments = probe.arguments();
		List<String> specs = new ArrayList<>(arguments.size());
		for (int i = 0; i < arguments.size(); i++) {
			var kind = arguments.get(i).kind();
			specs.add((kind.isSigned() ? SIGNED_MARK : "") + kind.size() + SIZE_LOCATION_SEPARATOR
					+ this.architecture.argumentLocation(i));
		}
		return String.join(ARGUMENT_SEPARATOR, specs);
	}

	private static void requireIdentifier(String what, String name) {
		if (!DNames.isIdentifier(name)) {
			throw new IllegalArgumentException(what + " name '" + name
					+ "' is not an identifier: use letters, digits and '_', not starting with a digit");
		}
	}

	private static void requireUnique(Set<String> symbols, String symbol, ProviderDefinition provider,
			ProbeDefinition probe) {
		if (!symbols.add(symbol)) {
			throw new IllegalArgumentException("Probe " + provider.name() + ":" + probe.name() + " needs the symbol '"
					+ symbol + "', which another probe already has: rename one of them");
		}
	}

}
