import { PRODUCT_COLUMN_TYPES, REQUIRED_COLUMNS } from './decision-columns';
import type { DecisionTable } from './decision-table';
import { quoteIdent } from '../schema/sql-identifier';

/**
 * What the decisions table lacks for the product to use it, one sentence each with the exact fix
 * (the NocoDB field to create, or the SQL): a required column missing or of a type the product
 * cannot read, or no primary key to claim rows by. Empty when the table will do.
 */
export function decisionTableProblems(table: DecisionTable): string[] {
  const problems: string[] = [];
  const where = `${table.schema}.${table.table}`;
  for (const required of REQUIRED_COLUMNS) {
    const type = table.columns.get(required.name);
    const sql = `ALTER TABLE ${table.sql} ADD COLUMN ${quoteIdent(required.name)} ${required.sqlType};`;
    if (type === undefined) {
      problems.push(
        `Column ${required.name} is missing from ${where}: add a ${required.nocodbField} field named exactly ${required.name} in NocoDB, or run: ${sql}`,
      );
    } else if (!required.types.includes(type)) {
      problems.push(
        `Column ${required.name} of ${where} is ${type}; the product reads it as ${required.types.join(' or ')}: make it a ${required.nocodbField} field in NocoDB.`,
      );
    }
  }
  for (const [column, sqlType] of Object.entries(PRODUCT_COLUMN_TYPES)) {
    if (table.columns.has(column) && column === 'executed' && table.columns.get(column) !== 'boolean') {
      problems.push(`Column executed of ${where} is ${table.columns.get(column)}; it must be ${sqlType} (a Checkbox field in NocoDB).`);
    }
  }
  if (!table.key) {
    problems.push(
      `${where} has no single-column primary key, which the product claims and marks rows by. Tables made in NocoDB have one (id); for a table made by SQL: ALTER TABLE ${table.sql} ADD COLUMN id SERIAL PRIMARY KEY;`,
    );
  }
  return problems;
}
