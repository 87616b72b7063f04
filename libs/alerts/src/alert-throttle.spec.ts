import type { Alert } from './alert';
import { AlertThrottle } from './alert-throttle';

const alarm = (key: string): Alert => ({ key, severity: 'critical', title: key, text: key, event: 'protection.alarm', fields: {}, at: '' });
const MINUTE = 60_000;

describe('AlertThrottle', () => {
  it('sends an alarm raised every 5 minutes once, then an hourly reminder that counts the repeats', () => {
    const throttle = new AlertThrottle();
    const sentAt: number[] = [];
    const repeats: number[] = [];
    for (let t = 0; t <= 125 * MINUTE; t += 5 * MINUTE) {
      const verdict = throttle.verdict(alarm('protection.alarm:T-1'), t);
      if (verdict.send) {
        sentAt.push(t / MINUTE);
        repeats.push(verdict.repeats);
      }
    }
    expect(sentAt).toEqual([0, 60, 120]);
    expect(repeats).toEqual([0, 11, 11]);
  });

  it('keeps different problems apart', () => {
    const throttle = new AlertThrottle();
    expect(throttle.verdict(alarm('a'), 0).send).toBe(true);
    expect(throttle.verdict(alarm('b'), 0).send).toBe(true);
    expect(throttle.verdict(alarm('a'), 1).send).toBe(false);
  });

  it('holds back what exceeds the rate limit and says so with the next alert sent', () => {
    const throttle = new AlertThrottle({ perMinute: 3 });
    const verdicts = [1, 2, 3, 4, 5].map((n) => throttle.verdict(alarm(`k${n}`), n));
    expect(verdicts.map((v) => v.send)).toEqual([true, true, true, false, false]);
    const next = throttle.verdict(alarm('k6'), MINUTE + 10);
    expect(next).toEqual({ send: true, repeats: 0, heldBack: 2 });
    expect(throttle.verdict(alarm('k7'), MINUTE + 11).heldBack).toBe(0);
  });
});
