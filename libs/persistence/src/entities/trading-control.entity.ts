import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A single row: the operator's halt switch. While halted, no new entry is placed. */
@Entity({ name: 'trading_control' })
export class TradingControl {
  @PrimaryColumn({ name: 'id', type: 'int', default: 1 })
  id!: number;

  @Column({ name: 'halted', type: 'boolean', default: false })
  halted!: boolean;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamp', default: () => 'now()' })
  updatedAt!: Date;
}
