import type { Money, Price } from '@trading-monitor/domain';
import { AfterLoad, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn } from '../decimal-columns';
import { exactPair, exactTwinColumn, resolveExactPrices, shownPriceColumn, type HasExactPrices } from '../exact-prices';

/** One row per open position, marked to market by the position monitor; removed at the close. */
@Entity({ name: 'position_tracking' })
@Index('idx_position_tracking_symbol', ['symbol'])
@Index('idx_position_tracking_trade_journal_id', ['tradeJournalId'], { unique: true })
export class PositionTracking implements HasExactPrices {
  static readonly exactPrices = [exactPair('avgEntryPrice', 'avg_entry_price', true), exactPair('currentPrice', 'current_price', true)];

  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'trade_journal_id', type: 'int' })
  tradeJournalId!: number;

  @Column({ name: 'symbol', type: 'varchar', length: 50 })
  symbol!: string;

  /** Shares held, positive for long and short alike (the side is the entry order's). */
  @Column({ name: 'qty', type: 'int' })
  qty!: number;

  @Column(exactTwinColumn('avg_entry_price'))
  avgEntryPrice!: Price;

  @Column(shownPriceColumn('avg_entry_price', { nullable: false }))
  avgEntryPriceShown!: Money | Price | null;

  @Column(exactTwinColumn('current_price'))
  currentPrice!: Price;

  @Column(shownPriceColumn('current_price', { nullable: false }))
  currentPriceShown!: Money | Price | null;

  @Column(moneyColumn('market_value', { nullable: false }))
  marketValue!: Money;

  @Column(moneyColumn('cost_basis', { nullable: false }))
  costBasis!: Money;

  @Column(moneyColumn('unrealized_pnl', { default: 0 }))
  unrealizedPnl!: Money | null;

  @Column({ name: 'stop_loss_order_id', type: 'varchar', length: 255, nullable: true })
  stopLossOrderId!: string | null;

  @Column({ name: 'take_profit_order_id', type: 'varchar', length: 255, nullable: true })
  takeProfitOrderId!: string | null;

  @Column({ name: 'last_updated', type: 'timestamp', nullable: true, default: () => 'now()' })
  lastUpdated!: Date | null;

  /** Why this row's prices cannot be used (set on load). */
  unloadable!: string | null;

  @AfterLoad()
  resolvePrices(): void {
    resolveExactPrices(this, PositionTracking.exactPrices, `position_tracking row ${this.id} (${this.symbol ?? '?'})`);
  }
}
