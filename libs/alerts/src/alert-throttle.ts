import type { Alert } from './alert';

export interface ThrottleOptions {
  /** A repeat of a problem already sent goes out again as a reminder after this long. Default 1 hour. */
  reminderMs?: number;
  /** At most this many alerts per minute; the rest are held back and counted. Default 20. */
  perMinute?: number;
}

/** What to send, if anything: the alert, marked as a reminder with the repeats it stands for. */
export interface ThrottleVerdict {
  send: boolean;
  /** Repeats of this alert's key since it was last sent (0 for the first). */
  repeats: number;
  /** Alerts dropped by the rate limit since the last one sent. */
  heldBack: number;
}

/**
 * De-duplication and rate limiting. The order monitor runs every five minutes and raises the same
 * alarm each time while a problem lasts: a person gets it once, then a reminder per `reminderMs`
 * with how often it recurred. Pure but for the times passed in.
 */
export class AlertThrottle {
  private readonly lastSent = new Map<string, { at: number; repeats: number }>();
  private sentAt: number[] = [];
  private heldBack = 0;
  private readonly reminderMs: number;
  private readonly perMinute: number;

  constructor(options: ThrottleOptions = {}) {
    this.reminderMs = options.reminderMs ?? 60 * 60_000;
    this.perMinute = options.perMinute ?? 20;
  }

  verdict(alert: Alert, now: number): ThrottleVerdict {
    const last = this.lastSent.get(alert.key);
    if (last && now - last.at < this.reminderMs) {
      last.repeats += 1;
      return { send: false, repeats: last.repeats, heldBack: this.heldBack };
    }
    this.sentAt = this.sentAt.filter((at) => now - at < 60_000);
    if (this.sentAt.length >= this.perMinute) {
      this.heldBack += 1;
      return { send: false, repeats: 0, heldBack: this.heldBack };
    }
    const verdict = { send: true, repeats: last?.repeats ?? 0, heldBack: this.heldBack };
    this.sentAt.push(now);
    this.heldBack = 0;
    this.lastSent.set(alert.key, { at: now, repeats: 0 });
    return verdict;
  }
}
