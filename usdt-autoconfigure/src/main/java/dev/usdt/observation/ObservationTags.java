package dev.usdt.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

/**
 * The {@code tags} argument: an observation's low-cardinality key values, {@code key=value}
 * joined by {@code ,} in key order, e.g. {@code method=GET,status=200,uri=/orders/{id}}.
 */
final class ObservationTags {

	private ObservationTags() {
	}

	static String of(Observation.ContextView context) {
		StringBuilder tags = new StringBuilder(128);
		// KeyValues are sorted by key and unique
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (!tags.isEmpty()) {
				tags.append(',');
			}
			tags.append(keyValue.getKey()).append('=').append(keyValue.getValue());
		}
		return tags.toString();
	}

}
