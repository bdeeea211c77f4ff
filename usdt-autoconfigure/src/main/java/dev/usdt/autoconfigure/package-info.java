/**
 * Auto-configuration for USDT probes: the runtime, {@code @UsdtProbe} method advice,
 * {@code @UsdtProvider} interface beans, and registration of every probe once the application
 * context is built.
 */
@NullMarked
package dev.usdt.autoconfigure;

import org.jspecify.annotations.NullMarked;
