import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock(new Date('2025-01-15T14:45:00Z'));
    expect(clock.now().toISOString()).toBe('2025-01-15T14:45:00.000Z');
    expect(clock.advance(5 * 60_000).toISOString()).toBe('2025-01-15T14:50:00.000Z');
    clock.set(new Date('2025-01-16T14:30:00Z'));
    expect(clock.now().toISOString()).toBe('2025-01-16T14:30:00.000Z');
  });

  it('hands out copies, so a caller cannot move it', () => {
    const clock = new ManualClock(new Date('2025-01-15T14:45:00Z'));
    clock.now().setFullYear(2030);
    expect(clock.now().getUTCFullYear()).toBe(2025);
  });
});
