import { fieldDescription } from './field-descriptions';
import type { ProductColumn } from './product-columns';

/** A field as NocoDB's meta API takes it (`uidt` is NocoDB's field type). */
export interface NocodbField {
  column_name: string;
  title: string;
  uidt: string;
  meta?: Record<string, unknown>;
  description?: string;
}

/** Decimals NocoDB shows for an exact (unbounded NUMERIC) price: its widest display. */
const EXACT_DISPLAY_DECIMALS = 8;

/**
 * The NocoDB field a trader reads for a product column: prices Decimal at their precision, flags
 * Checkbox, times DateTime, dates Date, counts Number, JSON as JSON, free text LongText, names and
 * ids SingleLineText.
 */
export function nocodbFieldFor(column: Pick<ProductColumn, 'name' | 'type'>, table?: string): NocodbField {
  const description = table ? fieldDescription(table, column.name) : undefined;
  const field = (uidt: string, meta?: Record<string, unknown>): NocodbField => ({
    column_name: column.name,
    title: column.name,
    uidt,
    ...(meta ? { meta } : {}),
    ...(description ? { description } : {}),
  });
  const decimal = /^numeric\(\d+,(\d+)\)$/.exec(column.type);
  if (decimal) return field('Decimal', { precision: Number(decimal[1]) });
  switch (column.type) {
    case 'numeric':
      return field('Decimal', { precision: EXACT_DISPLAY_DECIMALS });
    case 'integer':
      return field('Number');
    case 'boolean':
      return field('Checkbox');
    case 'timestamp without time zone':
      return field('DateTime');
    case 'date':
      return field('Date');
    case 'jsonb':
    case 'json':
      return field('JSON');
    case 'text':
      return field('LongText');
    default:
      if (column.type.startsWith('character varying')) return field('SingleLineText');
      throw new Error(`No NocoDB field type for ${column.name} ${column.type}`);
  }
}
