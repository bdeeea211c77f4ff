package dev.usdt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.nativeaccess.ProbeFunction;
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
public final class Probe extends ProbeFireMethods {

	private static final VarHandle SEMAPHORE = MethodHandles.byteBufferViewVarHandle(short[].class,
			ByteOrder.nativeOrder());

	// close() swaps the two fields below while other threads may be firing in compiled loops: they
	// are read opaque (a plain load on x86 and arm64, but one the JIT may not hoist out of a loop),
	// so a loop sees the swap within a few iterations, and written volatile.
	private static final VarHandle SEMAPHORES_FIELD;

	private static final VarHandle SEMAPHORE_ADDRESS_FIELD;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			SEMAPHORES_FIELD = lookup.findVarHandle(Probe.class, "semaphores", ByteBuffer.class);
			SEMAPHORE_ADDRESS_FIELD = lookup.findVarHandle(Probe.class, "semaphoreAddress", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String provider;

	private final ProbeDefinition definition;

	private final int semaphoreOffset;

	/** The provider's semaphores; swapped for an all-zero buffer when the provider is closed. */
	@SuppressWarnings("unused") // read and written through SEMAPHORES_FIELD
	private ByteBuffer semaphores;

	/** This probe's semaphore in {@link #semaphores}, for {@link SemaphoreReader}; 0 if it is not available. */
	@SuppressWarnings("unused") // read and written through SEMAPHORE_ADDRESS_FIELD
	private long semaphoreAddress;

	/** Keeps the registered buffer reachable: a read racing {@link #close} may still use its address. */
	private final ByteBuffer registeredSemaphores;

	/** Set by {@link #close}; read only by the test hook, never on the hot path. */
	private volatile boolean closed;

	Probe(String provider, ProbeDefinition definition, ByteBuffer semaphores, int semaphoreOffset,
			ProbeFunction function, NativeStrings strings) {
		super(ArgumentShape.of(definition.argumentKinds()), function, strings);
		this.provider = provider;
		this.definition = definition;
		this.semaphores = semaphores;
		this.semaphoreOffset = semaphoreOffset;
		this.semaphoreAddress = rawAddress(semaphores, semaphoreOffset);
		this.registeredSemaphores = semaphores;
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
			return SemaphoreReader.read((long) SEMAPHORE_ADDRESS_FIELD.getOpaque(this)) != 0;
		}
		return (short) SEMAPHORE.getOpaque((ByteBuffer) SEMAPHORES_FIELD.getOpaque(this), this.semaphoreOffset) != 0;
	}

	/**
	 * What every fire method checks before it touches native memory: the process-wide fast guard
	 * (a constant to the JIT, off while no probe of the process is enabled) and then this probe's
	 * semaphore. Use it to guard building expensive arguments.
	 */
	@Override
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
		if (count != ArgumentShape.count(this.shape)) {
			throw mismatch(count + " argument" + ((count != 1) ? "s" : ""));
		}
		// Types are checked before the semaphore, so a wrong call fails with or without a tracer
		for (int i = 0; i < count; i++) {
			if (!ArgumentShape.isString(this.shape, i)) {
				ArgumentValues.integer(arguments[i], this, i);
			}
		}
		if (!shouldFire()) {
			return;
		}
		NativeStrings.Slot s = ArgumentShape.hasStrings(this.shape) ? this.strings.acquire() : null;
		try {
			this.function.call(word(arguments, 0, s), word(arguments, 1, s), word(arguments, 2, s),
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
		return ArgumentShape.isString(this.shape, i) ? s.put(i, ArgumentValues.text(arguments[i])) : ArgumentValues.integer(arguments[i], this, i);
	}

	/** Makes every later call a no-op; the stub and old buffer stay mapped, so racing threads are safe. */
	void close(ByteBuffer zeroSemaphores) {
		SEMAPHORE_ADDRESS_FIELD.setVolatile(this, rawAddress(zeroSemaphores, this.semaphoreOffset));
		SEMAPHORES_FIELD.setVolatile(this, zeroSemaphores);
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
		SEMAPHORE.setVolatile((ByteBuffer) SEMAPHORES_FIELD.getVolatile(this), this.semaphoreOffset,
				(short) (enabled ? 1 : 0));
		SemaphoreWatcher.INSTANCE.scanNow();
	}

	@Override
	IllegalArgumentException mismatch(String given) {
		return new IllegalArgumentException("Probe " + signature() + " was fired with " + given
				+ "; fire it with exactly its declared arguments (integers as long, char * as String)");
	}

	@Override
	public String toString() {
		return signature();
	}

}
