package dev.usdt;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** How generated classes find their provider: default runtime first, a published one over it. */
class ProviderDirectoryTests {

	private static ProviderDefinition orders(String name) {
		return ProviderDefinition.of(name, ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.INT64),
				ProbeDefinition.of("queue__depth", ArgumentKind.INT32));
	}

	private static UsdtRuntime noopRuntime() {
		return UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));
	}

	@Test
	void firstAttachRegistersWithTheDefaultRuntime() {
		List<ProbeHandle> handles = ProviderDirectory.attach(orders("dir_default"));
		assertThat(handles).extracting((handle) -> handle.probe().name()).containsExactly("order__placed",
				"queue__depth");
		assertThat(handles.get(0).probe().provider()).isEqualTo("dir_default");
		assertThat(handles.get(0).shouldFire()).isFalse();
	}

	@Test
	void publishedProviderTakesOverAndTheDefaultRegistrationIsClosed() {
		List<ProbeHandle> handles = ProviderDirectory.attach(orders("dir_takeover"));
		Probe registeredByDefault = handles.get(0).probe();
		try (UsdtRuntime owner = noopRuntime()) {
			Provider published = owner.register(orders("dir_takeover"));
			ProviderDirectory.publish(published);
			assertThat(handles.get(0).probe()).isSameAs(published.probe("order__placed"));
			// a closed probe ignores the test hook: proof that the default registration was closed
			registeredByDefault.overrideSemaphore(true);
			assertThat(registeredByDefault.isEnabled()).isFalse();
		}
		assertThat(handles.get(0).isBound()).isFalse();
		assertThat(handles.get(0).shouldFire()).isFalse();
	}

	@Test
	void closingTheNewestPublishedProviderFallsBackToTheOneBefore() {
		try (UsdtRuntime first = noopRuntime(); UsdtRuntime second = noopRuntime()) {
			Provider older = first.register(orders("dir_stack"));
			ProviderDirectory.publish(older);
			List<ProbeHandle> handles = ProviderDirectory.attach(orders("dir_stack"));
			assertThat(handles.get(1).probe()).isSameAs(older.probe("queue__depth"));
			Provider newer = second.register(orders("dir_stack"));
			ProviderDirectory.publish(newer);
			assertThat(handles.get(1).probe()).isSameAs(newer.probe("queue__depth"));
			second.close();
			assertThat(handles.get(1).probe()).isSameAs(older.probe("queue__depth"));
			first.close();
			assertThat(handles.get(1).probe()).isNotSameAs(older.probe("queue__depth"));
		}
	}

	@Test
	void aPublishedProviderWithOtherArgumentsIsNotFired() {
		List<ProbeHandle> handles = ProviderDirectory.attach(orders("dir_mismatch"));
		try (UsdtRuntime owner = noopRuntime()) {
			Provider other = owner.register(ProviderDefinition.of("dir_mismatch",
					ProbeDefinition.of("order__placed", ArgumentKind.INT64, ArgumentKind.INT64),
					ProbeDefinition.of("queue__depth", ArgumentKind.INT64)));
			ProviderDirectory.publish(other);
			assertThat(handles.get(0).probe()).isNotSameAs(other.probe("order__placed"));
			assertThat(handles.get(1).probe()).isSameAs(other.probe("queue__depth"));
		}
	}

}
