import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { TradeJournal } from '../entities/trade-journal.entity';

const OPEN = In(['ORDERED', 'POSITION']);

/** The newest open (ORDERED or POSITION) trade in a symbol, if any. */
export async function findOpenTradeBySymbol(manager: EntityManager, symbol: string): Promise<TradeJournal | null> {
  return manager.getRepository(TradeJournal).findOne({ where: { symbol, status: OPEN }, order: { id: 'DESC' } });
}

export async function findOpenTrades(manager: EntityManager): Promise<TradeJournal[]> {
  return manager.getRepository(TradeJournal).find({ where: { status: OPEN }, order: { id: 'ASC' } });
}

/** Reads one trade. Steps that change it hold the trade lock first (workflows trade-sync/trade-lock.ts). */
export async function findTrade(manager: EntityManager, id: number): Promise<TradeJournal | null> {
  return manager.getRepository(TradeJournal).findOne({ where: { id } });
}

export async function findTradesByIds(manager: EntityManager, ids: readonly number[]): Promise<TradeJournal[]> {
  if (ids.length === 0) return [];
  return manager.getRepository(TradeJournal).find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
}

/** Trades holding shares (status POSITION). */
export async function findPositionTrades(manager: EntityManager): Promise<TradeJournal[]> {
  return manager.getRepository(TradeJournal).find({ where: { status: 'POSITION' }, order: { id: 'ASC' } });
}
