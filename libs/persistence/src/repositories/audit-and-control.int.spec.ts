import type { DataSource } from 'typeorm';
import { useTestDataSource } from '@trading-monitor/test-harness';
import { ExecutionLog } from '../entities/execution-log.entity';
import { countAudits, recordAudit } from './audit-log';
import { readHaltState, setHalted } from './trading-control';

let dataSource: DataSource;
useTestDataSource((opened) => (dataSource = opened));

it('traces every action on a decision with one query', async () => {
  await recordAudit(dataSource.manager, {
    job: 'execute-decisions',
    action: 'entry.submit',
    outcome: 'retry',
    message: 'Rate limited; will retry.',
    analysisDecisionId: 'A1',
  });
  await recordAudit(dataSource.manager, {
    job: 'execute-decisions',
    action: 'entry.submit',
    outcome: 'ok',
    message: 'Entry placed.',
    analysisDecisionId: 'A1',
    tradeJournalId: 3,
    alpacaOrderId: 'o-1',
  });
  const rows = await dataSource.getRepository(ExecutionLog).find({ where: { analysisDecisionId: 'A1' }, order: { id: 'ASC' } });
  expect(rows.map((r) => [r.outcome, r.message])).toEqual([
    ['retry', 'Rate limited; will retry.'],
    ['ok', 'Entry placed.'],
  ]);
  expect(await countAudits(dataSource.manager, 'A1', 'retry')).toBe(1);
});

it('keeps an audit line only when its transaction commits', async () => {
  await dataSource
    .transaction(async (manager) => {
      await recordAudit(manager, { job: 'x', action: 'y', outcome: 'ok', message: 'lost', analysisDecisionId: 'A2' });
      throw new Error('rollback');
    })
    .catch(() => undefined);
  expect(await countAudits(dataSource.manager, 'A2', 'ok')).toBe(0);
});

it('halts and resumes', async () => {
  expect(await readHaltState(dataSource.manager)).toEqual({ halted: false, reason: null, since: null });
  const at = new Date('2025-01-15T15:00:00Z');
  await setHalted(dataSource.manager, true, 'broker outage', at);
  expect(await readHaltState(dataSource.manager)).toEqual({ halted: true, reason: 'broker outage', since: at });
  await setHalted(dataSource.manager, false, null, at);
  expect((await readHaltState(dataSource.manager)).halted).toBe(false);
});

it('records a message with half an emoji in it instead of failing', async () => {
  const half = '🚀'.slice(0, 1);
  await recordAudit(dataSource.manager, {
    job: 'x',
    action: 'y',
    outcome: 'refused',
    message: `cut ${half}`,
    analysisDecisionId: 'A3',
    details: { value: half },
  });
  const [row] = await dataSource.getRepository(ExecutionLog).find({ where: { analysisDecisionId: 'A3' } });
  expect(row.message).toBe('cut \uFFFD');
  expect(row.details).toEqual({ value: '\uFFFD' });
});
