import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One analysis per ticker per day, written by the n8n workflow and approved in NocoDB. NocoDB owns
 * this table in production: the product only reads it and writes the last four columns.
 */
@Entity({ name: 'analysis_decision' })
@Index('idx_analysis_decision_executed', ['executed'])
@Index('idx_analysis_decision_ticker', ['ticker'])
// The executor's claim query walks this: approved, unexecuted decisions, oldest first.
@Index('idx_analysis_decision_pending', ['dateTime', 'analysisId'], { where: '"Approve" = true AND executed IS NOT TRUE' })
export class AnalysisDecision {
  @PrimaryColumn({ name: 'Analysis_Id', type: 'varchar', length: 255 })
  analysisId!: string;

  @Column({ name: 'Date_time', type: 'timestamp', nullable: true, default: () => 'now()' })
  dateTime!: Date | null;

  @Column({ name: 'Ticker', type: 'varchar', length: 50 })
  ticker!: string;

  @Column({ name: 'Chart', type: 'text', nullable: true })
  chart!: string | null;

  @Column({ name: 'Analysis_Prompt', type: 'text', nullable: true })
  analysisPrompt!: string | null;

  @Column({ name: '3_Month_Chart', type: 'text', nullable: true })
  threeMonthChart!: string | null;

  @Column({ name: 'Analysis', type: 'text', nullable: true })
  analysis!: string | null;

  @Column({ name: 'Trade_Type', type: 'varchar', length: 50, nullable: true })
  tradeType!: string | null;

  /** JSON object or JSON string; jsonb in development, possibly json or text under NocoDB. */
  @Column({ name: 'Decision', type: 'jsonb', nullable: true })
  decision!: unknown;

  @Column({ name: 'Approve', type: 'boolean', nullable: true, default: false })
  approve!: boolean | null;

  /** YYYY-MM-DD */
  @Column({ name: 'Date', type: 'date', nullable: true })
  date!: string | null;

  @Column({ name: 'Remarks', type: 'text', nullable: true })
  remarks!: string | null;

  // --- the four columns the product owns ---

  @Column({ name: 'existing_order_id', type: 'varchar', length: 255, nullable: true })
  existingOrderId!: string | null;

  @Column({ name: 'existing_trade_journal_id', type: 'int', nullable: true })
  existingTradeJournalId!: number | null;

  @Column({ name: 'executed', type: 'boolean', nullable: true, default: false })
  executed!: boolean | null;

  @Column({ name: 'execution_time', type: 'timestamp', nullable: true })
  executionTime!: Date | null;
}
