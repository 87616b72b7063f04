import type { Logger } from '@trading-monitor/config';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves on the first SIGINT or SIGTERM, for a graceful stop; a second one, a second or more
 * later, quits at once (exit 1). One Ctrl-C can arrive twice (to the process and to its group), so
 * an immediate repeat is ignored.
 */
export function stopRequested(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let receivedAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (receivedAt === undefined) {
        receivedAt = Date.now();
        log.info({ event: 'scheduler.signal', signal }, `${signal}: stopping after any running job has finished (send it again to quit at once).`);
        resolve(signal);
      } else if (Date.now() - receivedAt >= 1000) {
        log.warn({ event: 'scheduler.killed', signal }, `${signal} again: quitting without waiting for the running job.`);
        process.exit(1);
      }
    };
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  });
}
