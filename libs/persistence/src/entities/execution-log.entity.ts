import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const LOG_OUTCOMES = ['ok', 'refused', 'failed', 'retry', 'alarm', 'info'] as const;
export type LogOutcome = (typeof LOG_OUTCOMES)[number];

/**
 * The product's audit trail: every action it takes and every decision it refuses, with the ids to
 * follow a trade through its life in one query (see docs/operations.md).
 */
@Entity({ name: 'execution_log' })
@Index('idx_execution_log_created_at', ['createdAt'])
@Index('idx_execution_log_analysis_decision_id', ['analysisDecisionId'])
@Index('idx_execution_log_trade_journal_id', ['tradeJournalId'])
export class ExecutionLog {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'created_at', type: 'timestamp', default: () => 'now()' })
  createdAt!: Date;

  /** execute-decisions, monitor-orders, monitor-positions, reconcile, cli */
  @Column({ name: 'job', type: 'varchar', length: 50 })
  job!: string;

  /** What was attempted: entry.submit, protection.submit, trade.close, decision.refuse, … */
  @Column({ name: 'action', type: 'varchar', length: 50 })
  action!: string;

  @Column({ name: 'outcome', type: 'varchar', length: 20 })
  outcome!: LogOutcome;

  @Column({ name: 'analysis_decision_id', type: 'varchar', length: 255, nullable: true })
  analysisDecisionId!: string | null;

  @Column({ name: 'trade_journal_id', type: 'int', nullable: true })
  tradeJournalId!: number | null;

  @Column({ name: 'alpaca_order_id', type: 'varchar', length: 255, nullable: true })
  alpacaOrderId!: string | null;

  @Column({ name: 'client_order_id', type: 'varchar', length: 255, nullable: true })
  clientOrderId!: string | null;

  @Column({ name: 'symbol', type: 'varchar', length: 50, nullable: true })
  symbol!: string | null;

  /** A sentence for the operator. */
  @Column({ name: 'message', type: 'text' })
  message!: string;

  @Column({ name: 'details', type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
