/**
 * The Micrometer Observation bridge: every observation the application already makes (HTTP
 * requests served, client calls, scheduled tasks) fires the probes of the {@code observation}
 * provider, with no code and no annotation, and costs nothing measurable while untraced.
 */
@NullMarked
package dev.usdt.observation;

import org.jspecify.annotations.NullMarked;
