package dev.usdt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Supplier;

import dev.usdt.nativeaccess.StubCaller;
import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.nativeaccess.SemaphoreReader;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;

/**
 * A USDT probe a tracer can attach to. Fire it with the declared arguments. While no probe of the
 * process is enabled, a fire is folded away by the JIT (see {@link #shouldFire()}); while some
 * other probe is traced it costs one memory read of this probe's semaphore. It never allocates
 * unless the probe is enabled.
 *
 * <pre>{@code
 * Probe placed = orders.probe("order__placed");   // declared (char *, uint64_t)
 * placed.fire(orderId, cents);
 * if (placed.shouldFire()) { placed.fire(describe(order), cents); }  // guard expensive arguments
 * placed.fireLazy(() -> new Object[] { describe(order), cents });    // or let the probe guard it
 * }</pre>
 *
 * <p>
 * Integers are passed as {@code long}; the tracer reads the declared width and signedness (a value
 * that does not fit is truncated like a C cast). Strings are passed as NUL-terminated UTF-8 copied
 * into a native buffer just before the call: at most the runtime's {@code maxStringBytes} bytes,
 * truncated on a character boundary; a string ends at its first NUL character; an unpaired
 * surrogate becomes U+FFFD; {@code null} is passed as the empty string. Calling a fire method whose
 * argument count or types differ from the declaration throws {@link IllegalArgumentException}
 * naming the probe's signature, whether or not a tracer is attached. After the provider is
 * closed, every method here is a no-op and {@link #isEnabled()} is {@code false}.
 */
public final class Probe {

	private static final VarHandle SEMAPHORE = MethodHandles.byteBufferViewVarHandle(short[].class,
			ByteOrder.nativeOrder());

	private final String provider;

	private final ProbeDefinition definition;

	private final int shape;

	private final long stub;

	private final StubCaller caller;

	private final NativeStrings strings;

	private final int semaphoreOffset;

	/** The provider's semaphores; swapped for an all-zero buffer when the provider is closed. */
	private ByteBuffer semaphores;

	/** This probe's semaphore in {@link #semaphores}, for {@link SemaphoreReader}; 0 if it is not available. */
	private long semaphoreAddress;

	/** Keeps the registered buffer reachable: a read racing {@link #close} may still use its address. */
	private final ByteBuffer registeredSemaphores;

	/** Set by {@link #close}; read only by the test hook, never on the hot path. */
	private volatile boolean closed;

	Probe(String provider, ProbeDefinition definition, ByteBuffer semaphores, int semaphoreOffset, long stub,
			StubCaller caller, NativeStrings strings) {
		this.provider = provider;
		this.definition = definition;
		this.shape = shapeOf(definition.argumentKinds());
		this.semaphores = semaphores;
		this.semaphoreOffset = semaphoreOffset;
		this.semaphoreAddress = rawAddress(semaphores, semaphoreOffset);
		this.registeredSemaphores = semaphores;
		this.stub = stub;
		this.caller = caller;
		this.strings = strings;
	}

	/** The probe name as declared, e.g. {@code order__placed}. */
	public String name() {
		return this.definition.name();
	}

	public String provider() {
		return this.provider;
	}

	public ProbeDefinition definition() {
		return this.definition;
	}

	/** {@code provider:name(types)}, as shown in error messages. */
	public String signature() {
		return this.provider + ":" + this.definition.signature();
	}

	/**
	 * Whether a tracer has this probe enabled in this process right now: one opaque read of the
	 * probe's semaphore, which the kernel (or gdb) sets while a tracer is attached.
	 */
	public boolean isEnabled() {
		if (SemaphoreReader.AVAILABLE) {
			return SemaphoreReader.read(this.semaphoreAddress) != 0;
		}
		return (short) SEMAPHORE.getOpaque(this.semaphores, this.semaphoreOffset) != 0;
	}

	/**
	 * What every fire method checks before it touches native memory: the process-wide fast guard
	 * (a constant to the JIT, off while no probe of the process is enabled) and then this probe's
	 * semaphore. Use it to guard building expensive arguments.
	 */
	public boolean shouldFire() {
		return ProbeGuard.mayBeEnabled() && isEnabled();
	}

	/**
	 * Fires the probe with arguments built only when a tracer has it enabled: {@code arguments}
	 * runs only then. Its values are converted as by {@link #fireArgs(Object...)}.
	 */
	public void fireLazy(Supplier<Object[]> arguments) {
		if (shouldFire()) {
			fireArgs(arguments.get());
		}
	}

	/**
	 * Fires the probe with boxed arguments, one per declared argument: numbers, booleans (1/0)
	 * and characters as integers; for string arguments, CharSequences and enums (their name) as
	 * text and anything else as its {@code toString()}; {@code null} as 0 or the empty string.
	 * Convenient for generic callers; the typed {@code fire} methods avoid boxing.
	 */
	public void fireArgs(Object... arguments) {
		int count = (arguments != null) ? arguments.length : 0;
		if (count != (this.shape & 0xf)) {
			throw mismatch(count + " argument" + ((count != 1) ? "s" : ""));
		}
		// Types are checked before the semaphore, so a wrong call fails with or without a tracer
		for (int i = 0; i < count; i++) {
			if (!isString(i)) {
				ArgumentValues.integer(arguments[i], this, i);
			}
		}
		if (!shouldFire()) {
			return;
		}
		NativeStrings.Slot s = ((this.shape >>> 4) != 0) ? this.strings.acquire() : null;
		try {
			this.caller.call(this.stub, word(arguments, 0, s), word(arguments, 1, s), word(arguments, 2, s),
					word(arguments, 3, s), word(arguments, 4, s), word(arguments, 5, s));
		}
		finally {
			if (s != null) {
				this.strings.release(s);
			}
		}
	}

	/** What the stub receives for argument {@code i}: 0 past the declared ones. */
	private long word(Object[] arguments, int i, NativeStrings.Slot s) {
		if (arguments == null || i >= arguments.length) {
			return 0;
		}
		return isString(i) ? s.put(i, ArgumentValues.text(arguments[i])) : ArgumentValues.integer(arguments[i], this, i);
	}

	/** Makes every later call a no-op; the stub and old buffer stay mapped, so racing threads are safe. */
	void close(ByteBuffer zeroSemaphores) {
		this.semaphoreAddress = rawAddress(zeroSemaphores, this.semaphoreOffset);
		this.semaphores = zeroSemaphores;
		this.closed = true;
	}

	private static long rawAddress(ByteBuffer semaphores, int offset) {
		return SemaphoreReader.AVAILABLE ? SemaphoreReader.address(semaphores, offset) : 0;
	}

	/** Writes the semaphore directly; see {@link ProbeSemaphores#overrideForTesting}. */
	void overrideSemaphore(boolean enabled) {
		// After close the buffer is the provider's shared all-zero one: writing it would enable them all
		if (this.closed) {
			return;
		}
		SEMAPHORE.setVolatile(this.semaphores, this.semaphoreOffset, (short) (enabled ? 1 : 0));
		SemaphoreWatcher.INSTANCE.scanNow();
	}

	private boolean isString(int argument) {
		return ((this.shape >>> (4 + argument)) & 1) != 0;
	}

	IllegalArgumentException mismatch(String given) {
		return new IllegalArgumentException("Probe " + signature() + " was fired with " + given
				+ "; fire it with exactly its declared arguments (integers as long, char * as String)");
	}

	private void checkShape(int expected) {
		if (expected != this.shape) {
			throw mismatch(describeShape(expected));
		}
	}

	/** Argument count in the low 4 bits, a bit per string argument above them. */
	private static int shape(int count, int stringMask) {
		return count | (stringMask << 4);
	}

	private static int shapeOf(List<ArgumentKind> kinds) {
		int mask = 0;
		for (int i = 0; i < kinds.size(); i++) {
			if (kinds.get(i).isString()) {
				mask |= 1 << i;
			}
		}
		return shape(Math.min(kinds.size(), 15), mask);
	}

	private static String describeShape(int shape) {
		int count = shape & 0xf;
		StringBuilder text = new StringBuilder("(");
		for (int i = 0; i < count; i++) {
			text.append((i > 0) ? ", " : "").append(((shape >>> (4 + i)) & 1) != 0 ? "String" : "long");
		}
		return text.append(")").toString();
	}

	@Override
	public String toString() {
		return signature();
	}

	// Typed fire methods: one per argument shape (every mix of long and String up to four
	// arguments, all-long up to six). Each checks the shape, reads the semaphore, and only then
	// touches native memory. Use fireArgs for other mixes of five or six arguments.

	private static final int SHAPE_NONE = shape(0, 0);

	/** Fires a probe declared with 0 arguments. */
	public void fire() {
		checkShape(SHAPE_NONE);
		if (shouldFire()) {
			this.caller.call(this.stub, 0, 0, 0, 0, 0, 0);
		}
	}

	private static final int SHAPE_L = shape(1, 0b0);

	/** Fires a probe declared with 1 argument (integer). */
	public void fire(long a0) {
		checkShape(SHAPE_L);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, 0, 0, 0, 0, 0);
		}
	}

	private static final int SHAPE_S = shape(1, 0b1);

	/** Fires a probe declared with 1 argument (string). */
	public void fire(String a0) {
		checkShape(SHAPE_S);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), 0, 0, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LL = shape(2, 0b00);

	/** Fires a probe declared with 2 arguments (integer, integer). */
	public void fire(long a0, long a1) {
		checkShape(SHAPE_LL);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, a1, 0, 0, 0, 0);
		}
	}

	private static final int SHAPE_LS = shape(2, 0b10);

	/** Fires a probe declared with 2 arguments (integer, string). */
	public void fire(long a0, String a1) {
		checkShape(SHAPE_LS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), 0, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SL = shape(2, 0b01);

	/** Fires a probe declared with 2 arguments (string, integer). */
	public void fire(String a0, long a1) {
		checkShape(SHAPE_SL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, 0, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SS = shape(2, 0b11);

	/** Fires a probe declared with 2 arguments (string, string). */
	public void fire(String a0, String a1) {
		checkShape(SHAPE_SS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), 0, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LLL = shape(3, 0b000);

	/** Fires a probe declared with 3 arguments (integer, integer, integer). */
	public void fire(long a0, long a1, long a2) {
		checkShape(SHAPE_LLL);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, a1, a2, 0, 0, 0);
		}
	}

	private static final int SHAPE_LLS = shape(3, 0b100);

	/** Fires a probe declared with 3 arguments (integer, integer, string). */
	public void fire(long a0, long a1, String a2) {
		checkShape(SHAPE_LLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, a1, s.put(2, a2), 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSL = shape(3, 0b010);

	/** Fires a probe declared with 3 arguments (integer, string, integer). */
	public void fire(long a0, String a1, long a2) {
		checkShape(SHAPE_LSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), a2, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSS = shape(3, 0b110);

	/** Fires a probe declared with 3 arguments (integer, string, string). */
	public void fire(long a0, String a1, String a2) {
		checkShape(SHAPE_LSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), s.put(2, a2), 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLL = shape(3, 0b001);

	/** Fires a probe declared with 3 arguments (string, integer, integer). */
	public void fire(String a0, long a1, long a2) {
		checkShape(SHAPE_SLL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, a2, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLS = shape(3, 0b101);

	/** Fires a probe declared with 3 arguments (string, integer, string). */
	public void fire(String a0, long a1, String a2) {
		checkShape(SHAPE_SLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, s.put(2, a2), 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSL = shape(3, 0b011);

	/** Fires a probe declared with 3 arguments (string, string, integer). */
	public void fire(String a0, String a1, long a2) {
		checkShape(SHAPE_SSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), a2, 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSS = shape(3, 0b111);

	/** Fires a probe declared with 3 arguments (string, string, string). */
	public void fire(String a0, String a1, String a2) {
		checkShape(SHAPE_SSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), s.put(2, a2), 0, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LLLL = shape(4, 0b0000);

	/** Fires a probe declared with 4 arguments (integer, integer, integer, integer). */
	public void fire(long a0, long a1, long a2, long a3) {
		checkShape(SHAPE_LLLL);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, a1, a2, a3, 0, 0);
		}
	}

	private static final int SHAPE_LLLS = shape(4, 0b1000);

	/** Fires a probe declared with 4 arguments (integer, integer, integer, string). */
	public void fire(long a0, long a1, long a2, String a3) {
		checkShape(SHAPE_LLLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, a1, a2, s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LLSL = shape(4, 0b0100);

	/** Fires a probe declared with 4 arguments (integer, integer, string, integer). */
	public void fire(long a0, long a1, String a2, long a3) {
		checkShape(SHAPE_LLSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, a1, s.put(2, a2), a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LLSS = shape(4, 0b1100);

	/** Fires a probe declared with 4 arguments (integer, integer, string, string). */
	public void fire(long a0, long a1, String a2, String a3) {
		checkShape(SHAPE_LLSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, a1, s.put(2, a2), s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSLL = shape(4, 0b0010);

	/** Fires a probe declared with 4 arguments (integer, string, integer, integer). */
	public void fire(long a0, String a1, long a2, long a3) {
		checkShape(SHAPE_LSLL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), a2, a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSLS = shape(4, 0b1010);

	/** Fires a probe declared with 4 arguments (integer, string, integer, string). */
	public void fire(long a0, String a1, long a2, String a3) {
		checkShape(SHAPE_LSLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), a2, s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSSL = shape(4, 0b0110);

	/** Fires a probe declared with 4 arguments (integer, string, string, integer). */
	public void fire(long a0, String a1, String a2, long a3) {
		checkShape(SHAPE_LSSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), s.put(2, a2), a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LSSS = shape(4, 0b1110);

	/** Fires a probe declared with 4 arguments (integer, string, string, string). */
	public void fire(long a0, String a1, String a2, String a3) {
		checkShape(SHAPE_LSSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, a0, s.put(1, a1), s.put(2, a2), s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLLL = shape(4, 0b0001);

	/** Fires a probe declared with 4 arguments (string, integer, integer, integer). */
	public void fire(String a0, long a1, long a2, long a3) {
		checkShape(SHAPE_SLLL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, a2, a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLLS = shape(4, 0b1001);

	/** Fires a probe declared with 4 arguments (string, integer, integer, string). */
	public void fire(String a0, long a1, long a2, String a3) {
		checkShape(SHAPE_SLLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, a2, s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLSL = shape(4, 0b0101);

	/** Fires a probe declared with 4 arguments (string, integer, string, integer). */
	public void fire(String a0, long a1, String a2, long a3) {
		checkShape(SHAPE_SLSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, s.put(2, a2), a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SLSS = shape(4, 0b1101);

	/** Fires a probe declared with 4 arguments (string, integer, string, string). */
	public void fire(String a0, long a1, String a2, String a3) {
		checkShape(SHAPE_SLSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), a1, s.put(2, a2), s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSLL = shape(4, 0b0011);

	/** Fires a probe declared with 4 arguments (string, string, integer, integer). */
	public void fire(String a0, String a1, long a2, long a3) {
		checkShape(SHAPE_SSLL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), a2, a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSLS = shape(4, 0b1011);

	/** Fires a probe declared with 4 arguments (string, string, integer, string). */
	public void fire(String a0, String a1, long a2, String a3) {
		checkShape(SHAPE_SSLS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), a2, s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSSL = shape(4, 0b0111);

	/** Fires a probe declared with 4 arguments (string, string, string, integer). */
	public void fire(String a0, String a1, String a2, long a3) {
		checkShape(SHAPE_SSSL);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), s.put(2, a2), a3, 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_SSSS = shape(4, 0b1111);

	/** Fires a probe declared with 4 arguments (string, string, string, string). */
	public void fire(String a0, String a1, String a2, String a3) {
		checkShape(SHAPE_SSSS);
		if (shouldFire()) {
			NativeStrings.Slot s = this.strings.acquire();
			try {
				this.caller.call(this.stub, s.put(0, a0), s.put(1, a1), s.put(2, a2), s.put(3, a3), 0, 0);
			}
			finally {
				this.strings.release(s);
			}
		}
	}

	private static final int SHAPE_LLLLL = shape(5, 0b00000);

	/** Fires a probe declared with 5 arguments (integer, integer, integer, integer, integer). */
	public void fire(long a0, long a1, long a2, long a3, long a4) {
		checkShape(SHAPE_LLLLL);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, a1, a2, a3, a4, 0);
		}
	}

	private static final int SHAPE_LLLLLL = shape(6, 0b000000);

	/** Fires a probe declared with 6 arguments (integer, integer, integer, integer, integer, integer). */
	public void fire(long a0, long a1, long a2, long a3, long a4, long a5) {
		checkShape(SHAPE_LLLLLL);
		if (shouldFire()) {
			this.caller.call(this.stub, a0, a1, a2, a3, a4, a5);
		}
	}

}
