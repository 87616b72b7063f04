import type { EntityManager } from 'typeorm';
import { TradingControl } from '../entities/trading-control.entity';

export interface HaltState {
  halted: boolean;
  reason: string | null;
  since: Date | null;
}

export async function readHaltState(manager: EntityManager): Promise<HaltState> {
  const row = await manager.getRepository(TradingControl).findOne({ where: { id: 1 } });
  return { halted: row?.halted ?? false, reason: row?.reason ?? null, since: row?.halted ? row.updatedAt : null };
}

/** Sets or clears the halt switch. While halted, no new entry order is placed. */
export async function setHalted(manager: EntityManager, halted: boolean, reason: string | null, at: Date): Promise<void> {
  await manager.getRepository(TradingControl).upsert({ id: 1, halted, reason, updatedAt: at }, ['id']);
}
