import pg from 'pg';

// TIMESTAMP columns (`TIMESTAMP`, no zone: docs/database-setup.md#timestamps) hold UTC wall time, whatever TZ the process has.
// Left alone, node-pg gets this wrong twice: it parses `timestamp without time zone` as the process's
// LOCAL time, and it sends a Date as local time with an offset, which PostgreSQL silently drops for a
// `timestamp` column (PostgreSQL docs, "Date/Time Types": a zone in a timestamp-without-time-zone
// literal is ignored). TypeORM adds nothing for `timestamp` columns: it hands pg a Date either way
// (PostgresDriver.preparePersistentValue / prepareHydratedValue). So a journal written by a process in
// Tokyo and read by one in Los Angeles is off by 17 hours.
//
// Fixed per connection, in the pool's options only (no global pg default is changed, so another pool
// in the same process keeps its own behaviour):
// - the session's TimeZone is UTC, so `DEFAULT NOW()` and any SQL conversion give UTC wall time;
// - `timestamp` (OID 1114) values are parsed as UTC;
// - Date parameters are sent as UTC ISO text (`2025-01-15T14:45:00.000Z`): stored as 14:45 in a
//   `timestamp` column, and the exact instant in a `timestamptz` one.

const TIMESTAMP_OID = 1114;

/** `2025-01-15 14:45:00.123456` (PostgreSQL's text output) as that UTC instant; `infinity` and BC dates as pg parses them. */
export function parseUtcTimestamp(text: string): Date | string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?$/.exec(text);
  if (!match) return pg.types.getTypeParser(TIMESTAMP_OID, 'text')(text) as Date | string;
  const millis = (match[3] ?? '.0').slice(0, 4).padEnd(4, '0');
  return new Date(`${match[1]}T${match[2]}${millis}Z`);
}

function utcParameter(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** A pg Client that sends every Date parameter as UTC text. */
export class UtcClient extends pg.Client {
  // pg's query() has many overloads; this only rewrites the parameter values and passes everything on.
  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (Array.isArray(values)) args[1] = values.map(utcParameter);
    else if (
      config &&
      typeof config === 'object' &&
      Array.isArray((config as { values?: unknown }).values) &&
      typeof (config as { submit?: unknown }).submit !== 'function'
    ) {
      args[0] = { ...(config as object), values: (config as { values: unknown[] }).values.map(utcParameter) };
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/** pg Pool options (TypeORM's `extra`) that make every connection read and write timestamps in UTC. */
export function utcPoolOptions(): Record<string, unknown> {
  return {
    Client: UtcClient,
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMP_OID && format !== 'binary' ? parseUtcTimestamp : pg.types.getTypeParser(oid, format),
    },
  };
}
