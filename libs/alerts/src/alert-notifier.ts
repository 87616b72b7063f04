import { alertOf } from './alert-rules';
import { AlertThrottle, type ThrottleOptions } from './alert-throttle';
import type { LogLine } from './alert';
import { BrokerOutage } from './broker-outage';
import type { AlertFormat } from '@trading-monitor/config';
import { webhookPayload, type OutgoingAlert } from './webhook-payload';
import { postWebhook, type SenderOptions } from './webhook-sender';

export interface AlertNotifierOptions extends ThrottleOptions {
  /** No URL: alerts stay in the log only, and `observe` does nothing. */
  webhookUrl?: string;
  format?: AlertFormat;
  /** Failed broker runs in a row before "broker unreachable" is sent. Default 3. */
  brokerDownRuns?: number;
  /** Told when an alert could not be delivered (after its retries); must not throw. */
  onUndelivered?: (alert: OutgoingAlert, problem: string) => void;
  sender?: Omit<SenderOptions, 'url'>;
  now?: () => number;
}

export interface AlertNotifier {
  /** Reads one log line; queues an alert when the line is worth one. Returns at once. */
  observe(line: LogLine): void;
  /** Waits (at most `timeoutMs`) until every queued alert is delivered or given up on. */
  flush(timeoutMs?: number): Promise<void>;
  /** Alerts sent so far (a count for tests and the metrics endpoint). */
  readonly sent: number;
}

/** More than this many undelivered alerts waiting means the webhook is down: the oldest are dropped. */
const QUEUE_LIMIT = 100;

/**
 * Sends the events worth a person's attention to a webhook, de-duplicated and rate-limited, one at a
 * time in the background: a job that logs an alarm never waits for Slack.
 */
export function createAlertNotifier(options: AlertNotifierOptions): AlertNotifier {
  const url = options.webhookUrl;
  const now = options.now ?? Date.now;
  const throttle = new AlertThrottle(options);
  const outage = new BrokerOutage(options.brokerDownRuns ?? 3);
  const queue: OutgoingAlert[] = [];
  let draining: Promise<void> | null = null;
  let sent = 0;

  async function drain(): Promise<void> {
    for (let alert = queue.shift(); alert; alert = queue.shift()) {
      try {
        await postWebhook(webhookPayload(alert, options.format ?? 'json'), { ...options.sender, url: url as string });
        sent += 1;
      } catch (error) {
        options.onUndelivered?.(alert, (error as Error).message);
      }
    }
  }

  function kick(): void {
    if (draining || queue.length === 0) return;
    draining = drain().finally(() => {
      draining = null;
      kick(); // an alert queued while the last one was in flight
    });
  }

  return {
    get sent() {
      return sent;
    },
    observe(line) {
      if (!url) return;
      for (const alert of [alertOf(line), outage.observe(line)]) {
        if (!alert) continue;
        const verdict = throttle.verdict(alert, now());
        if (!verdict.send) continue;
        if (queue.length >= QUEUE_LIMIT) queue.shift();
        queue.push({ ...alert, reminder: verdict.repeats > 0, repeats: verdict.repeats, heldBack: verdict.heldBack });
      }
      kick();
    },
    async flush(timeoutMs = 10_000) {
      const deadline = now() + timeoutMs;
      while (draining && now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([draining, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline - now())))]);
        clearTimeout(timer);
      }
    },
  };
}
