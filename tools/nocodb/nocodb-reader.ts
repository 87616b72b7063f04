// What a trader's browser asks NocoDB for, through its REST API with the API token.

export interface Field {
  column_name: string;
  title: string;
  uidt: string;
  meta?: unknown;
}

export class NocodbReader {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async tables(baseId: string): Promise<Array<{ id: string; table_name: string; title: string }>> {
    return (await this.call<{ list: Array<{ id: string; table_name: string; title: string }> }>('GET', `/api/v2/meta/bases/${baseId}/tables`)).list;
  }

  async fields(tableId: string): Promise<Field[]> {
    return (await this.call<{ columns: Field[] }>('GET', `/api/v2/meta/tables/${tableId}`)).columns;
  }

  async views(tableId: string): Promise<Array<{ id: string; title: string }>> {
    return (await this.call<{ list: Array<{ id: string; title: string }> }>('GET', `/api/v2/meta/tables/${tableId}/views`)).list;
  }

  /** Rows of a table, or of one of its views (its filters applied by NocoDB). */
  async records(tableId: string, where?: string, viewId?: string): Promise<Array<Record<string, unknown>>> {
    const params = new URLSearchParams({ limit: '100', ...(where ? { where } : {}), ...(viewId ? { viewId } : {}) });
    const query = `?${params.toString()}`;
    return (await this.call<{ list: Array<Record<string, unknown>> }>('GET', `/api/v2/tables/${tableId}/records${query}`)).list;
  }

  async insert(tableId: string, row: Record<string, unknown>): Promise<number> {
    const made = await this.call<{ id?: number; Id?: number }>('POST', `/api/v2/tables/${tableId}/records`, row);
    return Number(made.id ?? made.Id);
  }

  async update(tableId: string, row: Record<string, unknown>): Promise<void> {
    await this.call('PATCH', `/api/v2/tables/${tableId}/records`, row);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'xc-token': this.token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}
