import type { Money, Price, TradeStatus, TradeStyle } from '@trading-monitor/domain';
import { AfterLoad, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn } from '../decimal-columns';
import { DAYS_OPEN_COMMENT } from '../schema/product-tables-sql';
import { exactPair, exactTwinColumn, resolveExactPrices, shownPriceColumn, type HasExactPrices } from '../exact-prices';

/**
 * One row per trade, from the entry order to the close. Every price is exact (`*_exact` columns,
 * product-owned) with a DECIMAL(10,2) twin that NocoDB shows (exact-prices.ts).
 */
@Entity({ name: 'trade_journal' })
@Index('idx_trade_journal_status', ['status'])
@Index('idx_trade_journal_symbol', ['symbol'])
@Index('idx_trade_journal_initial_analysis_id', ['initialAnalysisId'])
export class TradeJournal implements HasExactPrices {
  static readonly exactPrices = [
    exactPair('plannedEntry', 'planned_entry'),
    exactPair('plannedStopLoss', 'planned_stop_loss', true),
    exactPair('plannedTakeProfit', 'planned_take_profit'),
    exactPair('actualEntry', 'actual_entry'),
    exactPair('currentStopLoss', 'current_stop_loss'),
    exactPair('exitPrice', 'exit_price'),
  ];

  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'trade_id', type: 'varchar', length: 50, unique: true })
  tradeId!: string;

  @Column({ name: 'symbol', type: 'varchar', length: 50 })
  symbol!: string;

  @Column({ name: 'trade_style', type: 'varchar', length: 20 })
  tradeStyle!: TradeStyle;

  @Column({ name: 'pattern', type: 'varchar', length: 50, nullable: true })
  pattern!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 20, default: 'ORDERED' })
  status!: TradeStatus;

  @Column({ name: 'initial_analysis_id', type: 'varchar', length: 255, nullable: true })
  initialAnalysisId!: string | null;

  @Column(exactTwinColumn('planned_entry'))
  plannedEntry!: Price | null;

  @Column(shownPriceColumn('planned_entry'))
  plannedEntryShown!: Money | Price | null;

  @Column(exactTwinColumn('planned_stop_loss'))
  plannedStopLoss!: Price;

  @Column(shownPriceColumn('planned_stop_loss', { nullable: false }))
  plannedStopLossShown!: Money | Price | null;

  @Column(exactTwinColumn('planned_take_profit'))
  plannedTakeProfit!: Price | null;

  @Column(shownPriceColumn('planned_take_profit'))
  plannedTakeProfitShown!: Money | Price | null;

  @Column({ name: 'planned_qty', type: 'int' })
  plannedQty!: number;

  @Column(exactTwinColumn('actual_entry'))
  actualEntry!: Price | null;

  @Column(shownPriceColumn('actual_entry'))
  actualEntryShown!: Money | Price | null;

  @Column({ name: 'actual_qty', type: 'int', nullable: true })
  actualQty!: number | null;

  @Column(exactTwinColumn('current_stop_loss'))
  currentStopLoss!: Price | null;

  @Column(shownPriceColumn('current_stop_loss'))
  currentStopLossShown!: Money | Price | null;

  /** Reviews while open: each executed NO_ACTION decision adds one. Not a count of days (see DAYS_OPEN_COMMENT). */
  @Column({ name: 'days_open', type: 'int', nullable: true, default: 0, comment: DAYS_OPEN_COMMENT })
  daysOpen!: number | null;

  /** YYYY-MM-DD (New York) */
  @Column({ name: 'last_review_date', type: 'date', nullable: true })
  lastReviewDate!: string | null;

  /** YYYY-MM-DD (New York) */
  @Column({ name: 'exit_date', type: 'date', nullable: true })
  exitDate!: string | null;

  @Column(exactTwinColumn('exit_price'))
  exitPrice!: Price | null;

  @Column(shownPriceColumn('exit_price'))
  exitPriceShown!: Money | Price | null;

  @Column(moneyColumn('actual_pnl'))
  actualPnl!: Money | null;

  @Column({ name: 'exit_reason', type: 'varchar', length: 100, nullable: true })
  exitReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  updatedAt!: Date | null;

  /** Why this row's prices cannot be used (set on load); its trade is skipped with an alarm. */
  unloadable!: string | null;

  @AfterLoad()
  resolvePrices(): void {
    resolveExactPrices(this, TradeJournal.exactPrices, `trade_journal row ${this.id} (${this.tradeId ?? '?'}, ${this.symbol ?? '?'})`);
  }
}
