import type { Money, Price, TradeStatus, TradeStyle } from '@trading-monitor/domain';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn, priceColumn } from '../decimal-columns';

/** One row per trade, from the entry order to the close. */
@Entity({ name: 'trade_journal' })
@Index('idx_trade_journal_status', ['status'])
@Index('idx_trade_journal_symbol', ['symbol'])
@Index('idx_trade_journal_initial_analysis_id', ['initialAnalysisId'])
export class TradeJournal {
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

  @Column(priceColumn('planned_entry'))
  plannedEntry!: Price | null;

  @Column(priceColumn('planned_stop_loss', { nullable: false }))
  plannedStopLoss!: Price;

  @Column(priceColumn('planned_take_profit'))
  plannedTakeProfit!: Price | null;

  @Column({ name: 'planned_qty', type: 'int' })
  plannedQty!: number;

  @Column(priceColumn('actual_entry'))
  actualEntry!: Price | null;

  @Column({ name: 'actual_qty', type: 'int', nullable: true })
  actualQty!: number | null;

  @Column(priceColumn('current_stop_loss'))
  currentStopLoss!: Price | null;

  @Column({ name: 'days_open', type: 'int', nullable: true, default: 0 })
  daysOpen!: number | null;

  /** YYYY-MM-DD (New York) */
  @Column({ name: 'last_review_date', type: 'date', nullable: true })
  lastReviewDate!: string | null;

  /** YYYY-MM-DD (New York) */
  @Column({ name: 'exit_date', type: 'date', nullable: true })
  exitDate!: string | null;

  @Column(priceColumn('exit_price'))
  exitPrice!: Price | null;

  @Column(moneyColumn('actual_pnl'))
  actualPnl!: Money | null;

  @Column({ name: 'exit_reason', type: 'varchar', length: 100, nullable: true })
  exitReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  updatedAt!: Date | null;
}
