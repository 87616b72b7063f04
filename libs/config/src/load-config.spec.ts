import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: false });
const problemsOf = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('defaults to the embedded database and the simulated broker with no variables at all', () => {
    const config = load({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: expect.stringMatching(/\.data\/postgres$/) });
    expect(config.broker).toEqual({ kind: 'simulated', stateFile: expect.stringMatching(/simulated-broker\.json$/) });
    expect(config.logLevel).toBe('info');
    expect(config.mongodbUrl).toBeUndefined();
  });

  it('takes the NocoDB address and API token together, and names the one missing', () => {
    expect(load({ NOCODB_URL: 'http://nocodb:8080', NOCODB_API_TOKEN: 'tok-123456' }).nocodb).toEqual({ url: 'http://nocodb:8080', apiToken: 'tok-123456' });
    expect(load({}).nocodb).toBeUndefined();
    expect(problemsOf({ NOCODB_URL: 'http://nocodb:8080' })).toMatch(/NOCODB_API_TOKEN is required when NOCODB_URL is set/);
    expect(problemsOf({ NOCODB_API_TOKEN: 'tok-123456' })).toMatch(/NOCODB_URL is required when NOCODB_API_TOKEN is set/);
    expect(problemsOf({ NOCODB_URL: 'nocodb:8080', NOCODB_API_TOKEN: 'tok-123456' })).toMatch(/NOCODB_URL must be a URL/);
  });

  it('takes DATABASE_URL as it is', () => {
    expect(load({ DATABASE_URL: 'postgres://u:p@db:5432/nocodb' }).database).toEqual({
      kind: 'url',
      url: 'postgres://u:p@db:5432/nocodb',
    });
  });

  it('builds the URL from the older POSTGRES_* variables, escaping the password', () => {
    const config = load({ POSTGRES_HOST: 'db', POSTGRES_DB: 'nocodb', POSTGRES_USER: 'noco', POSTGRES_PASSWORD: 'p@ss:w/rd' });
    expect(config.database).toEqual({ kind: 'url', url: 'postgres://noco:p%40ss%3Aw%2Frd@db:5432/nocodb' });
  });

  it('names the variable of a bad database URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })).toBe(
      'Configuration error: DATABASE_URL must be a URL such as postgres://user:password@host:5432/nocodb',
    );
  });

  it('takes ANALYSIS_DECISION_TABLE as schema.table, and says what it expects otherwise', () => {
    expect(load({ DATABASE_URL: 'postgres://u:p@db/nocodb', ANALYSIS_DECISION_TABLE: 'pikc59af2dvin1y.analysis_decision' }).database).toEqual({
      kind: 'url',
      url: 'postgres://u:p@db/nocodb',
      decisionTable: { schema: 'pikc59af2dvin1y', table: 'analysis_decision' },
    });
    expect(load({ ANALYSIS_DECISION_TABLE: 'public.nc_uy8v___analysis_decision' }).database.decisionTable).toEqual({
      schema: 'public',
      table: 'nc_uy8v___analysis_decision',
    });
    for (const bad of ['analysis_decision', 'a.b.c', '"p".analysis_decision', 'p. x']) {
      expect(problemsOf({ ANALYSIS_DECISION_TABLE: bad })).toContain('ANALYSIS_DECISION_TABLE must be schema.table');
    }
  });

  it('names each missing POSTGRES_* companion', () => {
    const message = problemsOf({ POSTGRES_HOST: 'db' });
    expect(message).toContain('POSTGRES_DB is required when POSTGRES_HOST is set');
    expect(message).toContain('POSTGRES_USER is required when POSTGRES_HOST is set');
  });

  it('requires both Alpaca keys for BROKER=alpaca', () => {
    const message = problemsOf({ BROKER: 'alpaca' });
    expect(message).toContain('ALPACA_API_KEY (or APCA_API_KEY_ID) is required when BROKER=alpaca');
    expect(message).toContain('ALPACA_SECRET_KEY (or APCA_API_SECRET_KEY) is required when BROKER=alpaca');
  });

  it('accepts the SDK variable names and defaults to paper trading', () => {
    const config = load({ BROKER: 'alpaca', APCA_API_KEY_ID: 'PKTEST', APCA_API_SECRET_KEY: 'shh-secret' });
    expect(config.broker).toMatchObject({ kind: 'alpaca', keyId: 'PKTEST', secretKey: 'shh-secret', paper: true });
  });

  it('refuses live trading without ALLOW_LIVE_TRADING=yes', () => {
    const env = { BROKER: 'alpaca', ALPACA_API_KEY: 'AK', ALPACA_SECRET_KEY: 'SK12', ALPACA_PAPER: 'false' };
    expect(problemsOf(env)).toContain('ALLOW_LIVE_TRADING must be "yes" when ALPACA_PAPER=false');
    expect(problemsOf({ ...env, ALLOW_LIVE_TRADING: 'true' })).toContain('ALLOW_LIVE_TRADING must be "yes"');
    expect(load({ ...env, ALLOW_LIVE_TRADING: 'yes' }).broker).toMatchObject({ paper: false });
  });

  it('refuses a live trading host with paper trading still on, so real money needs the opt-in however it is reached', () => {
    const env = { BROKER: 'alpaca', ALPACA_API_KEY: 'AK', ALPACA_SECRET_KEY: 'SK12', ALPACA_TRADING_URL: 'https://api.alpaca.markets' };
    expect(problemsOf(env)).toContain('ALPACA_TRADING_URL points at the live host api.alpaca.markets while ALPACA_PAPER=true');
    expect(problemsOf({ ...env, ALPACA_PAPER: 'false' })).toContain('ALLOW_LIVE_TRADING must be "yes"');
    expect(load({ ...env, ALPACA_PAPER: 'false', ALLOW_LIVE_TRADING: 'yes' }).broker).toMatchObject({ paper: false });
  });

  it('rejects an unknown broker, a bad boolean, a bad log level and a bad host override', () => {
    expect(problemsOf({ BROKER: 'ibkr' })).toBe('Configuration error: BROKER must be "simulated" or "alpaca"');
    expect(problemsOf({ ALPACA_PAPER: 'maybe' })).toContain('ALPACA_PAPER must be true or false');
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL must be one of fatal, error');
    expect(problemsOf({ ALPACA_TRADING_URL: 'paper-api' })).toContain('ALPACA_TRADING_URL must be a URL');
    expect(problemsOf({ MONGODB_URL: 'http://x' })).toContain('MONGODB_URL must be a URL such as mongodb://');
  });

  it('honours the broker host overrides', () => {
    const config = load({
      BROKER: 'alpaca',
      ALPACA_API_KEY: 'AK',
      ALPACA_SECRET_KEY: 'SK12',
      ALPACA_TRADING_URL: 'http://127.0.0.1:9999',
      ALPACA_DATA_URL: 'http://127.0.0.1:9998',
    });
    expect(config.broker).toMatchObject({ tradingUrl: 'http://127.0.0.1:9999', dataUrl: 'http://127.0.0.1:9998' });
  });

  it('treats empty variables as unset', () => {
    expect(load({ DATABASE_URL: '', BROKER: '' }).database.kind).toBe('embedded');
  });

  it('reads a .env file, with real environment variables taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'LOG_LEVEL=debug\nDATABASE_URL=postgres://a:b@file-host/db\n');
    const config = loadConfig({ DATABASE_URL: 'postgres://a:b@env-host/db' }, { envFile: file });
    expect(config.logLevel).toBe('debug');
    expect(config.database).toEqual({ kind: 'url', url: 'postgres://a:b@env-host/db' });
  });
});
