package dev.usdt.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.UsdtProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ProbedMethods#scan} finds in a bean class, in an order that does not depend on
 * reflection's: the probes of a provider make its library's content, and so its file name, which
 * replicas share and saved bpftrace commands name.
 */
class ProbedMethodsTests {

	@Test
	void methodsAreListedByProbeNameWhateverOrderReflectionReturns() {
		List<String> names = new ArrayList<>();
		for (ProbedMethod method : new ProbedMethods("shop").scan(Shop.class).probed()) {
			names.add(method.name());
		}
		assertThat(names).containsExactly("audit", "browse", "cancel", "checkout", "pay", "refund", "renamed", "ship",
				"track");
	}

	static class Shop {

		@UsdtProbe
		public void track() {
		}

		@UsdtProbe
		public void ship() {
		}

		@UsdtProbe("renamed")
		public void zzz() {
		}

		@UsdtProbe
		public void refund() {
		}

		@UsdtProbe
		public void pay() {
		}

		@UsdtProbe
		public void checkout() {
		}

		@UsdtProbe
		public void cancel() {
		}

		@UsdtProbe
		public void browse() {
		}

		@UsdtProbe
		public void audit() {
		}

	}

}
