package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import dev.usdt.BpftraceCommands;
import dev.usdt.ProcessNamespaces;
import dev.usdt.Provider;
import dev.usdt.ProviderDirectory;
import dev.usdt.TypedProviders;
import dev.usdt.UsdtException;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * Registers every probe of the application once all singletons exist, before the web server
 * starts taking requests: the {@code .d} files, the {@code @UsdtProvider} interfaces and the
 * {@code @UsdtProbe} methods of every bean class. Runs once per context (a management child
 * context has no instance of its own). Logs one INFO line saying where the probes are and how to
 * list them.
 *
 * <p>
 * The probes are unregistered when the runtime closes with the context; by then the web server
 * has stopped.
 */
public class UsdtProbeRegistration implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(UsdtProbeRegistration.class);

	private final UsdtRuntime runtime;

	private final ConfigurableListableBeanFactory beanFactory;

	private final DefinitionFileLoader definitionFiles;

	private final List<String> definitionPatterns;

	private final ProbedMethods probedMethods;

	private volatile boolean registered;

	private volatile Map<String, Provider> providers = Map.of();

	/** Classes of beans created after the registration: whether they have registered probes. */
	private final Map<Class<?>, Boolean> lateClasses = new ConcurrentHashMap<>();

	private volatile Map<ProbedMethod, MethodProbes> methodProbes = Map.of();

	UsdtProbeRegistration(UsdtRuntime runtime, ConfigurableListableBeanFactory beanFactory,
			DefinitionFileLoader definitionFiles, List<String> definitionPatterns, ProbedMethods probedMethods) {
		this.runtime = runtime;
		this.beanFactory = beanFactory;
		this.definitionFiles = definitionFiles;
		this.definitionPatterns = List.copyOf(definitionPatterns);
		this.probedMethods = probedMethods;
	}

	@Override
	public void afterSingletonsInstantiated() {
		register();
	}

	/**
	 * Registers the probes unless that has happened already.
	 * @throws UsdtException or {@link dev.usdt.parser.DefinitionException} when a source is invalid,
	 * or (strict mode) the backend cannot register a provider
	 */
	public synchronized void register() {
		if (this.registered) {
			return;
		}
		// Plain loops on this path: each lambda costs a class spun at startup
		ProviderCatalog catalog = new ProviderCatalog();
		for (DefinitionFile file : this.definitionFiles.load(this.definitionPatterns)) {
			catalog.addFile(file);
		}
		List<Class<?>> interfaces = providerInterfaces();
		for (Class<?> type : interfaces) {
			catalog.addInterface(type);
		}
		Collection<ProbedMethod> methods = scanBeanClasses();
		for (ProbedMethod method : methods) {
			catalog.addMethod(method);
		}
		Map<String, Provider> providers = new LinkedHashMap<>();
		try {
			for (ProviderDefinition definition : catalog.definitions()) {
				// a user-supplied runtime, or another context of the hierarchy, may have registered
				// the provider: bind to it if it matches
				Provider provider = this.runtime.provider(definition.name()).orElse(null);
				if (provider != null) {
					requireSameProbes(provider, definition);
					SharedProviders.bound(this.runtime, provider);
				}
				else {
					provider = this.runtime.register(definition);
					SharedProviders.registered(this.runtime, provider);
				}
				providers.put(definition.name(), provider);
			}
		}
		catch (RuntimeException ex) {
			// A child context that fails to start leaves no provider of its own behind
			release(providers.values());
			throw ex;
		}
		for (Class<?> type : interfaces) {
			ProviderCatalog.checkInterface(type, providers.get(TypedProviders.providerName(type)).definition());
		}
		Map<ProbedMethod, MethodProbes> methodProbes = new LinkedHashMap<>();
		for (ProbedMethod method : methods) {
			methodProbes.put(method, probesOf(providers.get(method.provider()), method));
		}
		this.providers = providers;
		this.methodProbes = methodProbes;
		this.registered = true;
		// classes generated from the same .d files fire these providers instead of registering their own
		for (Provider provider : providers.values()) {
			ProviderDirectory.publish(provider);
		}
		logRegistration();
	}

	private static void requireSameProbes(Provider existing, ProviderDefinition definition) {
		for (ProbeDefinition probe : definition.probes()) {
			ProbeDefinition other = existing.definition().probe(probe.name()).orElse(null);
			if (other == null || !other.firesLike(probe)) {
				throw new ProbeDeclarationException("Provider '" + definition.name() + "' of " + definition.location()
						+ " is already registered from " + existing.source() + " without a matching probe "
						+ probe.signature(), "rename one of them (the built-in JVM provider is turned off with "
								+ "usdt.jvm.enabled=false, the observation provider renamed with "
								+ "usdt.observation.provider; in a context hierarchy each context registers the probes of "
								+ "its own beans into the runtime it shares with its parent, so give the child's "
								+ "@UsdtProbe methods a provider of their own: usdt.provider on the child context, or "
								+ "@UsdtProbe(provider = ...))", null);
			}
		}
	}

	public boolean isRegistered() {
		return this.registered;
	}

	/** A registered provider, for {@code @UsdtProvider} interface beans to bind to. */
	public Optional<Provider> provider(String name) {
		return Optional.ofNullable(this.providers.get(name));
	}

	/**
	 * The probes of an advised method, or {@code null} if it has none (not advised, or its bean
	 * class was unknown at startup and its probes are not registered with the same signature).
	 */
	@Nullable MethodProbes probesFor(Method method, @Nullable Class<?> targetClass) {
		ProbedMethod probed = this.probedMethods.resolve(method, targetClass);
		// null: untraced, the bean came too late (checkCreatedLate said so) or the context closed
		return (probed != null) ? registeredProbes(probed) : null;
	}

	/** The registered probes of {@code method}: those found at startup, or its provider's of the same signature. */
	private @Nullable MethodProbes registeredProbes(ProbedMethod method) {
		MethodProbes probes = this.methodProbes.get(method);
		if (probes != null) {
			return probes;
		}
		Provider provider = this.providers.get(method.provider());
		return (provider != null && sameSignature(provider, method)) ? probesOf(provider, method) : null;
	}

	/**
	 * For a bean created after the probes were registered (a lazy or prototype bean): whether its
	 * class has registered probes, so that advising it can fire anything. Warns, once per class,
	 * about each {@code @UsdtProbe} method whose probes are not registered: its class was not known
	 * then. Before the registration every bean may have probes: {@code true}.
	 */
	boolean checkCreatedLate(Class<?> beanClass) {
		if (!this.registered) {
			return true;
		}
		Boolean known = this.lateClasses.get(beanClass);
		if (known != null) {
			return known;
		}
		boolean anyRegistered = false;
		for (ProbedMethod method : this.probedMethods.scan(beanClass).probed()) {
			if (registeredProbes(method) != null) {
				anyRegistered = true;
			}
			else {
				logger.warn("USDT probes of " + method.describe() + " were not registered: its bean was created "
						+ "after the probes were registered (a lazy or prototype bean), and its class was not known "
						+ "before (a @Bean method that returns an interface or a supertype); calls run untraced. "
						+ "Declare the class as the @Bean method's return type.");
			}
		}
		this.lateClasses.put(beanClass, anyRegistered);
		return anyRegistered;
	}

	@Override
	public void destroy() {
		release(this.providers.values());
		this.registered = false;
		this.providers = Map.of();
		this.methodProbes = Map.of();
	}

	/**
	 * This context no longer uses {@code providers}: those no other open context uses are withdrawn
	 * from the generated classes and, when the runtime is a parent context's, unregistered from it.
	 * A context's own runtime unregisters them itself when it closes, after the beans that fire.
	 */
	private void release(Collection<Provider> providers) {
		boolean ownRuntime = this.beanFactory.getBeanNamesForType(UsdtRuntime.class, false, false).length > 0;
		for (Provider provider : providers) {
			if (SharedProviders.release(this.runtime, provider)) {
				ProviderDirectory.withdraw(provider);
				if (!ownRuntime) {
					this.runtime.unregister(provider);
				}
			}
		}
	}

	private static boolean sameSignature(Provider provider, ProbedMethod method) {
		ProviderDefinition definition = provider.definition();
		ProbeDefinition entry = definition.probe(method.entryName()).orElse(null);
		return entry != null && entry.argumentKinds().equals(method.entryProbe().argumentKinds())
				&& definition.probe(method.returnName()).isPresent();
	}

	private static MethodProbes probesOf(Provider provider, ProbedMethod method) {
		if (!sameSignature(provider, method)) {
			throw new ProbeDeclarationException("USDT provider '" + provider.name() + "' (" + provider.source()
					+ ") was registered without the probes of " + method.describe() + ": "
					+ method.entryProbe().signature() + " and " + method.returnProbe().signature(),
					"give the method a provider of its own: @UsdtProbe(provider = \"...\")", null);
		}
		return new MethodProbes(provider.probe(method.entryName()), provider.probe(method.returnName()));
	}

	private List<Class<?>> providerInterfaces() {
		List<Class<?>> interfaces = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(UsdtProviderFactoryBean.class, true, false)) {
			interfaces.add(this.beanFactory.getBean(name, UsdtProviderFactoryBean.class).getObjectType());
		}
		return interfaces;
	}

	/**
	 * The advised methods of every bean class, each once. Logs one WARN for each method
	 * {@code @UsdtProbe} asks probes for that could never fire, saying why.
	 */
	private Collection<ProbedMethod> scanBeanClasses() {
		Map<ProbedMethod, ProbedMethod> methods = new LinkedHashMap<>();
		Set<String> neverFired = new LinkedHashSet<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanClass(name);
			if (type != null) {
				ProbedMethods.ScannedClass scanned = this.probedMethods.scan(type);
				for (ProbedMethod method : scanned.probed()) {
					methods.putIfAbsent(method, method);
				}
				for (Map.Entry<ProbedMethod, String> never : scanned.neverFired().entrySet()) {
					neverFired.add("@UsdtProbe on " + never.getKey().describe() + " will never fire: "
							+ never.getValue() + ". No probes are registered for it.");
				}
			}
		}
		for (String warning : neverFired) {
			logger.warn(warning);
		}
		return methods.values();
	}

	private @Nullable Class<?> beanClass(String name) {
		if (this.beanFactory.containsSingleton(name)) {
			Object bean = this.beanFactory.getSingleton(name);
			if (bean != null) {
				return AopProxyUtils.ultimateTargetClass(bean);
			}
		}
		try {
			Class<?> type = this.beanFactory.getType(name, false);
			return (type != null) ? ClassUtils.getUserClass(type) : null;
		}
		catch (BeansException ex) {
			// a definition whose type cannot be predicted has no probes we could know about
			return null;
		}
	}

	private void logRegistration() {
		// Everything the runtime serves, including providers registered beside ours (the built-in jvm one)
		Collection<Provider> providers = this.runtime.providers();
		int probes = 0;
		Set<Path> libraries = new LinkedHashSet<>();
		StringJoiner where = new StringJoiner(", ", " [", "]").setEmptyValue("");
		for (Provider provider : providers) {
			probes += provider.probes().size();
			Path library = provider.library().orElse(null);
			if (library != null) {
				libraries.add(library);
			}
			where.add(provider.name() + " -> " + ((library != null) ? library : "(no library)"));
		}
		String list = switch (libraries.size()) {
			case 0 -> "no tracer sees them with this backend";
			case 1 -> "list them with: " + BpftraceCommands.listProbes(this.runtime.pid(), libraries.iterator().next());
			default -> "list them with: " + BpftraceCommands.listProbes(this.runtime.pid(), null);
		};
		Set<Path> directories = new LinkedHashSet<>();
		for (Path library : libraries) {
			directories.add(library.getParent());
		}
		for (Path directory : directories) {
			if (!BpftraceCommands.canName(directory)) {
				logger.warn("USDT probe libraries are in " + BpftraceCommands.shellQuote(directory.toString())
						+ ", a name with a control character (such as a newline) in which bpftrace cannot find them; "
						+ "set usdt.library-dir to another directory");
			}
		}
		String advice = ProcessNamespaces.fromHost(this.runtime.pid(), List.copyOf(libraries)).orElse(null);
		logger.info("USDT probes registered (backend " + this.runtime.backend() + ", pid " + this.runtime.pid() + "): "
				+ providers.size() + " provider" + ((providers.size() != 1) ? "s" : "") + ", " + probes + " probe"
				+ ((probes != 1) ? "s" : "") + where + "; " + list + ((advice != null) ? "; " + advice : ""));
	}

}
