package dev.usdt.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import dev.usdt.UsdtOptions;
import dev.usdt.backend.BackendKind;
import dev.usdt.jvm.JvmProbeNaming;
import dev.usdt.parser.DNames;

/**
 * Configuration properties for USDT probes.
 */
@ConfigurationProperties("usdt")
public class UsdtProperties {

	/** Provider name used when neither the annotation nor the application names one. */
	static final String FALLBACK_PROVIDER = "app";

	/**
	 * Whether to register USDT probes. When disabled, @UsdtProbe methods are not advised and
	 * @UsdtProvider interfaces are injected as no-ops.
	 */
	private boolean enabled = true;

	/**
	 * Comma-separated list of resource patterns of D provider definition files to register.
	 */
	private List<String> definitions = new ArrayList<>(List.of("classpath*:usdt/**/*.d"));

	/**
	 * Provider name of @UsdtProbe methods that do not name one. Defaults to
	 * spring.application.name with every character other than a letter, digit or underscore
	 * replaced by an underscore, else "app".
	 */
	private @Nullable String provider;

	/**
	 * Backend that registers the probes with the platform's tracer. 'auto' picks stapsdt on
	 * Linux and DTrace where it exists.
	 */
	private BackendKind backend = BackendKind.AUTO;

	/**
	 * Directory for the generated probe libraries. It must be private to this user (mode 0700,
	 * not a symbolic link). Defaults to a private usdt-<uid> directory in the temporary directory.
	 */
	private @Nullable Path libraryDir;

	/**
	 * Whether to fail startup when probes cannot be registered, instead of logging a warning and
	 * using no-op probes.
	 */
	private boolean strict;

	/**
	 * Maximum UTF-8 bytes passed per string argument; longer strings are truncated on a character
	 * boundary.
	 */
	private int maxStringBytes = UsdtOptions.DEFAULT_MAX_STRING_BYTES;

	/**
	 * Whether fire methods and the @UsdtProbe advice first consult a JIT-folded guard that is off
	 * while no probe of the process is enabled. Disable to see every event from the moment a
	 * tracer attaches, at about a nanosecond per disabled fire.
	 */
	private boolean fastGuard = true;

	/**
	 * How often the semaphore watcher that drives the fast guard looks at the semaphores: events
	 * fired in this interval after a tracer attaches are not seen.
	 */
	private Duration watchInterval = UsdtOptions.DEFAULT_WATCH_INTERVAL;

	private final Jvm jvm = new Jvm();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getDefinitions() {
		return this.definitions;
	}

	public void setDefinitions(List<String> definitions) {
		this.definitions = definitions;
	}

	public @Nullable String getProvider() {
		return this.provider;
	}

	public void setProvider(@Nullable String provider) {
		if (StringUtils.hasText(provider)) {
			// Checked by the setters so that a wrong value fails binding, which Spring Boot reports
			// with the property, its value and where it was set
			DNames.checkProviderName(provider.trim());
		}
		this.provider = provider;
	}

	public BackendKind getBackend() {
		return this.backend;
	}

	public void setBackend(BackendKind backend) {
		this.backend = backend;
	}

	public @Nullable Path getLibraryDir() {
		return this.libraryDir;
	}

	public void setLibraryDir(@Nullable Path libraryDir) {
		this.libraryDir = libraryDir;
	}

	public boolean isStrict() {
		return this.strict;
	}

	public void setStrict(boolean strict) {
		this.strict = strict;
	}

	public int getMaxStringBytes() {
		return this.maxStringBytes;
	}

	public void setMaxStringBytes(int maxStringBytes) {
		if (!UsdtOptions.isValidMaxStringBytes(maxStringBytes)) {
			throw new IllegalArgumentException("must be " + UsdtOptions.MAX_STRING_BYTES_RANGE + " bytes");
		}
		this.maxStringBytes = maxStringBytes;
	}

	public boolean isFastGuard() {
		return this.fastGuard;
	}

	public void setFastGuard(boolean fastGuard) {
		this.fastGuard = fastGuard;
	}

	public Duration getWatchInterval() {
		return this.watchInterval;
	}

	public void setWatchInterval(Duration watchInterval) {
		if (!UsdtOptions.isValidWatchInterval(watchInterval)) {
			throw new IllegalArgumentException("must be " + UsdtOptions.WATCH_INTERVAL_RANGE);
		}
		this.watchInterval = watchInterval;
	}

	public Jvm getJvm() {
		return this.jvm;
	}

	/** The runtime options these properties describe. */
	public UsdtOptions toOptions() {
		return new UsdtOptions(this.backend, this.libraryDir, this.strict, this.maxStringBytes, this.fastGuard,
				this.watchInterval);
	}

	/**
	 * The provider of {@code @UsdtProbe} methods that name none: {@link #getProvider()} if set,
	 * else the application name made into a D identifier, else {@code app}.
	 */
	public String determineProvider(@Nullable String applicationName) {
		if (StringUtils.hasText(this.provider)) {
			return this.provider.trim();
		}
		if (!StringUtils.hasText(applicationName)) {
			return FALLBACK_PROVIDER;
		}
		return DNames.toIdentifier(applicationName.trim());
	}

	/**
	 * The built-in JVM provider.
	 */
	public static class Jvm {

		/**
		 * Whether to register the JVM provider (GC, memory-pool, thread, class-loading,
		 * safepoint and heap probes, fed by JFR and JMX only while a tracer enables them).
		 */
		private boolean enabled = true;

		/**
		 * How the provider and its probes are named: 'jvm', or 'hotspot' for HotSpot's names
		 * where the meaning matches hotspot.d. 'hotspot' falls back to 'jvm' with a warning
		 * when the running libjvm has USDT probes of its own.
		 */
		private JvmProbeNaming naming = JvmProbeNaming.JVM;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public JvmProbeNaming getNaming() {
			return this.naming;
		}

		public void setNaming(JvmProbeNaming naming) {
			this.naming = naming;
		}

	}

}
