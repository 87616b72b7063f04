import { Writable } from 'node:stream';
import { loadConfig } from './load-config';
import { createLogger } from './logger';
import { redactSecrets, secretsOf } from './redact';

function capture(isTTY = false) {
  const lines: string[] = [];
  const destination = Object.assign(new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }), { isTTY });
  return { destination, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line when not a terminal', () => {
    const { destination, lines } = capture();
    createLogger({ level: 'info', destination }).info({ event: 'trade.closed', tradeId: 'T1', pnl: '-441.00' });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, event: 'trade.closed', tradeId: 'T1', pnl: '-441.00' });
  });

  it('writes readable lines on a terminal', () => {
    const { destination, lines } = capture(true);
    createLogger({ level: 'info', destination }).info({ event: 'job.done' }, 'Monitor orders finished');
    expect(lines.join('')).toContain('Monitor orders finished');
    expect(() => JSON.parse(lines[0])).toThrow();
  });

  it('redacts secret-named fields, URL passwords and known secret values', () => {
    const config = loadConfig(
      {
        BROKER: 'alpaca',
        ALPACA_API_KEY: 'PKFAKEKEY123',
        ALPACA_SECRET_KEY: 'fake-secret-987',
        DATABASE_URL: 'postgres://noco:dbpass42@db/nocodb',
        NOCODB_URL: 'http://nocodb:8080',
        NOCODB_API_TOKEN: 'nc-token-4711',
      },
      { envFile: false },
    );
    const { destination, lines } = capture();
    const log = createLogger({ level: 'info', destination, secrets: secretsOf(config) });
    log.info({ event: 'x', secretKey: 'fake-secret-987', nested: { password: 'dbpass42', apiKey: 'PKFAKEKEY123' } });
    log.info({ event: 'y', url: 'postgres://noco:dbpass42@db/nocodb' }, 'connecting to postgres://noco:dbpass42@db/nocodb');
    log.error({ event: 'z', err: new Error('request with key PKFAKEKEY123 refused') });
    log.info({ event: 'w', nocodb: config.nocodb }, 'NocoDB token nc-token-4711');
    const text = lines.join('');
    for (const secret of ['PKFAKEKEY123', 'fake-secret-987', 'dbpass42', 'nc-token-4711']) expect(text).not.toContain(secret);
    expect(text).toContain('postgres://noco:***@db/nocodb');
    expect(text).toContain('[REDACTED]');
  });
});

describe('createLogger, an error', () => {
  it("keeps a broker's request id and the error's cause, secrets masked in both", () => {
    const { destination, lines } = capture();
    const sdkError = new Error('request with key PKFAKEKEY123 refused');
    const error = Object.assign(new Error('The broker refused: qty must be > 0', { cause: sdkError }), { requestId: 'req-7f3a' });
    createLogger({ level: 'info', destination, secrets: ['PKFAKEKEY123'] }).error({ event: 'decision.failed', err: error });
    const { err } = JSON.parse(lines[0]) as { err: Record<string, unknown> };
    expect(err).toMatchObject({ type: 'Error', message: 'The broker refused: qty must be > 0', requestId: 'req-7f3a' });
    expect(err['cause']).toMatchObject({ type: 'Error', message: 'request with key [REDACTED] refused' });
  });
});

describe('redactSecrets', () => {
  it('prints a configuration with its secrets hidden and everything else intact', () => {
    const config = loadConfig({ BROKER: 'alpaca', ALPACA_API_KEY: 'PK1', ALPACA_SECRET_KEY: 'SK1', MONGODB_URL: 'mongodb://a:pw@h/db' }, { envFile: false });
    expect(redactSecrets(config)).toMatchObject({
      broker: { kind: 'alpaca', keyId: '[REDACTED]', secretKey: '[REDACTED]', paper: true },
      mongodbUrl: 'mongodb://a:***@h/db',
    });
  });
});

describe('createLogger with a tap', () => {
  it('hands every event at info or above to the tap, secrets masked, whatever the log level', () => {
    const { destination, lines } = capture();
    const tapped: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'warn', destination, secrets: ['s3cr3t-value'], tap: (line) => tapped.push(line) });
    log.debug({ event: 'too.fine' });
    log.info({ event: 'trade.closed', tradeId: 'T1', note: 'key s3cr3t-value' });
    log.error({ event: 'job.failed', job: 'monitor-orders' }, 'monitor-orders failed');
    expect(tapped.map((line) => line['event'])).toEqual(['trade.closed', 'job.failed']);
    expect(JSON.stringify(tapped)).not.toContain('s3cr3t-value');
    // The log itself still holds only what was asked for: warnings and worse.
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['job.failed']);
  });

  it('keeps logging when the tap throws, and taps a silent logger too', () => {
    const { destination, lines } = capture();
    const log = createLogger({
      level: 'info',
      destination,
      tap: () => {
        throw new Error('reader broke');
      },
    });
    log.info({ event: 'a' });
    expect(lines).toHaveLength(1);
    const tapped: unknown[] = [];
    createLogger({ level: 'silent', destination, tap: (line) => tapped.push(line) }).error({ event: 'b' });
    expect(tapped).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });
});
