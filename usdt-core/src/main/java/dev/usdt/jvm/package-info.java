/**
 * The built-in JVM provider: GC, memory-pool, thread, class-loading, safepoint and heap probes on
 * any JDK, fed by in-process JFR streaming and JMX while a tracer enables them.
 */
package dev.usdt.jvm;
