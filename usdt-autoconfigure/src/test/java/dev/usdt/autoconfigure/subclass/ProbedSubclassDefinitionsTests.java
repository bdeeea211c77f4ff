package dev.usdt.autoconfigure.subclass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.usdt.autoconfigure.ProbedSubclass;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the start-up log says about beans with {@code @UsdtProbe} methods and no generated
 * subclass: they work through a proxy, and one INFO line names them and the likely cause, since a
 * build that silently lost the annotation processor (JDK 23 and later) costs every call.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProbedSubclassDefinitionsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop", "usdt.provider=ledger", "ledger.currency=CHF");

	@Test
	void aBeanWithoutAGeneratedSubclassIsProxiedAndNamedOnce(CapturedOutput output) {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName(Journal.class.getName() + "$$Usdt"));
		this.runner.withBean("journal", Journal.class).withBean("diary", Journal.class).run((context) -> {
			Journal<?> journal = context.getBean("journal", Journal.class);
			assertThat(AopUtils.isAopProxy(journal)).isTrue();
			assertThat(journal.record(null)).isEqualTo("recorded null");
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains("Proxying the beans of"))).singleElement()
			.asString()
			.contains("INFO")
			.contains("Proxying the beans of " + Journal.class.getName() + " for @UsdtProbe: no subclass was generated")
			.contains("annotationProcessorPaths");
	}

	@Test
	void beansWithGeneratedSubclassesAreNotMentioned(CapturedOutput output) {
		this.runner.withUserConfiguration(Ledger.class).run((context) -> {
			assertThat(context.getBean(Ledger.class)).isInstanceOf(ProbedSubclass.class);
		});
		assertThat(output.getOut()).doesNotContain("Proxying the beans of");
	}

}
