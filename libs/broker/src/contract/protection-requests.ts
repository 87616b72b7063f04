import { Price, type Side } from '@trading-monitor/domain';
import type { ProtectionOrderRequest } from '../broker';

/** The long (or short) the broker specs protect: 45 AAPL. */
interface Position {
  side?: Side;
  qty?: number;
}

/** A good-till-cancelled stop on 45 AAPL, selling unless `side` says otherwise. */
export function stopRequest(clientOrderId: string, stopPrice: string, { side = 'sell', qty = 45 }: Position = {}): ProtectionOrderRequest {
  return { kind: 'stop', symbol: 'AAPL', side, qty, stopPrice: Price.of(stopPrice), timeInForce: 'gtc', clientOrderId };
}

/** A good-till-cancelled OCO selling 45 AAPL: take profit at 150.00, stop at 130.00 unless told. */
export function ocoRequest(clientOrderId: string, { qty = 45, stopPrice = '130.00' }: { qty?: number; stopPrice?: string } = {}): ProtectionOrderRequest {
  return {
    kind: 'oco',
    symbol: 'AAPL',
    side: 'sell',
    qty,
    stopPrice: Price.of(stopPrice),
    takeProfitPrice: Price.of('150.00'),
    timeInForce: 'gtc',
    clientOrderId,
  };
}
