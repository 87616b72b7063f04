import type { TableName } from '@trading-monitor/config';
import type { EntityManager } from 'typeorm';
import { PRODUCT_COLUMN_TYPES } from '../decision-table/decision-columns';
import { locateDecisionTable } from '../decision-table/locate-decision-table';
import { SetupError } from '../schema/setup-error';
import { qualifiedName } from '../schema/sql-identifier';
import type { NocodbApi, NocodbBase, NocodbTable } from './nocodb-api';
import { TABLE_DESCRIPTIONS } from './field-descriptions';
import { nocodbFieldFor } from './nocodb-fields';
import { TRADER_VIEWS } from './trader-views';
import { NOCODB_SYSTEM_COLUMNS, parseColumn, productTables } from './product-columns';

export interface NocodbSetupReport {
  /** The base the decisions table is in, `title (id)`. */
  base: string;
  /** What NocoDB made on this run: `field analysis_decision.executed Checkbox`, `table trade_journal (25 fields)`. */
  created: string[];
  /** What stays invisible in NocoDB, and why. */
  notes: string[];
}

/**
 * Makes the product's data NocoDB's own, through NocoDB's meta API with an API token: the four
 * decision fields are added to the base's analysis_decision, and the tables a trader reads are created
 * in the same base (NocoDB adds its system columns: `id serial` is the key the product uses too).
 * Runs before the SQL setup, which then only completes what NocoDB cannot say (NOT NULL, defaults,
 * unique keys, exact types). Adds only; a field or table that is there already is left as it is.
 * Measured on 0.301.3: NocoDB never shows tables or columns made by SQL in a base's own schema.
 */
export async function showInNocodb(manager: EntityManager, api: NocodbApi, chosen?: TableName): Promise<NocodbSetupReport> {
  const decisionTable = await locateDecisionTable(manager, chosen);
  if (!decisionTable) {
    throw new SetupError(
      "Table analysis_decision was not found in the database. Make it in NocoDB first (a base's table analysis_decision), then run db:setup --production again.",
    );
  }
  const { base, table } = await findDecisionTable(api, decisionTable);
  const created: string[] = [];
  const notes: string[] = [];

  const known = new Set((await api.table(table.id)).columns.map((c) => c.column_name));
  const inDatabase = await columnsOf(manager, decisionTable);
  for (const [name, type] of Object.entries(PRODUCT_COLUMN_TYPES)) {
    if (known.has(name)) continue;
    const field = nocodbFieldFor(parseColumn(`${name} ${type}`));
    if (inDatabase.has(name)) {
      notes.push(
        `${table.title}.${name} was added by SQL before, so NocoDB does not list it (NocoDB cannot take in a column it did not make). The product uses it all the same.`,
      );
      continue;
    }
    await api.addField(table.id, field);
    created.push(`field ${table.title}.${name} ${field.uidt}`);
  }

  const prefixed = table.table_name !== 'analysis_decision';
  const nocodbTables = new Set((await api.tables(base.id)).map((t) => t.table_name));
  for (const product of productTables()) {
    if (nocodbTables.has(product.name)) continue;
    if (await tableExists(manager, decisionTable.schema, product.name)) {
      notes.push(`table ${product.name} was made by SQL before, so NocoDB does not show it; the product uses it all the same.`);
      continue;
    }
    if (prefixed) {
      notes.push(
        `table ${product.name} is made by SQL: this NocoDB names the tables it makes ${table.table_name.replace(/analysis_decision$/, '…')} (NC_DISABLE_PG_DATA_REFLECTION), a name the product does not use, so NocoDB does not show it.`,
      );
      continue;
    }
    const fields = product.columns.filter((c) => !(NOCODB_SYSTEM_COLUMNS as readonly string[]).includes(c.name)).map((c) => nocodbFieldFor(c, product.name));
    const made = await api.createTable(base.id, product.name, fields, TABLE_DESCRIPTIONS[product.name]);
    if (made.table_name !== product.name) {
      throw new SetupError(
        `NocoDB made table ${made.table_name} when asked for ${product.name}; the product cannot use it. Delete it in NocoDB and run db:setup --production without NOCODB_URL.`,
      );
    }
    created.push(`table ${product.name} (${fields.length} fields)`);
  }
  if (!prefixed) created.push(...(await addTraderViews(api, base.id)));
  return { base: `${base.title} (${base.id})`, created, notes };
}

/** The views of TRADER_VIEWS that the base's tables lack (by title); a view a trader made or changed is left alone. */
async function addTraderViews(api: NocodbApi, baseId: string): Promise<string[]> {
  const created: string[] = [];
  const tables = await api.tables(baseId);
  for (const view of TRADER_VIEWS) {
    const table = tables.find((t) => t.table_name === view.table);
    if (!table) continue;
    if ((await api.views(table.id)).some((v) => v.title === view.title)) continue;
    const columns = new Map((await api.table(table.id)).columns.map((c) => [c.column_name, c.id]));
    const made = await api.createGridView(table.id, view.title);
    for (const { column, ...filter } of view.filters) await api.addViewFilter(made.id, { fk_column_id: columns.get(column), ...filter });
    created.push(`view ${view.table}: ${view.title}`);
  }
  return created;
}

/**
 * The base and NocoDB table behind the decisions table PostgreSQL has. A base's schema is named
 * after its id; with reflection off the table name is prefixed and unique. Several bases with an
 * analysis_decision and none matching the schema: an error naming them.
 */
async function findDecisionTable(api: NocodbApi, decisionTable: TableName): Promise<{ base: NocodbBase; table: NocodbTable }> {
  const found: Array<{ base: NocodbBase; table: NocodbTable }> = [];
  for (const base of await api.bases()) {
    for (const table of await api.tables(base.id)) {
      if (table.table_name === decisionTable.table) found.push({ base, table });
    }
  }
  const inSchema = found.filter(({ base }) => base.id === decisionTable.schema);
  if (inSchema.length === 1) return inSchema[0]!;
  if (found.length === 1) return found[0]!;
  const where = `${decisionTable.schema}.${decisionTable.table}`;
  if (found.length === 0) {
    throw new SetupError(
      `NocoDB lists no table ${decisionTable.table} in the bases this API token can see, so the decisions table ${where} cannot be matched to a base. Check that NOCODB_URL is the NocoDB that keeps its data in DATABASE_URL, and that the token's user is in the base.`,
    );
  }
  throw new SetupError(
    `Several NocoDB bases have a table ${decisionTable.table} (${found.map(({ base }) => `${base.title} ${base.id}`).join(', ')}) and none is schema ${decisionTable.schema}: set ANALYSIS_DECISION_TABLE to the one the analysis workflow writes.`,
  );
}

async function columnsOf(manager: EntityManager, table: TableName): Promise<Set<string>> {
  const rows: Array<{ name: string }> = await manager.query(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
    [table.schema, table.table],
  );
  return new Set(rows.map((r) => r.name));
}

async function tableExists(manager: EntityManager, schema: string, table: string): Promise<boolean> {
  const [{ exists }] = await manager.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [qualifiedName(schema, table)]);
  return exists;
}

/**
 * What production setup without NOCODB_URL says: the SQL path works, but NocoDB will not show what it
 * made, and how to change that.
 */
export function nocodbAdviceWithoutApi(): string[] {
  const fields = Object.entries(PRODUCT_COLUMN_TYPES)
    .map(([name, type]) => `${name} (${nocodbFieldFor(parseColumn(`${name} ${type}`)).uidt})`)
    .join(', ');
  return [
    "NOCODB_URL is not set, so db:setup works by SQL only, and NocoDB 0.301.3 shows no table or column made by SQL in a base (its metadata sync refuses a base's own source): the product works, but its fields and tables are not in NocoDB.",
    `To see the product's work in NocoDB: make these fields on analysis_decision in NocoDB's UI before db:setup adds them: ${fields};`,
    "or, better, set NOCODB_URL and NOCODB_API_TOKEN (a token made in NocoDB's UI) and run db:setup --production on a base the product has not set up yet: the fields and the tables trade_journal, order_execution, position_tracking, trade_adjustments and execution_log are then made through NocoDB's API and show in the base.",
  ];
}
