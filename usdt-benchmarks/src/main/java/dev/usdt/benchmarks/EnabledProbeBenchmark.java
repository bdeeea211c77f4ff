package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.usdt.Probe;
import dev.usdt.ProbeSemaphores;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.nativeaccess.NativeStrings;

/**
 * What a fire costs once a probe is enabled, without the kernel's trap (the semaphore is forced on
 * and no tracer is attached): the Java-to-native transition through the runtime's trampoline, and
 * the UTF-8 copy of string arguments. Beside it, the two JNA calls a user could write on the same
 * stub: {@code Function.invokeVoid} and a direct-mapped method taking {@code String}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class EnabledProbeBenchmark {

	/** Above the longest string, so the probe copies all 512 bytes like the JNA baseline does. */
	private static final int MAX_STRING_BYTES = 1024;

	private UsdtRuntime runtime;

	private Probe zero;

	private Probe two;

	private Probe six;

	private Probe four;

	private Function twoFunction;

	private Function sixFunction;

	private Function fourFunction;

	/** The runtime's string pool, called directly to measure the copy alone. */
	private NativeStrings strings;

	private long a = 42;

	private long b = 4242;

	private String short1 = ascii(32, 'a');

	private String short2 = ascii(32, 'k');

	private String long1 = ascii(512, 'a');

	private String long2 = ascii(512, 'k');

	/**
	 * Two sets of strings with the same lengths, used in turn: a string the slot holds from the last
	 * call is not copied again, so the rows above measure the held case and these the copy.
	 */
	private final String[][] alternating32 = { { ascii(32, 'a'), ascii(32, 'k') }, { ascii(32, 'b'), ascii(32, 'l') } };

	private final String[][] alternating512 = { { ascii(512, 'a'), ascii(512, 'k') },
			{ ascii(512, 'b'), ascii(512, 'l') } };

	private int turn;

	@Setup(Level.Trial)
	public void registerAndEnable() {
		this.runtime = BenchRuntime.create(MAX_STRING_BYTES);
		Provider bench = this.runtime.register(BenchRuntime.BENCH);
		for (Probe probe : bench.probes()) {
			ProbeSemaphores.overrideForTesting(probe, true);
		}
		this.zero = bench.probe("zero");
		this.two = bench.probe("two");
		this.six = bench.probe("six");
		this.four = bench.probe("four");
		NativeLibrary library = BenchRuntime.library(bench);
		this.twoFunction = library.getFunction("bench_two");
		this.sixFunction = library.getFunction("bench_six");
		this.fourFunction = library.getFunction("bench_four");
		Native.register(DirectStubs.class, library);
		this.strings = new NativeStrings(MAX_STRING_BYTES);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.runtime.close();
	}

	@Benchmark
	public void emptyMethod() {
	}

	@Benchmark
	@ComparedTo("emptyMethod")
	public void fireNoArgs() {
		this.zero.fire();
	}

	@Benchmark
	@ComparedTo({ "jnaDirectTwoLongs", "jnaInvokeTwoLongs" })
	public void fireTwoLongs() {
		this.two.fire(this.a, this.b);
	}

	@Benchmark
	@ComparedTo("jnaInvokeSixLongs")
	public void fireSixLongs() {
		this.six.fire(this.a, this.b, this.a, this.b, this.a, this.b);
	}

	@Benchmark
	@ComparedTo({ "jnaDirectStrings32", "jnaInvokeStrings32" })
	public void fireStrings32() {
		this.four.fire(this.short1, this.short2, this.a, this.b);
	}

	@Benchmark
	@ComparedTo("jnaDirectStrings512")
	public void fireStrings512() {
		this.four.fire(this.long1, this.long2, this.a, this.b);
	}

	@Benchmark
	@ComparedTo({ "jnaDirectStrings32", "fireStrings32" })
	public void fireStrings32Copied() {
		String[] pair = this.alternating32[this.turn ^= 1];
		this.four.fire(pair[0], pair[1], this.a, this.b);
	}

	@Benchmark
	@ComparedTo({ "jnaDirectStrings512", "fireStrings512" })
	public void fireStrings512Copied() {
		String[] pair = this.alternating512[this.turn ^= 1];
		this.four.fire(pair[0], pair[1], this.a, this.b);
	}

	/** The cheapest JNA call there is: the stub direct-mapped by its own name, longs only. */
	@Benchmark
	public void jnaDirectTwoLongs() {
		DirectStubs.bench_two(this.a, this.b);
	}

	@Benchmark
	public void jnaInvokeTwoLongs() {
		this.twoFunction.invokeVoid(new Object[] { this.a, this.b });
	}

	@Benchmark
	public void jnaInvokeSixLongs() {
		this.sixFunction.invokeVoid(new Object[] { this.a, this.b, this.a, this.b, this.a, this.b });
	}

	/** JNA converts each {@code String} to a C string in freshly allocated native memory. */
	@Benchmark
	public void jnaInvokeStrings32() {
		this.fourFunction.invokeVoid(new Object[] { this.short1, this.short2, this.a, this.b });
	}

	@Benchmark
	public void jnaDirectStrings32() {
		DirectStubs.bench_four(this.short1, this.short2, this.a, this.b);
	}

	@Benchmark
	public void jnaDirectStrings512() {
		DirectStubs.bench_four(this.long1, this.long2, this.a, this.b);
	}

	// The string part of a fire, measured alone: the UTF-8 copy into a pooled native buffer.

	@Benchmark
	public long partStringCopy32() {
		return copy(this.short1, this.short2);
	}

	@Benchmark
	public long partStringCopy512() {
		return copy(this.long1, this.long2);
	}

	private long copy(String first, String second) {
		NativeStrings.Slot slot = this.strings.acquire();
		try {
			return slot.put(0, first) + slot.put(1, second);
		}
		finally {
			this.strings.release(slot);
		}
	}

	private static String ascii(int length, char first) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) (first + (i % 16)));
		}
		return text.toString();
	}

	/** The stubs direct-mapped by JNA: method names must equal the symbols {@code <provider>_<probe>}. */
	static final class DirectStubs {

		private DirectStubs() {
		}

		static native void bench_two(long a0, long a1);

		static native void bench_four(String a0, String a1, long a2, long a3);

	}

}
