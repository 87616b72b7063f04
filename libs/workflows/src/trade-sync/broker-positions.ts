import type { Broker } from '@trading-monitor/broker';
import { heldOnSide, type Side } from '@trading-monitor/domain';

/** What the broker holds, read once per job run and only if a step asks (a failed read is tried again, twice at most). */
export interface BrokerPositions {
  /** Shares held on the trade's side (a long trade counts a long position only), or null when the broker cannot say. */
  heldFor(symbol: string, entrySide: Side): Promise<number | null>;
}

export function brokerPositions(broker: Broker): BrokerPositions {
  let positions: Map<string, number> | undefined;
  let failures = 0;
  return {
    async heldFor(symbol, entrySide) {
      if (!positions && failures < 2) {
        try {
          positions = new Map((await broker.listPositions()).map((p) => [p.symbol, p.qty]));
        } catch {
          failures++;
          return this.heldFor(symbol, entrySide);
        }
      }
      const held = positions;
      if (!held) return null;
      return heldOnSide(entrySide, held.get(symbol) ?? 0);
    },
  };
}
