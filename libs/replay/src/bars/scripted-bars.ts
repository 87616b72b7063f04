import type { BarRequest, BarSet, BarSource, DayBars } from './day-bars';

/** Bars given in full (tests, the parity check): `bars[symbol][day]`. */
export class ScriptedBars implements BarSource {
  readonly description = 'scripted bars';

  constructor(private readonly bars: Record<string, Record<string, DayBars>>) {}

  async load(_request: BarRequest): Promise<BarSet> {
    return (symbol, day) => this.bars[symbol]?.[day];
  }
}
