package dev.usdt.backend.stapsdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the written libraries with {@code dlopen} the way the runtime does (RTLD_NOW | RTLD_LOCAL,
 * docs/stapsdt-elf.md §0 R12) and calls through {@code usdt_call_stub}: proves the tail jump reaches the target with
 * the arguments shifted into place and returns normally.
 */
class CallStubTrampolineTests {

	/** RTLD_NOW | RTLD_LOCAL. */
	private static final int OPEN_FLAGS = 2;

	@TempDir
	Path directory;

	@BeforeEach
	void requireX86() {
		assumeTrue(ElfArchitecture.current().equals(Optional.of(ElfArchitecture.X86_64)),
				"the x86_64 trampoline can only run on x86_64, this is " + System.getProperty("os.arch"));
	}

	@Test
	void trampolineCallsAProbeStubAndReturns() throws Exception {
		Function trampoline = trampoline();
		NativeLibrary provider = load("provider.so", new StapsdtLibraryWriter(ElfArchitecture.X86_64)
			.write(List.of(StapsdtLibraryLayoutTests.golden())));
		long stub = Pointer.nativeValue(provider.getFunction(StapsdtLibraryWriter.stubSymbol("myprov", "request")));
		for (int i = 0; i < 3; i++) {
			trampoline.invoke(Void.class, new Object[] { stub, 1L, 2L, 3L, 4L, 5L, 6L });
		}
		Pointer semaphore = provider.getGlobalVariableAddress(StapsdtLibraryWriter.semaphoreSymbol("myprov", "tick"));
		assertThat(semaphore.getShort(0)).isZero();
	}

	@Test
	void trampolinePassesSixArgumentsInOrderAndReturnsTheTargetsResult() throws Exception {
		Function trampoline = trampoline();
		long[] seen = new long[6];
		SixLongs target = (a0, a1, a2, a3, a4, a5) -> {
			long[] values = { a0, a1, a2, a3, a4, a5 };
			System.arraycopy(values, 0, seen, 0, values.length);
			return a0 * 100_000 + a5;
		};
		long address = Pointer.nativeValue(CallbackReference.getFunctionPointer(target));
		Object result = trampoline.invoke(Long.class,
				new Object[] { address, 11L, -22L, 33L, Long.MIN_VALUE, 55L, 0x6666_6666_6666L });
		assertThat(seen).containsExactly(11L, -22L, 33L, Long.MIN_VALUE, 55L, 0x6666_6666_6666L);
		assertThat(result).isEqualTo(11L * 100_000 + 0x6666_6666_6666L);
	}

	private Function trampoline() throws Exception {
		NativeLibrary library = load("trampoline.so",
				new StapsdtLibraryWriter(ElfArchitecture.X86_64).writeTrampolineLibrary());
		return library.getFunction(StapsdtLibraryWriter.TRAMPOLINE_SYMBOL);
	}

	private NativeLibrary load(String name, byte[] content) throws Exception {
		Path file = this.directory.resolve(name);
		Files.write(file, content);
		// never closed (R13): the test JVM exits with it mapped
		return NativeLibrary.getInstance(file.toString(), Map.of(Library.OPTION_OPEN_FLAGS, OPEN_FLAGS));
	}

	/** A native-callable function of six longs, the target the trampoline jumps to. */
	public interface SixLongs extends Callback {

		long invoke(long a0, long a1, long a2, long a3, long a4, long a5);

	}

}
