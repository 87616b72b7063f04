import { SimulatedBroker } from '../simulated/simulated-broker';
import { describeBrokerContract } from './broker-contract';

describeBrokerContract('SimulatedBroker', async (clock) => {
  const market = new SimulatedBroker({ clock });
  return { broker: market, market, close: async () => undefined };
});
