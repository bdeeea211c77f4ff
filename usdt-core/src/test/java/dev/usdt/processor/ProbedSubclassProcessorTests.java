package dev.usdt.processor;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subclasses {@link ProbedSubclassProcessor} generates compile with javac for the signatures
 * classes really have, override exactly the probed methods, keep every constructor with its
 * annotations, and are not generated where no subclass can be made. The starter's types are
 * compiled from minimal stand-ins here; the starter's own tests run the real ones with bpftrace.
 */
class ProbedSubclassProcessorTests {

	/** The starter's types as the generated code uses them. */
	private static final String[][] STARTER = {
			{ "dev/usdt/autoconfigure/ProbedSubclass.java",
					"package dev.usdt.autoconfigure; public interface ProbedSubclass { void usdt$bind(ProbedCalls calls); }" },
			{ "dev/usdt/autoconfigure/ProbedCalls.java",
					"package dev.usdt.autoconfigure; public final class ProbedCalls { public ProbedCall method(String n, Class<?>... t) { return null; } }" },
			{ "dev/usdt/autoconfigure/ProbedCall.java", "package dev.usdt.autoconfigure; public final class ProbedCall {"
					+ " public boolean enabled() { return false; } public long enter(Object... a) { return 0; }"
					+ " public void thrown(long s, Throwable t) { } public Object returned(long s, Object r) { return r; } }" } };

	@TempDir
	Path temp;

	private final List<String> warnings = new ArrayList<>();

	@Test
	void overridesExactlyTheProbedMethodsWhateverTheirSignatures() throws Exception {
		source("shop/Base.java", """
				package shop;
				public abstract class Base<T> {
					@dev.usdt.UsdtProbe public String handle(T input) { return "handled " + input; }
					protected void inherited() { }
				}
				""");
		source("shop/Orders.java", """
				package shop;
				import java.io.IOException;
				import java.util.List;
				public class Orders extends Base<String> {
					@dev.usdt.UsdtProbe public <T extends Comparable<T>> T max(List<? extends T> values) { return values.get(0); }
					@dev.usdt.UsdtProbe("sum") protected long total(int... cents) { return cents.length; }
					@dev.usdt.UsdtProbe void write(byte[][] rows, String name) throws IOException { }
					@dev.usdt.UsdtProbe public final void sealed() { }
					@dev.usdt.UsdtProbe public static void utility() { }
					@dev.usdt.UsdtProbe private void hidden() { }
					public String plain() { return "plain"; }
				}
				""");
		compile();
		Class<?> subclass = load("shop.Orders$$Usdt");
		assertThat(subclass.getSuperclass().getName()).isEqualTo("shop.Orders");
		assertThat(subclass.getInterfaces()).extracting(Class::getName).containsExactly("dev.usdt.autoconfigure.ProbedSubclass");
		assertThat(overrides(subclass)).containsExactlyInAnyOrder("handle(java.lang.String)",
				"max(java.util.List)", "total(int[])", "write(byte[][],java.lang.String)");
		assertThat(subclass.getDeclaredMethod("total", int[].class).isVarArgs()).isTrue();
		assertThat(Modifier.isProtected(subclass.getDeclaredMethod("total", int[].class).getModifiers())).isTrue();
		assertThat(subclass.getDeclaredMethod("write", byte[][].class, String.class).getExceptionTypes())
			.containsExactly(IOException.class);
		assertThat(Modifier.isPublic(subclass.getModifiers())).isTrue();
	}

	@Test
	void classLevelProbesOverrideThePublicMethodsIncludingInheritedOnes() throws Exception {
		source("shop/Greeter.java", """
				package shop;
				public interface Greeter { default String greet(String name) { return "hello " + name; } }
				""");
		source("shop/Desk.java", """
				package shop;
				@dev.usdt.UsdtProbe(provider = "desk")
				public class Desk implements Greeter {
					public int open() { return 1; }
					protected int internal() { return 2; }
					int packaged() { return 3; }
				}
				""");
		compile();
		assertThat(overrides(load("shop.Desk$$Usdt"))).containsExactlyInAnyOrder("greet(java.lang.String)", "open()");
	}

	@Test
	void keepsEveryVisibleConstructorWithItsAnnotations() throws Exception {
		source("shop/Named.java", """
				package shop;
				@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
				public @interface Named { String value(); int[] order() default {}; }
				""");
		source("shop/Service.java", """
				package shop;
				public class Service {
					final String name;
					@Deprecated public Service(@Named(value = "fast", order = { 1, 2 }) String name, int... weights) { this.name = name; }
					protected Service() { this("default"); }
					private Service(long secret) { this("secret"); }
					@dev.usdt.UsdtProbe public String name() { return this.name; }
				}
				""");
		compile();
		Class<?> subclass = load("shop.Service$$Usdt");
		List<String> constructors = new ArrayList<>();
		for (Constructor<?> constructor : subclass.getDeclaredConstructors()) {
			constructors.add(Modifier.toString(constructor.getModifiers()) + " " + Arrays.toString(constructor.getParameterTypes()));
		}
		assertThat(constructors).containsExactlyInAnyOrder("public transient [class java.lang.String, class [I]",
				"protected []");
		Constructor<?> injected = subclass.getDeclaredConstructor(String.class, int[].class);
		assertThat(injected.isAnnotationPresent(Deprecated.class)).isTrue();
		Annotation named = injected.getParameterAnnotations()[0][0];
		assertThat(named.toString()).contains("fast", "1, 2");
		Object service = injected.newInstance("orders", new int[0]);
		assertThat(subclass.getMethod("name").invoke(service)).isEqualTo("orders");
	}

	@Test
	void generatesNothingWhereNoSubclassCanBeMade() throws Exception {
		source("shop/Cases.java", """
				package shop;
				public class Cases {
					public static final class Sealed { @dev.usdt.UsdtProbe public void a() { } }
					public abstract static class Partial { @dev.usdt.UsdtProbe public void a() { } }
					public static class Generic<T> { @dev.usdt.UsdtProbe public void a() { } }
					private static class Hidden { @dev.usdt.UsdtProbe public void a() { } }
					public class Inner { @dev.usdt.UsdtProbe public void a() { } }
					public static class Singleton { private Singleton() { } @dev.usdt.UsdtProbe public void a() { } }
					public static class OnlyFinal { @dev.usdt.UsdtProbe public final void a() { } }
					public static class Nested { @dev.usdt.UsdtProbe public void a() { } }
				}
				""");
		compile();
		assertThat(generated()).containsExactly("Cases$Nested$$Usdt.java");
	}

	@Test
	void generatesNothingForAClassLombokChanges() throws Exception {
		// stand-ins with Lombok's names: the real Lombok would add a constructor to Orders
		source("lombok/RequiredArgsConstructor.java", "package lombok; public @interface RequiredArgsConstructor { }");
		source("lombok/NonNull.java", "package lombok; public @interface NonNull { }");
		source("shop/Orders.java", """
				package shop;
				@lombok.RequiredArgsConstructor
				public class Orders { @dev.usdt.UsdtProbe public void place() { } }
				""");
		source("shop/Shipments.java", """
				package shop;
				public class Shipments { @lombok.NonNull private String carrier; @dev.usdt.UsdtProbe public void ship() { } }
				""");
		compile();
		assertThat(generated()).isEmpty();
	}

	@Test
	void warnsWhereAMethodHasMoreParametersThanAProbeCarries() throws Exception {
		source("shop/Orders.java", """
				package shop;
				public class Orders {
					@dev.usdt.UsdtProbe public void place(int a, int b, int c, int d, int e, int f, String g) { }
					@dev.usdt.UsdtProbe public void ship(int a, int b, int c, int d, int e, int f) { }
				}
				""");
		compile();
		assertThat(this.warnings).containsExactly(
				"3: USDT probe method place has 7 parameters; its entry probe carries the first 6");
		assertThat(generated()).containsExactly("Orders$$Usdt.java");
	}

	@Test
	void generatesNothingWithoutTheStarter() throws Exception {
		source("shop/Orders.java", "package shop; public class Orders { @dev.usdt.UsdtProbe public void place() { } }");
		compile(false);
		assertThat(generated()).isEmpty();
	}

	private void source(String path, String text) throws IOException {
		Path file = this.temp.resolve("src").resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	private void compile() throws IOException {
		compile(true);
	}

	private void compile(boolean withStarter) throws IOException {
		if (withStarter) {
			for (String[] file : STARTER) {
				source(file[0], file[1]);
			}
		}
		List<Path> sources;
		try (Stream<Path> files = Files.walk(this.temp.resolve("src"))) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			Files.createDirectories(this.temp.resolve("classes"));
			List<String> options = List.of("-d", this.temp.resolve("classes").toString(), "-s",
					Files.createDirectories(this.temp.resolve("generated")).toString(), "-classpath",
					System.getProperty("java.class.path"), "-processor", ProbedSubclassProcessor.class.getName());
			Boolean compiled = compiler
				.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
				.call();
			assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
			assertThat(diagnostics.getDiagnostics()).filteredOn((d) -> d.getKind() == Diagnostic.Kind.ERROR).isEmpty();
			for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
				if (diagnostic.getKind() == Diagnostic.Kind.WARNING) {
					this.warnings.add(diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT));
				}
			}
		}
	}

	private List<String> generated() throws IOException {
		try (Stream<Path> files = Files.walk(this.temp.resolve("generated"))) {
			return files.filter(Files::isRegularFile).map((file) -> file.getFileName().toString()).toList();
		}
	}

	private Class<?> load(String name) throws Exception {
		URLClassLoader loader = new URLClassLoader(new URL[] { this.temp.resolve("classes").toUri().toURL() },
				getClass().getClassLoader());
		return Class.forName(name, true, loader);
	}

	/** The methods a generated subclass declares besides {@code usdt$bind}, as name(parameter types). */
	private static List<String> overrides(Class<?> subclass) {
		List<String> methods = new ArrayList<>();
		for (Method method : subclass.getDeclaredMethods()) {
			if (!method.isSynthetic() && !method.getName().equals("usdt$bind")) {
				methods.add(method.getName() + Arrays.stream(method.getParameterTypes())
					.map(Class::getTypeName)
					.collect(java.util.stream.Collectors.joining(",", "(", ")")));
			}
		}
		return methods;
	}

}
