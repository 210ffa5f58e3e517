import type { Express } from 'express';
import type { Server } from 'node:http';
import type { Logger } from './logger';
import { serveMetrics } from './metrics';

export type ShutdownHook = () => Promise<unknown> | unknown;

/**
 * Listens, and on SIGTERM/SIGINT stops taking requests, lets in-flight ones finish,
 * then runs the shutdown hooks (close pools, stop relays) before exiting. With `METRICS_PORT`
 * set (dapr.yaml sets it per app), Prometheus metrics are served there, off the app's port.
 */
export function listen(app: Express, port: number, logger: Logger, hooks: ShutdownHook[] = []): Server {
  const server = app.listen(port, () => logger.info({ port }, 'listening'));
  const metricsPort = Number(process.env.METRICS_PORT);
  const metricsServer = metricsPort > 0 ? serveMetrics(metricsPort, logger) : null;
  server.keepAliveTimeout = 65_000;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('shutdown timed out, exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.closeIdleConnections();
    metricsServer?.close();
    await new Promise((resolve) => server.close(resolve));
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        logger.error({ err }, 'shutdown hook failed');
      }
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return server;
}

/** Retries an async start-up step (the sidecar or a database may come up after us). */
export async function retry<T>(
  what: string,
  fn: () => Promise<T>,
  logger: Logger,
  { attempts = 60, delayMs = 500 } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts) throw err;
      if (attempt % 10 === 1) logger.info({ attempt, err: (err as Error).message }, `waiting for ${what}`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** A running loop: call it to stop (it finishes the current pass); `wake()` runs a pass now. */
export type Loop = (() => Promise<void>) & { wake: () => void };

/**
 * Runs `drain` in a loop (an outbox relay, a timeout sweeper): again at once while it
 * finds work, every `idleMs` when idle, backing off on errors. `wake()` cuts the idle
 * wait short (work was just committed); a wake that arrives during a pass makes the loop
 * run another pass instead of sleeping, so no signal is lost between a pass and its sleep.
 */
export function startLoop(
  name: string,
  drain: () => Promise<number>,
  logger: Logger,
  { idleMs = 500, maxBackoffMs = 10_000 } = {},
): Loop {
  let stopped = false;
  let failures = 0;
  let woken = false;
  let interrupt: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = finish;
    });
  const done = (async () => {
    while (!stopped) {
      woken = false;
      try {
        const handled = await drain();
        failures = 0;
        if (handled === 0) await sleep(idleMs);
      } catch (err) {
        failures++;
        const delay = Math.min(idleMs * 2 ** failures, maxBackoffMs);
        logger.warn({ err: (err as Error).message, loop: name, retryInMs: delay }, 'loop iteration failed');
        woken = false; // after a failure, back off even if woken
        await sleep(delay);
      }
    }
  })();
  const stop = async () => {
    stopped = true;
    interrupt?.();
    await done;
  };
  return Object.assign(stop, {
    wake: () => {
      woken = true;
      interrupt?.();
    },
  });
}
