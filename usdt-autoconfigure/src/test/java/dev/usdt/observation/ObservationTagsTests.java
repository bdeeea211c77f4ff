package dev.usdt.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationTagsTests {

	@Test
	void lowCardinalityKeyValuesSortedByKeyJoinedByComma() {
		Observation.Context context = contextWith(KeyValue.of("uri", "/orders/{id}"), KeyValue.of("status", "200"),
				KeyValue.of("exception", "none"), KeyValue.of("outcome", "SUCCESS"), KeyValue.of("method", "GET"));
		assertThat(ObservationTags.of(context))
			.isEqualTo("exception=none,method=GET,outcome=SUCCESS,status=200,uri=/orders/{id}");
	}

	@Test
	void highCardinalityKeyValuesAreLeftOut() {
		Observation.Context context = contextWith(KeyValue.of("method", "GET"));
		context.addHighCardinalityKeyValue(KeyValue.of("http.url", "/orders/A-1"));
		assertThat(ObservationTags.of(context)).isEqualTo("method=GET");
	}

	@Test
	void noKeyValuesIsTheEmptyString() {
		assertThat(ObservationTags.of(new Observation.Context())).isEmpty();
	}

	@Test
	void aKeySetTwiceKeepsItsLastValue() {
		Observation.Context context = contextWith(KeyValue.of("status", "UNKNOWN"), KeyValue.of("status", "404"));
		assertThat(ObservationTags.of(context)).isEqualTo("status=404");
	}

	@Test
	void separatorsBackslashesAndControlCharactersInKeysAndValuesAreEscaped() {
		Observation.Context context = contextWith(KeyValue.of("k=1", "a,b=c\\d"), KeyValue.of("z", "line\nbreak\0end\u007f"));
		assertThat(ObservationTags.of(context)).isEqualTo("k\\=1=a\\,b\\=c\\\\d,z=line\\x0abreak\\x00end\\x7f");
	}

	private static Observation.Context contextWith(KeyValue... keyValues) {
		Observation.Context context = new Observation.Context();
		for (KeyValue keyValue : keyValues) {
			context.addLowCardinalityKeyValue(keyValue);
		}
		return context;
	}

}
