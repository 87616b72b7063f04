import { Money, Price } from '@trading-monitor/domain';
import { nextInteger } from './seeded-random';

export interface RandomWalkOptions {
  /** Any integer; the same seed gives the same path. */
  seed: number;
  start: Price | string;
  /** Largest move per tick, in cents (default 25). */
  maxStepCents?: number;
}

export interface PriceFeedState {
  prices: Record<string, string>;
  scripts: Record<string, string[]>;
  walks: Record<string, { state: number; maxStepCents: number }>;
}

const ONE_CENT = Price.of('0.01');

/**
 * Last trade price per symbol. Prices move only when told: `set`, or one `tick` of a script (a
 * list of prices played in order) or of a seeded random walk (whole-cent steps).
 */
export class PriceFeed {
  private readonly prices = new Map<string, Price>();
  private readonly scripts = new Map<string, Price[]>();
  private readonly walks = new Map<string, { state: number; maxStepCents: number }>();

  get(symbol: string): Price | undefined {
    return this.prices.get(symbol);
  }

  /** Every symbol's last price. */
  snapshot(): Map<string, Price> {
    return new Map(this.prices);
  }

  set(symbol: string, price: Price | string): void {
    this.prices.set(symbol, Price.of(price));
  }

  /** Replaces the symbol's remaining script; each tick plays the next price. */
  script(symbol: string, ticks: readonly (Price | string)[]): void {
    this.scripts.set(
      symbol,
      ticks.map((tick) => Price.of(tick)),
    );
  }

  randomWalk(symbol: string, options: RandomWalkOptions): void {
    const maxStepCents = options.maxStepCents ?? 25;
    if (!Number.isInteger(maxStepCents) || maxStepCents < 1) throw new RangeError('maxStepCents must be a whole number of cents, at least 1');
    this.set(symbol, options.start);
    this.walks.set(symbol, { state: options.seed >>> 0, maxStepCents });
  }

  /** Moves every scripted or walking symbol one tick; returns the symbols whose price was set. */
  tick(): string[] {
    const moved: string[] = [];
    for (const symbol of new Set([...this.scripts.keys(), ...this.walks.keys()])) {
      const script = this.scripts.get(symbol);
      const next = script?.shift();
      if (script && script.length === 0) this.scripts.delete(symbol);
      if (next) {
        this.prices.set(symbol, next);
        moved.push(symbol);
        continue;
      }
      const walk = this.walks.get(symbol);
      const current = this.prices.get(symbol);
      if (!walk || !current) continue;
      const step = nextInteger(walk.state, -walk.maxStepCents, walk.maxStepCents);
      walk.state = step.state;
      const walked = current.toMoney().plus(Money.of(step.value).dividedBy(100));
      this.prices.set(symbol, walked.isPositive() ? Price.of(walked) : ONE_CENT);
      moved.push(symbol);
    }
    return moved;
  }

  /** Ticks left in the symbol's script. */
  remainingTicks(symbol: string): number {
    return this.scripts.get(symbol)?.length ?? 0;
  }

  toState(): PriceFeedState {
    return {
      prices: Object.fromEntries([...this.prices].map(([s, p]) => [s, p.toString()])),
      scripts: Object.fromEntries([...this.scripts].map(([s, ticks]) => [s, ticks.map(String)])),
      walks: Object.fromEntries([...this.walks].map(([s, w]) => [s, { ...w }])),
    };
  }

  static fromState(state: PriceFeedState): PriceFeed {
    const feed = new PriceFeed();
    for (const [symbol, price] of Object.entries(state.prices)) feed.prices.set(symbol, Price.of(price));
    for (const [symbol, ticks] of Object.entries(state.scripts))
      feed.scripts.set(
        symbol,
        ticks.map((t) => Price.of(t)),
      );
    for (const [symbol, walk] of Object.entries(state.walks)) feed.walks.set(symbol, { ...walk });
    return feed;
  }
}
