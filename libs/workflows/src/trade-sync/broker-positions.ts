import type { Broker } from '@trading-monitor/broker';
import type { Side } from '@trading-monitor/domain';

/** What the broker holds, read at most once per job run, and only if a step asks. */
export interface BrokerPositions {
  /** Shares held on the trade's side (a long trade counts a long position only), or null when the broker cannot say. */
  heldFor(symbol: string, entrySide: Side): Promise<number | null>;
}

export function brokerPositions(broker: Broker): BrokerPositions {
  let positions: Promise<Map<string, number> | null> | undefined;
  return {
    async heldFor(symbol, entrySide) {
      positions ??= broker.listPositions().then(
        (list) => new Map(list.map((p) => [p.symbol, p.qty])),
        () => null,
      );
      const held = await positions;
      if (!held) return null;
      const signed = held.get(symbol) ?? 0;
      return Math.max(0, entrySide === 'sell' ? -signed : signed);
    },
  };
}
