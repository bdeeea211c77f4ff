package dev.usdt.autoconfigure;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;
import org.springframework.test.context.support.TestPropertySourceUtils;

import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AOT ({@code spring-boot:process-aot}) over an application using the starter: the build
 * step that generates bean definitions as code and the proxy classes a native image needs.
 */
class UsdtAotProcessingTests {

	@Test
	void aotProcessingSucceedsAndGeneratesTheFrozenProbeProxyClass() {
		processAheadOfTime((files) -> {
			String proxy = OrderService.class.getName().replace('.', '/') + "$$SpringCGLIB$$0.class";
			assertThat(files.getGeneratedFiles(Kind.CLASS)).containsKey(proxy);
		});
	}

	@Test
	void proxyClassPredictedForAotIsTheClassOfTheProxyCreatedAtRuntime() {
		try (AnnotationConfigApplicationContext context = application()) {
			context.refresh();
			UsdtProbeAdvisingPostProcessor postProcessor = context.getBean(UsdtProbeAdvisingPostProcessor.class);
			Class<?> predicted = postProcessor.determineBeanType(OrderService.class, "orderService");
			assertThat(context.getBean(OrderService.class).getClass()).isSameAs(predicted);
		}
	}

	static void processAheadOfTime(Consumer<InMemoryGeneratedFiles> check) {
		try (AnnotationConfigApplicationContext context = application()) {
			InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(AotApplication.class)), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			check.accept(files);
		}
	}

	private static AnnotationConfigApplicationContext application() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "usdt.backend=noop");
		context.register(AotApplication.class);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ UsdtAutoConfiguration.class, UsdtProviderInterfacesAutoConfiguration.class })
	@Import(SampleConfiguration.class)
	static class AotApplication {

	}

}
