package dev.usdt.autoconfigure;

import dev.usdt.Probe;

/**
 * The registered entry and return probes of one {@code @UsdtProbe} method.
 *
 * @param entry {@code <name>__entry}, fired before the method with its arguments
 * @param exit {@code <name>__return}, fired when it returns, throws or its result completes
 */
record MethodProbes(Probe entry, Probe exit) {

}
