import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traderScenario } from './trader-scenario';

// NocoDB's usual install over PostgreSQL: each base in a schema named after its id.
describe('a real NocoDB 0.301.3, usual install (a schema per base)', () => {
  traderScenario({ root: join(tmpdir(), 'tm-nocodb-usual'), pgPort: 55441, ncPort: 18091, reflectionOff: false });
});
