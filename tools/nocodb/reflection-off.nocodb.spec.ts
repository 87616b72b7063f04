import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traderScenario } from './trader-scenario';

// NC_DISABLE_PG_DATA_REFLECTION=true: NocoDB's tables in public, named nc_xxxx___name.
describe('a real NocoDB 0.301.3 with NC_DISABLE_PG_DATA_REFLECTION=true (prefixed tables in public)', () => {
  traderScenario({ root: join(tmpdir(), 'tm-nocodb-reflection-off'), pgPort: 55443, ncPort: 18093, reflectionOff: true });
});
