import { loadConfig } from '@trading-monitor/config';
import { createJobStore } from './job-store';

const DATABASE_URL = 'postgres://trader:secret@db.invalid:5432/nocodb';

describe('job store', () => {
  it('is MongoDB when MONGODB_URL is set (nothing connects until the scheduler starts)', async () => {
    const config = loadConfig({ DATABASE_URL, MONGODB_URL: 'mongodb://mongo.invalid:27017/agenda' }, { envFile: false });
    const store = createJobStore(config, { connectionString: DATABASE_URL, options: '' });
    expect(store.kind).toBe('mongodb');
    expect(store.backend.name).toBe('MongoDB');
    await store.close();
  });

  it('is the trading database otherwise', async () => {
    const config = loadConfig({ DATABASE_URL }, { envFile: false });
    const store = createJobStore(config, { connectionString: DATABASE_URL, options: '' });
    expect(store.kind).toBe('postgres');
    expect(store.backend.name).toBe('PostgreSQL');
    await store.close();
  });
});
