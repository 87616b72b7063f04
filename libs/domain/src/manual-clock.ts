import type { Clock } from './clock';

/** A clock that moves only when told: tests, the demo and the simulated broker's market time. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(time: Date): void {
    this.current = time.getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}
