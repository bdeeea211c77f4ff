package dev.usdt.backend.dtrace;

import java.util.Locale;
import java.util.Optional;

/** The processor architectures we have stub designs for (docs/dof.md §8). */
public enum DtraceArch {

	X86_64("x86_64"), AARCH64("aarch64");

	private final String displayName;

	DtraceArch(String displayName) {
		this.displayName = displayName;
	}

	public String displayName() {
		return this.displayName;
	}

	/** The architecture for a command-line name ({@code x86_64}, {@code amd64}, {@code aarch64}, {@code arm64}). */
	public static DtraceArch parse(String name) {
		return fromOsArch(name).orElseThrow(
				() -> new IllegalArgumentException("Unknown architecture '" + name + "': expected x86_64 or aarch64"));
	}

	/** The architecture of this JVM, if we have stubs for it. */
	public static Optional<DtraceArch> current() {
		return fromOsArch(System.getProperty("os.arch", ""));
	}

	static Optional<DtraceArch> fromOsArch(String osArch) {
		return switch (osArch.trim().toLowerCase(Locale.ROOT)) {
			case "x86_64", "amd64" -> Optional.of(X86_64);
			case "aarch64", "arm64" -> Optional.of(AARCH64);
			default -> Optional.empty();
		};
	}

}
