import { Money, Price } from '@trading-monitor/domain';
import { EventSubscriber, type ColumnOptions, type EntitySubscriberInterface, type InsertEvent, type ObjectLiteral, type UpdateEvent } from 'typeorm';

// Prices under $1 trade in four decimals (0.8460, 0.8123), but the journal columns NocoDB shows are
// DECIMAL(10,2) (docs/database-setup.md). Each such price therefore has two columns:
// - the shown column (`planned_stop_loss`, DECIMAL(10,2)): what NocoDB displays and a person may
//   edit, always written as the exact value rounded half-even to cents;
// - the exact column (`planned_stop_loss_exact`, NUMERIC), product-owned: what every broker order
//   and every computation uses.
// The entity property (`plannedStopLoss`) maps to the exact column. `ExactPriceSubscriber` writes the
// shown twin on every insert and update, whichever way it is made (save, insert, update), and
// `resolveExactPrices` (after every load) decides which one holds: the exact value while it still
// rounds to the shown one; the shown one when it does not (edited by hand in NocoDB) or when there is
// no exact value (rows written before the exact columns existed). A shown 0.00 with no exact value
// behind it is not a price: the row is marked unloadable, and only its trade stops (with an alarm).

/** Entity property of an exact price → property of its shown DECIMAL(10,2) twin, and the SQL column name. */
export interface ExactPricePair {
  exact: string;
  shown: string;
  column: string;
  required: boolean;
}

export function exactPair(exact: string, column: string, required = false): ExactPricePair {
  return { exact, shown: `${exact}Shown`, column, required };
}

/** The product-owned NUMERIC column behind a price, read leniently: `resolveExactPrices` validates it. */
export function exactTwinColumn(column: string): ColumnOptions {
  return {
    name: `${column}_exact`,
    type: 'numeric',
    nullable: true,
    transformer: {
      to: (value: Price | Money | null | undefined) => (value == null ? value : moneyOf(value).toString()),
      from: (value: string | null) => (value == null ? null : Money.of(value)),
    },
  };
}

/** The DECIMAL(10,2) column NocoDB shows: written rounded half-even to cents, read leniently (0.00 included). */
export function shownPriceColumn(column: string, options: Partial<ColumnOptions> = {}): ColumnOptions {
  return {
    name: column,
    type: 'decimal',
    precision: 10,
    scale: 2,
    nullable: true,
    transformer: {
      to: (value: Price | Money | null | undefined) => (value == null ? value : moneyOf(value).roundedTo(2).toString()),
      from: (value: string | null) => (value == null ? null : Money.of(value)),
    },
    ...options,
  };
}

function moneyOf(value: Price | Money): Money {
  return value instanceof Price ? value.toMoney() : value;
}

/** Entities with exact prices say which, and keep the reason a row cannot be used. */
export interface HasExactPrices {
  /** Why this row's prices cannot be trusted (set on load), or null. */
  unloadable: string | null;
}

/**
 * After a load: turns the raw column values into `Price`s (or null), choosing exact or shown as
 * described above, and records in `unloadable` what is wrong instead of throwing, so one bad row
 * never stops a query that reads many.
 */
export function resolveExactPrices(row: ObjectLiteral & HasExactPrices, pairs: readonly ExactPricePair[], describe: string): void {
  const problems: string[] = [];
  for (const pair of pairs) {
    const exact = row[pair.exact] as Money | Price | null | undefined;
    const shown = row[pair.shown] as Money | Price | null | undefined;
    if (exact === undefined && shown === undefined) continue; // not selected by this query
    let resolved: Price | null = null;
    if (shown != null) {
      const shownMoney = moneyOf(shown);
      const exactMoney = exact == null ? null : moneyOf(exact);
      const candidate = exactMoney && exactMoney.roundedTo(2).equals(shownMoney) ? exactMoney : shownMoney;
      if (candidate.isPositive()) resolved = Price.of(candidate);
      else problems.push(`${pair.column} is ${shownMoney.toCents()}, not a price`);
    } else if (pair.required) {
      problems.push(`${pair.column} is empty`);
    }
    row[pair.exact as keyof typeof row] = resolved as never;
  }
  row.unloadable =
    problems.length === 0 ? null : `${describe}: ${problems.join('; ')}. Correct it in NocoDB, or close the trade by hand; it is skipped until then.`;
}

type WithPairs = { exactPrices: readonly ExactPricePair[] };

function pairsOf(target: unknown): readonly ExactPricePair[] {
  return typeof target === 'function' && 'exactPrices' in target ? (target as unknown as WithPairs).exactPrices : [];
}

/** Writes the shown twin of every exact price set in an insert or update. */
@EventSubscriber()
export class ExactPriceSubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    fillShown(event.entity, pairsOf(event.metadata.target));
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity) fillShown(event.entity, pairsOf(event.metadata.target));
  }
}

function fillShown(values: ObjectLiteral, pairs: readonly ExactPricePair[]): void {
  for (const pair of pairs) {
    if (pair.exact in values && values[pair.exact] !== undefined) values[pair.shown] = values[pair.exact];
  }
}

/** A journal row whose prices cannot be used (see `resolveExactPrices`): fails its own trade, never a run. */
export class UnloadableRow extends Error {
  override readonly name = 'UnloadableRow';
}
