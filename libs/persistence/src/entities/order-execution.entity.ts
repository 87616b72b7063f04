import type { JournalOrderStatus, Money, OrderRole, Price, Side, TimeInForce } from '@trading-monitor/domain';
import { AfterLoad, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { exactPair, exactTwinColumn, resolveExactPrices, shownPriceColumn, type HasExactPrices } from '../exact-prices';

/** Every order the product placed: entries and their protection. */
@Entity({ name: 'order_execution' })
@Index('idx_order_execution_order_status', ['orderStatus'])
@Index('idx_order_execution_trade_journal_id', ['tradeJournalId'])
// One row per broker order: a retried or repaired step can never record the same order twice.
@Index('uq_order_execution_alpaca_order_id', ['alpacaOrderId'], { unique: true })
export class OrderExecution implements HasExactPrices {
  static readonly exactPrices = [exactPair('limitPrice', 'limit_price'), exactPair('stopPrice', 'stop_price'), exactPair('filledAvgPrice', 'filled_avg_price')];

  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'trade_journal_id', type: 'int' })
  tradeJournalId!: number;

  @Column({ name: 'analysis_decision_id', type: 'varchar', length: 255, nullable: true })
  analysisDecisionId!: string | null;

  @Column({ name: 'alpaca_order_id', type: 'varchar', length: 255 })
  alpacaOrderId!: string;

  @Column({ name: 'client_order_id', type: 'varchar', length: 255, nullable: true })
  clientOrderId!: string | null;

  @Column({ name: 'order_type', type: 'varchar', length: 50 })
  orderType!: OrderRole;

  @Column({ name: 'side', type: 'varchar', length: 10 })
  side!: Side;

  @Column({ name: 'order_status', type: 'varchar', length: 20, default: 'pending' })
  orderStatus!: JournalOrderStatus;

  @Column({ name: 'time_in_force', type: 'varchar', length: 10 })
  timeInForce!: TimeInForce;

  @Column({ name: 'qty', type: 'int' })
  qty!: number;

  @Column(exactTwinColumn('limit_price'))
  limitPrice!: Price | null;

  @Column(shownPriceColumn('limit_price'))
  limitPriceShown!: Money | Price | null;

  @Column(exactTwinColumn('stop_price'))
  stopPrice!: Price | null;

  @Column(shownPriceColumn('stop_price'))
  stopPriceShown!: Money | Price | null;

  @Column({ name: 'filled_qty', type: 'int', nullable: true })
  filledQty!: number | null;

  @Column(exactTwinColumn('filled_avg_price'))
  filledAvgPrice!: Price | null;

  @Column(shownPriceColumn('filled_avg_price'))
  filledAvgPriceShown!: Money | Price | null;

  @Column({ name: 'filled_at', type: 'timestamp', nullable: true })
  filledAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;

  /** Why this row's prices cannot be used (set on load). */
  unloadable!: string | null;

  @AfterLoad()
  resolvePrices(): void {
    resolveExactPrices(this, OrderExecution.exactPrices, `order_execution row ${this.id} (${this.alpacaOrderId ?? '?'})`);
  }
}
