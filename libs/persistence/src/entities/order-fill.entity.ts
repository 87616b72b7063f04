import type { Price } from '@trading-monitor/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { exactPriceColumn } from '../decimal-columns';

/**
 * The exact cumulative fill of each order as the broker reports it. `order_execution` keeps prices
 * in DECIMAL(10,2), which rounds an average such as 133.80556; realized P&L is computed from these
 * exact figures so the journal matches the broker's fills to the cent.
 */
@Entity({ name: 'order_fill' })
export class OrderFill {
  @PrimaryColumn({ name: 'order_execution_id', type: 'int' })
  orderExecutionId!: number;

  @Column({ name: 'alpaca_order_id', type: 'varchar', length: 255 })
  alpacaOrderId!: string;

  @Column({ name: 'filled_qty', type: 'int' })
  filledQty!: number;

  @Column(exactPriceColumn('filled_avg_price', { nullable: false }))
  filledAvgPrice!: Price;

  @Column({ name: 'updated_at', type: 'timestamp', default: () => 'now()' })
  updatedAt!: Date;
}
