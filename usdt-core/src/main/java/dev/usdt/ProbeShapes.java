package dev.usdt;

import java.util.List;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;

/** Whether two declarations of a probe can stand for each other when fired from Java. */
final class ProbeShapes {

	private ProbeShapes() {
	}

	/**
	 * Same number of arguments, strings where strings are; integer widths may differ (a typed
	 * interface's {@code long} against a file's {@code uint32_t}), the tracer reads the declared one.
	 */
	static boolean compatible(ProbeDefinition a, ProbeDefinition b) {
		List<ArgumentKind> left = a.argumentKinds();
		List<ArgumentKind> right = b.argumentKinds();
		if (left.size() != right.size()) {
			return false;
		}
		for (int i = 0; i < left.size(); i++) {
			if (left.get(i).isString() != right.get(i).isString()) {
				return false;
			}
		}
		return true;
	}

}
