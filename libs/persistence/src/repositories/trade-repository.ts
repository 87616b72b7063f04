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

/** Reads a trade and locks it for this transaction, so two monitors cannot close it twice. */
export async function lockTrade(manager: EntityManager, id: number): Promise<TradeJournal | null> {
  return manager.getRepository(TradeJournal).createQueryBuilder('t').where('t.id = :id', { id }).setLock('pessimistic_write').getOne();
}

export async function findTradesByIds(manager: EntityManager, ids: readonly number[]): Promise<TradeJournal[]> {
  if (ids.length === 0) return [];
  return manager.getRepository(TradeJournal).find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
}

/** Trades holding shares (status POSITION). */
export async function findPositionTrades(manager: EntityManager): Promise<TradeJournal[]> {
  return manager.getRepository(TradeJournal).find({ where: { status: 'POSITION' }, order: { id: 'ASC' } });
}
