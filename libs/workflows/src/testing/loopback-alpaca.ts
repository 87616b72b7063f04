import { SimulatedBroker } from '@trading-monitor/broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '@trading-monitor/broker/testing';
import { ManualClock } from '@trading-monitor/domain';

/**
 * The loopback Alpaca server (REST and the trade_updates websocket) on a simulated market at a
 * given instant, for the apps' tests that run a process with BROKER=alpaca against it (the apps may
 * not reach the broker library themselves).
 */
export function startLoopbackAlpaca(at = new Date('2025-01-15T15:00:00Z')): Promise<AlpacaTestServer> {
  return startAlpacaTestServer({ market: new SimulatedBroker({ clock: new ManualClock(at) }) });
}
