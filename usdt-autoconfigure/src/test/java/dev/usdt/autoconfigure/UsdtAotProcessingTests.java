package dev.usdt.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.hint.ResourcePatternHint;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;
import org.springframework.test.context.support.TestPropertySourceUtils;

import dev.usdt.autoconfigure.sample.AuditService;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;
import dev.usdt.autoconfigure.subclass.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AOT ({@code spring-boot:process-aot}) over an application using the starter: the build
 * step that generates bean definitions as code, the proxy classes and the runtime hints a native
 * image needs.
 */
class UsdtAotProcessingTests {

	@Test
	void aotProcessingSucceedsAndGeneratesTheProbeProxyClass() {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		processAheadOfTime(files, "usdt.backend=noop");
		// numbered per JVM: another test may have created the first one
		String proxy = OrderService.class.getName().replace('.', '/') + "$$SpringCGLIB$$";
		assertThat(files.getGeneratedFiles(Kind.CLASS).keySet()).anyMatch((name) -> name.startsWith(proxy));
	}

	@Test
	void runtimeHintsKeepDefinitionFilesTypedInterfacesAndProbedMethods() throws Exception {
		RuntimeHints hints = processAheadOfTime(new InMemoryGeneratedFiles(), "usdt.backend=noop");
		assertThat(RuntimeHintsPredicates.resource().forResource("usdt/orders.d")).accepts(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderEvents.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of(OrderEvents.class.getName() + "_Usdt"))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderEvents.class, "orderPlaced"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(OrderService.class.getMethod("place", String.class, long.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AuditService.class, "count")).accepts(hints);
	}

	@Test
	void definitionFilesNamedByThePropertyAreKeptAndFilePatternsNeedNoHint() {
		RuntimeHints hints = processAheadOfTime(new InMemoryGeneratedFiles(), "usdt.backend=noop",
				"usdt.definitions=classpath:/probes/shop.d,file:/etc/usdt/*.d");
		assertThat(RuntimeHintsPredicates.resource().forResource("probes/shop.d")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("usdt/orders.d")).rejects(hints);
		assertThat(hints.resources().resourcePatternHints()
			.flatMap((patterns) -> patterns.getIncludes().stream())
			.map(ResourcePatternHint::getPattern)).noneMatch((pattern) -> pattern.contains("etc"));
	}

	@Test
	void aBeanOfAGeneratedSubclassIsCreatedByTheSubclassConstructorInTheGeneratedCode() throws Exception {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		processAheadOfTime(files, SubclassApplication.class, "usdt.backend=noop", "ledger.currency=CHF");
		String source = files.getGeneratedFileContent(Kind.SOURCE,
				Ledger.class.getName().replace('.', '/') + "__BeanDefinitions.java");
		assertThat(source).contains("new Ledger$$Usdt(args.get(0))").doesNotContain("new Ledger(");
		// no proxy class either: the subclass fires the probes itself
		assertThat(files.getGeneratedFiles(Kind.CLASS).keySet()).noneMatch((name) -> name.contains("Ledger$$"));
	}

	@Test
	void proxyClassPredictedForAotIsTheClassOfTheProxyCreatedAtRuntime() {
		try (AnnotationConfigApplicationContext context = application("usdt.backend=noop")) {
			context.refresh();
			UsdtProbeAdvisingPostProcessor postProcessor = context.getBean(UsdtProbeAdvisingPostProcessor.class);
			Class<?> predicted = postProcessor.determineBeanType(OrderService.class, "orderService");
			assertThat(context.getBean(OrderService.class).getClass()).isSameAs(predicted);
		}
	}

	private static RuntimeHints processAheadOfTime(InMemoryGeneratedFiles files, String... properties) {
		return processAheadOfTime(files, AotApplication.class, properties);
	}

	private static RuntimeHints processAheadOfTime(InMemoryGeneratedFiles files, Class<?> application,
			String... properties) {
		try (AnnotationConfigApplicationContext context = application(application, properties)) {
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(AotApplication.class)), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			return generation.getRuntimeHints();
		}
	}

	private static AnnotationConfigApplicationContext application(String... properties) {
		return application(AotApplication.class, properties);
	}

	private static AnnotationConfigApplicationContext application(Class<?> application, String... properties) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, properties);
		context.register(application);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ UsdtAutoConfiguration.class, UsdtProviderInterfacesAutoConfiguration.class })
	@Import(SampleConfiguration.class)
	static class AotApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(UsdtAutoConfiguration.class)
	@Import(Ledger.class)
	static class SubclassApplication {

	}

}
