package dev.usdt.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

/**
 * The {@code tags} argument: an observation's low-cardinality key values, {@code key=value}
 * joined by {@code ,} in key order, e.g. {@code method=GET,status=200,uri=/orders/{id}}. A
 * {@code \}, {@code ,} or {@code =} inside a key or value is escaped with a {@code \}, a control
 * character written {@code \xNN}: a value cannot forge another tag, split the line a script reads,
 * or (a NUL) end the string and hide the tags after it.
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
			append(tags, keyValue.getKey());
			tags.append('=');
			append(tags, keyValue.getValue());
		}
		return tags.toString();
	}

	private static void append(StringBuilder tags, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' || c == ',' || c == '=') {
				tags.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f) {
				tags.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
			}
			else {
				tags.append(c);
			}
		}
	}

}
