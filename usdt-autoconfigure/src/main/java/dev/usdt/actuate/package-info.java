/**
 * The read-only {@code /actuator/usdt} endpoint: registered providers, their probes, whether a
 * tracer has each enabled, and a ready-to-paste bpftrace one-liner per probe.
 */
@NullMarked
package dev.usdt.actuate;

import org.jspecify.annotations.NullMarked;
