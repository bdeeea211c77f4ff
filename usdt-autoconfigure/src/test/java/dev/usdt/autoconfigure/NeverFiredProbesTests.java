package dev.usdt.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.usdt.Probe;
import dev.usdt.UsdtRuntime;
import dev.usdt.actuate.UsdtEndpoint;
import dev.usdt.autoconfigure.neverfired.AuditTrail;
import dev.usdt.autoconfigure.neverfired.NeverFiredConfiguration;
import dev.usdt.autoconfigure.neverfired.ReportService;
import dev.usdt.autoconfigure.neverfired.SealedLedger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @UsdtProbe} where no proxy could ever fire the probes (a private, final or static
 * method, a final class): the application starts, each such method gets exactly one WARN saying
 * why, and none of their probes is registered, so {@code /actuator/usdt} does not list them.
 */
@ExtendWith(OutputCaptureExtension.class)
class NeverFiredProbesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, AopAutoConfiguration.class))
		.withUserConfiguration(NeverFiredConfiguration.class)
		.withPropertyValues("usdt.backend=noop");

	@Test
	void finalClassStartsUnproxiedInsteadOfFailingToSubclass() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AopUtils.isAopProxy(context.getBean("ledger"))).isFalse();
			assertThat(context.getBean("ledger", SealedLedger.class).balance("abc")).isEqualTo(3);
			assertThat(AopUtils.isAopProxy(context.getBean(ReportService.class))).isTrue();
			assertThat(context.getBean(ReportService.class).render("q1")).isEqualTo("rendered <q1>");
			assertThat(context.getBean(AuditTrail.class).seal("x")).isEqualTo("sealed x");
		});
	}

	@Test
	void onlyProbesThatCanFireAreRegisteredAndListed() {
		this.runner.run((context) -> {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.provider("reports").orElseThrow().probes()).extracting(Probe::name)
				.containsExactly("render__entry", "render__return");
			assertThat(runtime.provider("trail").orElseThrow().probes()).extracting(Probe::name)
				.containsExactly("record__entry", "record__return");
			assertThat(runtime.provider("ledger")).isEmpty();
			assertThat(new UsdtEndpoint(runtime).usdt().providers()).containsKeys("reports", "trail")
				.doesNotContainKey("ledger");
			assertThat(new UsdtEndpoint(runtime).provider("reports").probes()).containsOnlyKeys("render__entry",
					"render__return");
		});
	}

	@Test
	void eachMethodThatCanNeverFireGetsOneWarnSayingWhy(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
		// Spring's own proxy validation may add a WARN of its own about a public final method
		List<String> warnings = output.getAll()
			.lines()
			.filter((line) -> line.contains(" WARN ") && line.contains("@UsdtProbe"))
			.toList();
		assertThat(output.getAll()).doesNotContain("CGLIB subclass");
		String reports = ReportService.class.getName();
		String ledger = SealedLedger.class.getName();
		assertThat(warnings).hasSize(6);
		assertThat(warnings).anySatisfy((line) -> assertThat(line)
			.contains("@UsdtProbe on " + reports + "#format(String) will never fire: it is private")
			.contains("No probes are registered for it."));
		assertThat(warnings).anySatisfy((line) -> assertThat(line)
			.contains("@UsdtProbe on " + reports + "#archive(String) will never fire: it is final"));
		assertThat(warnings).anySatisfy((line) -> assertThat(line)
			.contains("@UsdtProbe on " + reports + "#version() will never fire: it is static"));
		assertThat(warnings).anySatisfy((line) -> assertThat(line)
			.contains("@UsdtProbe on " + AuditTrail.class.getName() + "#seal(String) will never fire: it is final"));
		for (String method : List.of("#balance(String)", "#post(String, long)")) {
			assertThat(warnings).filteredOn((line) -> line.contains(ledger + method))
				.singleElement()
				.asString()
				.contains("will never fire: its class " + ledger + " is final");
		}
	}

}
