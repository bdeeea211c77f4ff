/**
 * A small order service traced with USDT probes: {@code @UsdtProbe} on the service methods
 * (provider {@code demo}), the {@code orders} provider declared in {@code usdt/orders.d} and fired
 * through {@link dev.usdt.demo.OrderEvents}, and the {@code audit} provider declared by the
 * {@link dev.usdt.demo.AuditEvents} interface alone.
 */
@NullMarked
package dev.usdt.demo;

import org.jspecify.annotations.NullMarked;
