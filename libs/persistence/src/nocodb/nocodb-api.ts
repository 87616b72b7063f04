import type { NocodbField } from './nocodb-fields';

// NocoDB's meta API (v2), the calls db:setup makes with an API token (`xc-token`), measured on 0.301.3.
// The token is sent in a header only: it is never part of a message, a URL or a log line.

export interface NocodbBase {
  id: string;
  title: string;
}

export interface NocodbTable {
  id: string;
  /** The table in PostgreSQL (`analysis_decision`, or `nc_uy8v___analysis_decision` with reflection off). */
  table_name: string;
  title: string;
}

export interface NocodbColumn {
  id: string;
  column_name: string;
  title: string;
  uidt: string;
  dt?: string;
  meta?: unknown;
}

export interface NocodbTableWithColumns extends NocodbTable {
  columns: NocodbColumn[];
}

/** NocoDB refused a call or could not be reached: says which call, never the token. */
export class NocodbApiError extends Error {
  override readonly name = 'NocodbApiError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class NocodbApi {
  private readonly baseUrl: string;

  constructor(
    url: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  async bases(): Promise<NocodbBase[]> {
    return this.list<NocodbBase>('/api/v2/meta/bases');
  }

  async tables(baseId: string): Promise<NocodbTable[]> {
    return this.list<NocodbTable>(`/api/v2/meta/bases/${encodeURIComponent(baseId)}/tables`);
  }

  async table(tableId: string): Promise<NocodbTableWithColumns> {
    return this.call<NocodbTableWithColumns>('GET', `/api/v2/meta/tables/${encodeURIComponent(tableId)}`);
  }

  /** Adds a field to a table NocoDB knows (ALTER TABLE … ADD COLUMN, done by NocoDB). */
  async addField(tableId: string, field: NocodbField): Promise<void> {
    await this.call('POST', `/api/v2/meta/tables/${encodeURIComponent(tableId)}/columns`, field);
  }

  /** Creates a table in the base with NocoDB's system columns and these fields. */
  async createTable(baseId: string, tableName: string, fields: readonly NocodbField[], description?: string): Promise<NocodbTable> {
    return this.call<NocodbTable>('POST', `/api/v2/meta/bases/${encodeURIComponent(baseId)}/tables`, {
      table_name: tableName,
      title: tableName,
      ...(description ? { description } : {}),
      columns: fields,
    });
  }

  async views(tableId: string): Promise<Array<{ id: string; title: string }>> {
    return this.list<{ id: string; title: string }>(`/api/v2/meta/tables/${encodeURIComponent(tableId)}/views`);
  }

  async createGridView(tableId: string, title: string): Promise<{ id: string }> {
    return this.call<{ id: string }>('POST', `/api/v2/meta/tables/${encodeURIComponent(tableId)}/grids`, { title });
  }

  async addViewFilter(viewId: string, filter: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/api/v2/meta/views/${encodeURIComponent(viewId)}/filters`, filter);
  }

  private async list<T>(path: string): Promise<T[]> {
    const body = await this.call<{ list?: T[] }>('GET', path);
    if (!Array.isArray(body.list)) throw new NocodbApiError(`NocoDB answered GET ${path} without a list`);
    return body.list;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: { 'xc-token': this.token, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new NocodbApiError(`NocoDB at ${this.baseUrl} cannot be reached (${method} ${path}): ${(error as Error).message}. Check NOCODB_URL.`);
    }
    const text = await response.text();
    if (!response.ok) {
      const hint =
        response.status === 401 || response.status === 403 ? ' Check NOCODB_API_TOKEN (an API token made in NocoDB: Account settings → Tokens).' : '';
      throw new NocodbApiError(`NocoDB refused ${method} ${path}: HTTP ${response.status} ${reasonOf(text)}.${hint}`, response.status);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new NocodbApiError(`NocoDB answered ${method} ${path} with something other than JSON (is NOCODB_URL NocoDB's address?)`);
    }
  }
}

function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text) as { msg?: string; message?: string; error?: string };
    return (body.msg ?? body.message ?? body.error ?? text).toString().slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
