import type { BrokerConfig } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import { AlpacaBroker, type AlpacaBrokerOptions } from './alpaca/alpaca-broker';
import type { Broker } from './broker';
import { SimulatedBroker } from './simulated/simulated-broker';

/** A broker as the apps hold it: which kind it is, and a way to keep its state between commands. */
export interface ManagedBroker extends Broker {
  readonly kind: 'simulated' | 'alpaca';
  /** Saves the simulated account to its state file; nothing to do for Alpaca. Call after each command. */
  persist(): Promise<void>;
}

export interface CreateBrokerDeps {
  clock: Clock;
  /** Tuning for the Alpaca adapter (timeouts, retries, rate limit); credentials come from the config. */
  alpaca?: Omit<AlpacaBrokerOptions, 'keyId' | 'secretKey' | 'paper' | 'tradingUrl' | 'dataUrl'>;
  /** Cash of a new simulated account (default 100,000); an existing state file keeps its own. */
  simulatedCash?: string | number;
}

/**
 * The broker the configuration names. A simulated broker opens the account saved in its state file
 * (a fresh one if there is none); the caller saves it with `persist()`.
 */
export function createBroker(config: BrokerConfig, deps: CreateBrokerDeps): ManagedBroker {
  if (config.kind === 'simulated') {
    return SimulatedBroker.open({ clock: deps.clock, stateFile: config.stateFile, cash: deps.simulatedCash });
  }
  return new AlpacaBroker({
    ...deps.alpaca,
    keyId: config.keyId,
    secretKey: config.secretKey,
    paper: config.paper,
    tradingUrl: config.tradingUrl,
    dataUrl: config.dataUrl,
  });
}
