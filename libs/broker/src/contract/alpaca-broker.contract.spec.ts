import { AlpacaBroker } from '../alpaca/alpaca-broker';
import { SimulatedBroker } from '../simulated/simulated-broker';
import { startAlpacaTestServer } from '../testing/alpaca-test-server';
import { describeBrokerContract } from './broker-contract';

// AlpacaBroker → SDK → HTTP on 127.0.0.1 → Alpaca-compatible test server → the same simulated market.
describeBrokerContract('AlpacaBroker over HTTP', async (clock) => {
  const market = new SimulatedBroker({ clock });
  const server = await startAlpacaTestServer({ market });
  const broker = new AlpacaBroker({
    keyId: server.keyId,
    secretKey: server.secretKey,
    paper: true,
    tradingUrl: server.url,
    dataUrl: server.url,
    retry: { retryDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 5_000,
  });
  return {
    broker,
    market,
    close: async () => {
      await server.close();
      expect(server.errors).toEqual([]);
    },
  };
});
