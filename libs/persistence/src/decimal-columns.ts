import { Money, Price } from '@trading-monitor/domain';
import type { ColumnOptions, ValueTransformer } from 'typeorm';

// PostgreSQL hands NUMERIC back as a string, which is exactly what the decimal types want: no value
// ever passes through a JavaScript number. Values are rounded half-even to the column's scale here,
// once, rather than by PostgreSQL (which rounds half away from zero).

const moneyTransformer = (scale: number): ValueTransformer => ({
  to: (value: Money | null | undefined) => (value == null ? value : value.roundedTo(scale).toString()),
  from: (value: string | null) => (value == null ? null : Money.of(value)),
});

const priceTransformer = (scale: number): ValueTransformer => ({
  to: (value: Price | null | undefined) => (value == null ? value : value.toMoney().roundedTo(scale).toString()),
  from: (value: string | null) => (value == null ? null : Price.of(value)),
});

/** A `DECIMAL(10,2)` amount of dollars (P&L, cost basis, market value) as `Money`. */
export function moneyColumn(name: string, options: Partial<ColumnOptions> = {}): ColumnOptions {
  return { name, type: 'decimal', precision: 10, scale: 2, nullable: true, transformer: moneyTransformer(2), ...options };
}

/** A `DECIMAL(10,2)` price per share as `Price`. Sub-cent prices (stocks under $1) are rounded to cents here. */
export function priceColumn(name: string, options: Partial<ColumnOptions> = {}): ColumnOptions {
  return { name, type: 'decimal', precision: 10, scale: 2, nullable: true, transformer: priceTransformer(2), ...options };
}

/** An unconstrained `NUMERIC` price, exact to the broker's last digit (the product's own fill ledger). */
export function exactPriceColumn(name: string, options: Partial<ColumnOptions> = {}): ColumnOptions {
  return {
    name,
    type: 'numeric',
    nullable: true,
    transformer: {
      to: (value: Price | null | undefined) => (value == null ? value : value.toMoney().toString()),
      from: (value: string | null) => (value == null ? null : Price.of(value)),
    },
    ...options,
  };
}
