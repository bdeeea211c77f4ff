package dev.usdt.backend.dtrace;

import java.util.Arrays;
import java.util.Optional;

/**
 * The machine code we place once per probe: an is-enabled function and a probe function, each
 * containing the one instruction the kernel patches (the <em>site</em>). Our own design, built to
 * the requirements at the end of docs/dof.md §8.1, §8.3 and §8.4; every stub has a fixed size so the probes of a
 * provider sit at {@code base + size·i} and no two sites share an address (docs/dof.md §4.2).
 *
 * <p>
 * Both functions follow the C ABI: the probe function is called with the probe arguments in the
 * argument registers and returns nothing; the is-enabled function takes no argument and returns
 * non-zero in {@code eax}/{@code w0} while a consumer has the probe enabled. Because the
 * Oracle Linux variant keeps its flag on its own stack, all variants have that same signature.
 *
 * @param code the bytes of one stub
 * @param enabledSite offset of the is-enabled site from the stub start
 * @param probeSite offset of the probe site from the stub start
 * @param enabledEntry offset of the is-enabled function's entry point
 * @param probeEntry offset of the probe function's entry point
 */
public record ProbeStub(byte[] code, int enabledSite, int probeSite, int enabledEntry, int probeEntry) {

	/** Every stub takes 32 bytes, as libusdt's, so 16-byte function alignment holds. */
	public static final int SIZE = 32;

	/** Where the x86 probe function starts: the second 16-byte-aligned slot of the stub. */
	private static final int X86_PROBE_ENTRY = 0x10;

	/** The probe site: behind the 3-byte instruction that starts every x86 probe function. */
	private static final int X86_PROBE_SITE = 0x13;

	/** Oracle Linux: the argument-driven is-enabled function needs 23 bytes, so the probe starts later. */
	private static final int LINUX_PROBE_ENTRY = 0x18;

	/** Oracle Linux: the is-enabled site, the nop after {@code mov %rsp,%rdi}. */
	private static final int LINUX_ENABLED_SITE = 0x0E;

	/** {@code int3}: fills the gaps so a stray jump traps instead of sliding into the next function. */
	private static final int X86_INT3 = 0xCC;

	/**
	 * x86-64, return-value is-enabled (docs/dof.md §8.1, illumos and FreeBSD): {@code xor %rax,%rax} is the
	 * is-enabled site; the kernel sets rax = 1 and skips it while enabled. The probe function is a
	 * 3-byte nop, the probe-site nop and four more nops, then {@code ret}.
	 */
	private static final byte[] X86_64_RETURN_VALUE = x86(X86_PROBE_ENTRY, new int[] {
			0x48, 0x31, 0xC0, // 0x00 xor %rax,%rax   <- is-enabled site
			0x90, 0x90, // 0x03 nop; nop             room behind the site
			0xC3 }, // 0x05 ret
			new int[] { 0x0F, 0x1F, 0x00, // 0x10 nopl (%rax)  keeps the site where the macOS r10 move is
					0x90, // 0x13 nop                  <- probe site
					0x90, 0x90, 0x90, 0x90, // 0x14 nops
					0xC3 }); // 0x18 ret

	/**
	 * x86-64 for macOS: as above, but the probe function starts with {@code mov %rcx,%r10}. xnu
	 * reads argument 3 from r10 (docs/dof.md §8.2), so the stub copies it there; r10 is caller-saved.
	 */
	private static final byte[] X86_64_MACOS = x86(X86_PROBE_ENTRY, new int[] { 0x48, 0x31, 0xC0, 0x90, 0x90, 0xC3 },
			new int[] { 0x49, 0x89, 0xCA, // 0x10 mov %rcx,%r10
					0x90, // 0x13 nop <- probe site
					0x90, 0x90, 0x90, 0x90, 0xC3 });

	/**
	 * x86-64 for Oracle Linux, argument-driven is-enabled (docs/dof.md §8.4): the is-enabled site is a nop reached
	 * with rdi pointing at a zeroed 32-bit flag on the stack; the uprobe writes 1 there while a
	 * consumer is enabled, and the function returns the flag.
	 */
	private static final byte[] X86_64_ARGUMENT_DRIVEN = x86(LINUX_PROBE_ENTRY, new int[] {
			0x48, 0x83, 0xEC, 0x08, // 0x00 sub $8,%rsp
			0xC7, 0x04, 0x24, 0x00, 0x00, 0x00, 0x00, // 0x04 movl $0,(%rsp)
			0x48, 0x89, 0xE7, // 0x0b mov %rsp,%rdi
			0x90, // 0x0e nop            <- is-enabled site
			0x8B, 0x04, 0x24, // 0x0f mov (%rsp),%eax
			0x48, 0x83, 0xC4, 0x08, // 0x12 add $8,%rsp
			0xC3 }, // 0x16 ret
			new int[] { 0x90, // 0x18 nop <- probe site
					0x90, 0x90, 0x90, 0xC3 });

	/** arm64 words (docs/dof.md §8.3): {@code movz x0,#0} is the is-enabled marker xnu requires. */
	private static final int A64_MOVZ_X0_0 = 0xD2800000;

	private static final int A64_RET = 0xD65F03C0;

	private static final int A64_NOP = 0xD503201F;

	private static final int A64_BRK = 0xD4200000;

	/** The stub for a target, or a {@link DofException} saying why there is none. */
	public static ProbeStub forTarget(DtraceOs os, DtraceArch arch) {
		return find(os, arch).orElseThrow(() -> new DofException(unsupportedReason(os, arch).orElseThrow()));
	}

	/** Why there is no stub for a target, empty when there is one. */
	public static Optional<String> unsupportedReason(DtraceOs os, DtraceArch arch) {
		if (find(os, arch).isPresent()) {
			return Optional.empty();
		}
		if (os == DtraceOs.LINUX) {
			return Optional.of("DTrace on Linux aarch64 needs an argument-driven is-enabled stub (docs/dof.md §8.4)"
					+ " that has not been designed or tested; only x86_64 is supported there");
		}
		return Optional.of("DTrace probe stubs for " + os.displayName() + " on " + arch.displayName()
				+ " are not specified (docs/dof.md §8 covers x86_64 everywhere and aarch64 only on macOS)");
	}

	private static Optional<ProbeStub> find(DtraceOs os, DtraceArch arch) {
		if (arch == DtraceArch.X86_64) {
			return Optional.of(switch (os) {
				case ILLUMOS, FREEBSD -> new ProbeStub(X86_64_RETURN_VALUE, 0, X86_PROBE_SITE, 0, X86_PROBE_ENTRY);
				case MACOS -> new ProbeStub(X86_64_MACOS, 0, X86_PROBE_SITE, 0, X86_PROBE_ENTRY);
				case LINUX -> new ProbeStub(X86_64_ARGUMENT_DRIVEN, LINUX_ENABLED_SITE, LINUX_PROBE_ENTRY, 0,
						LINUX_PROBE_ENTRY);
			});
		}
		if (os == DtraceOs.MACOS) {
			// 0x00 movz x0,#0 (is-enabled site); 0x04 ret; 0x08 nop (probe site); 0x0c ret; brk padding
			return Optional.of(new ProbeStub(a64(A64_MOVZ_X0_0, A64_RET, A64_NOP, A64_RET), 0x00, 0x08, 0x00, 0x08));
		}
		return Optional.empty();
	}

	@Override
	public byte[] code() {
		return this.code.clone();
	}

	private static byte[] x86(int probeEntry, int[] enabledFunction, int[] probeFunction) {
		byte[] code = new byte[SIZE];
		Arrays.fill(code, (byte) X86_INT3);
		for (int i = 0; i < enabledFunction.length; i++) {
			code[i] = (byte) enabledFunction[i];
		}
		for (int i = 0; i < probeFunction.length; i++) {
			code[probeEntry + i] = (byte) probeFunction[i];
		}
		return code;
	}

	private static byte[] a64(int... words) {
		byte[] code = new byte[SIZE];
		for (int i = 0; i < SIZE / 4; i++) {
			int word = (i < words.length) ? words[i] : A64_BRK;
			for (int b = 0; b < 4; b++) {
				code[4 * i + b] = (byte) (word >>> (8 * b));
			}
		}
		return code;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ProbeStub stub && Arrays.equals(this.code, stub.code)
				&& this.enabledSite == stub.enabledSite && this.probeSite == stub.probeSite;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.code) * 31 + this.probeSite;
	}

	@Override
	public String toString() {
		return "ProbeStub[enabledSite=" + this.enabledSite + ", probeSite=" + this.probeSite + "]";
	}

}
