export interface SenderOptions {
  url: string;
  /** Attempts per alert, the first included. Default 4. */
  attempts?: number;
  /** First wait between attempts; doubles each time, with jitter. Default 1 s. */
  backoffMs?: number;
  /** Longest wait for one answer. Default 5 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class WebhookError extends Error {}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * POSTs one JSON body, retrying what may succeed later (network errors, timeouts, 429, 5xx) with
 * exponential backoff and jitter; a 429's Retry-After is honoured. Any other 4xx is final: the
 * payload or the URL is wrong, and repeating it would not help. Error messages never quote the URL:
 * a Slack or Discord webhook URL is itself a credential.
 */
export async function postWebhook(body: unknown, options: SenderOptions): Promise<void> {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const sleep = options.sleep ?? wait;
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      await response.arrayBuffer(); // let the connection go back to the pool
      if (response.ok) return;
      lastProblem = `the webhook answered HTTP ${response.status}`;
      if (response.status !== 429 && response.status < 500) throw new WebhookError(`${lastProblem}; check ALERT_WEBHOOK_URL and ALERT_FORMAT`);
      retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000 || 0;
    } catch (error) {
      if (error instanceof WebhookError) throw error;
      lastProblem = `the webhook could not be reached (${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message})`;
    }
    if (attempt < attempts) await sleep(Math.max(retryAfterMs, backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random())));
  }
  throw new WebhookError(`${lastProblem}, ${attempts} attempts`);
}
