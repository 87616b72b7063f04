// The grid views a trader opens first, made in NocoDB beside each table's default grid. Filters as
// NocoDB 0.301.3 takes them (measured): `eq` with a value, a date's `eq`/`isWithin` with a sub-operator.

export interface ViewFilter {
  column: string;
  comparison_op: string;
  value?: string;
  comparison_sub_op?: string;
  /** How this filter joins the ones before it. */
  logical_op?: 'and' | 'or';
}

export interface TraderView {
  table: string;
  title: string;
  filters: ViewFilter[];
}

export const TRADER_VIEWS: readonly TraderView[] = [
  {
    table: 'trade_journal',
    title: 'Open trades',
    filters: [
      { column: 'status', comparison_op: 'eq', value: 'ORDERED' },
      { column: 'status', comparison_op: 'eq', value: 'POSITION', logical_op: 'or' },
    ],
  },
  {
    table: 'execution_log',
    title: 'Refused today',
    filters: [
      { column: 'outcome', comparison_op: 'eq', value: 'refused' },
      { column: 'created_at', comparison_op: 'eq', comparison_sub_op: 'today', logical_op: 'and' },
    ],
  },
  {
    table: 'trade_journal',
    title: 'Closed in the past month',
    filters: [
      { column: 'status', comparison_op: 'eq', value: 'CLOSED' },
      { column: 'exit_date', comparison_op: 'isWithin', comparison_sub_op: 'pastMonth', logical_op: 'and' },
    ],
  },
];
