import type { Price } from '@trading-monitor/domain';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { priceColumn } from '../decimal-columns';

/**
 * Changes to a trade beyond its plan: SPLIT (re-based, or frozen for a person while not executed),
 * CANCEL_ENTRY / AMEND_ENTRY (a decision's cancel in progress until executed, workflows
 * cancel-intent.ts). Stop moves, scale-ins, partial profits: a later phase.
 */
@Entity({ name: 'trade_adjustments' })
@Index('idx_trade_adjustments_trade_journal_id', ['tradeJournalId'])
export class TradeAdjustment {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'trade_journal_id', type: 'int' })
  tradeJournalId!: number;

  @Column({ name: 'analysis_decision_id', type: 'varchar', length: 255, nullable: true })
  analysisDecisionId!: string | null;

  /** SPLIT, CANCEL_ENTRY, AMEND_ENTRY; later ADD_POSITION, ADJUST_STOP_LOSS, TAKE_PARTIAL_PROFITS */
  @Column({ name: 'adjustment_type', type: 'varchar', length: 50 })
  adjustmentType!: string;

  @Column(priceColumn('old_stop_loss'))
  oldStopLoss!: Price | null;

  @Column(priceColumn('new_stop_loss'))
  newStopLoss!: Price | null;

  @Column({ name: 'old_qty', type: 'int', nullable: true })
  oldQty!: number | null;

  @Column({ name: 'new_qty', type: 'int', nullable: true })
  newQty!: number | null;

  @Column({ name: 'order_id_affected', type: 'varchar', length: 255, nullable: true })
  orderIdAffected!: string | null;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'executed', type: 'boolean', nullable: true, default: false })
  executed!: boolean | null;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;
}
