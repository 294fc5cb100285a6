/**
 * {@code jpm export}: the ecosystem model written for Kubernetes, Docker Compose and systemd.
 * Each target is a pure function of {@code dev.jpm.protocol.ecosystem} (an {@link dev.jpm.cli.export.Exporter}
 * and its key table) plus small shared pieces: DNS names, replicas, images, the container command,
 * health checks, and the report of keys not carried over.
 *
 * <p>It lives in the CLI, not in protocol/: only the CLI runs it, the daemon never needs it, and
 * protocol/ stays what both sides share (the wire and the model). It reads the model and nothing
 * else, so it depends on protocol/ alone, as DESIGN.md asks.
 */
package dev.jpm.cli.export;
