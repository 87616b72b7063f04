import type { Broker } from '@trading-monitor/broker';
import { heldOnSide, type Side } from '@trading-monitor/domain';
import type { BrokerPositions } from '../trade-sync/broker-positions';

/**
 * The broker's positions for the stream's syncs, shared without being stale: an event's sync reuses
 * a positions read only if that read STARTED after the event arrived (so it already shows the fill
 * the event announced), and otherwise starts one. A burst of 50 fills then costs a few reads of the
 * position list, not 50 (one per event was a third of the burst's broker calls, each as large as the
 * account); one event alone still gets its own read after its fill, as the order monitor's pass
 * reads positions after the orders it acts on.
 */
export interface FreshPositions {
  /** A ticket taken when an event arrives: reads started after it may serve its sync. */
  ticket(): number;
  /** The positions view for a sync of an event that arrived at `ticket` (a failed read is tried again, twice at most). */
  since(ticket: number): BrokerPositions;
}

export function freshPositions(broker: Broker): FreshPositions {
  let sequence = 0;
  let latest: { startedAt: number; held: Promise<Map<string, number>> } | undefined;
  const read = (ticket: number): Promise<Map<string, number>> => {
    if (latest && latest.startedAt > ticket) return latest.held;
    const startedAt = ++sequence;
    const held = broker.listPositions().then((positions) => new Map(positions.map((p) => [p.symbol, p.qty])));
    const current = { startedAt, held };
    latest = current;
    held.catch(() => {
      if (latest === current) latest = undefined; // a failed read is never shared
    });
    return held;
  };
  return {
    ticket: () => ++sequence,
    since(ticket) {
      return {
        async heldFor(symbol: string, entrySide: Side): Promise<number | null> {
          for (let attempt = 0; attempt < 3; attempt++) {
            try {
              return heldOnSide(entrySide, (await read(ticket)).get(symbol) ?? 0);
            } catch {
              // tried again below; after three failures the broker cannot say
            }
          }
          return null;
        },
      };
    },
  };
}
