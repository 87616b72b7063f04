import type { DataSource } from 'typeorm';
import { useTestDataSource } from '@trading-monitor/test-harness';
import { ExecutionLog } from './entities/execution-log.entity';
import { parseUtcTimestamp } from './utc-timestamps';

// Jest gives a test its own copy of process.env, so a test cannot change the zone of the process it
// runs in: this one checks the connection in whatever TZ the suite runs (try TZ=Asia/Tokyo npx jest …;
// without utcPoolOptions it fails there). The version that runs processes in several zones, a whole
// trading day, is libs/workflows/src/host-time-zone.int.spec.ts.
let dataSource: DataSource;
useTestDataSource((opened) => (dataSource = opened));

describe('TIMESTAMP columns hold UTC wall time whatever TZ the process has', () => {
  it(`writes and reads 14:45 UTC as 14:45 (this process: TZ=${process.env['TZ'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone})`, async () => {
    const tz = 'host';
    const at = new Date('2025-01-15T14:45:00.123Z');
    const row = await dataSource.getRepository(ExecutionLog).save({ job: 'test', action: tz, outcome: 'ok', message: 'm', createdAt: at });
    const [{ text }] = await dataSource.query('SELECT created_at::text AS text FROM execution_log WHERE id = $1', [row.id]);
    expect(text).toBe('2025-01-15 14:45:00.123');
    const read = await dataSource.getRepository(ExecutionLog).findOneByOrFail({ id: row.id });
    expect(read.createdAt.toISOString()).toBe('2025-01-15T14:45:00.123Z');
    // A Date compared in SQL is the same instant too, and NOW() is UTC wall time.
    const [{ found, drift }] = await dataSource.query(
      `SELECT count(*)::int AS found, (SELECT abs(extract(epoch FROM (now()::timestamp - (now() AT TIME ZONE 'UTC')))) ) AS drift FROM execution_log WHERE created_at = $1 AND action = $2`,
      [at, tz],
    );
    expect({ found, drift: Number(drift) }).toEqual({ found: 1, drift: 0 });
  });

  it('parses PostgreSQL text as UTC, microseconds cut to milliseconds, and leaves infinity to pg', () => {
    expect((parseUtcTimestamp('2025-01-15 14:45:00') as Date).toISOString()).toBe('2025-01-15T14:45:00.000Z');
    expect((parseUtcTimestamp('2025-01-15 14:45:00.123456') as Date).toISOString()).toBe('2025-01-15T14:45:00.123Z');
    expect((parseUtcTimestamp('2025-01-15 14:45:00.5') as Date).toISOString()).toBe('2025-01-15T14:45:00.500Z');
    expect(parseUtcTimestamp('infinity')).toBe(Infinity);
  });
});
