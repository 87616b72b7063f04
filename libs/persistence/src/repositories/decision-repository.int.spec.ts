import type { DataSource } from 'typeorm';
import { useTestDataSource } from '@trading-monitor/test-harness';
import { createDataSource } from '../data-source';
import { AnalysisDecision } from '../entities/analysis-decision.entity';
import { claimNextDecision, countPendingDecisions, markDecisionExecuted } from './decision-repository';

let dataSource: DataSource;
let url: string;
useTestDataSource((opened, openedUrl) => ((dataSource = opened), (url = openedUrl)), 'test');

async function seed(count: number, approved = true): Promise<void> {
  await dataSource.query(
    `INSERT INTO analysis_decision ("Analysis_Id", "Date_time", "Ticker", "Decision", "Approve")
     SELECT 'D' || lpad(g::text, 4, '0'), TIMESTAMP '2025-01-15 09:00' + g * INTERVAL '1 second', 'T' || g, '{}', $1
     FROM generate_series(1, $2) g`,
    [approved, count],
  );
}

/** One executor: claim, mark executed, commit — one decision per transaction, as the job does. */
async function drain(source: DataSource, claimed: string[]): Promise<void> {
  for (;;) {
    const id = await source.transaction(async (manager) => {
      const decision = await claimNextDecision(manager);
      if (!decision) return null;
      await new Promise((resolve) => setImmediate(resolve)); // let the other executor interleave
      await markDecisionExecuted(manager, decision.rowKey, { executionTime: new Date() });
      return decision.analysisId;
    });
    if (id === null) return;
    claimed.push(id);
  }
}

describe('claimNextDecision', () => {
  it('takes approved, unexecuted decisions oldest first', async () => {
    await seed(3);
    await dataSource.query(`UPDATE analysis_decision SET "Approve" = false WHERE "Analysis_Id" = 'D0001'`);
    await dataSource.query(`UPDATE analysis_decision SET executed = true WHERE "Analysis_Id" = 'D0002'`);
    const taken = await dataSource.transaction((m) => claimNextDecision(m));
    expect(taken?.analysisId).toBe('D0003');
  });

  it('says how many earlier runs deferred or failed the decision', async () => {
    await seed(1);
    await dataSource.query(
      `INSERT INTO execution_log (job, action, outcome, message, analysis_decision_id) VALUES
       ('x', 'a', 'retry', 'm', 'D0001'), ('x', 'a', 'failed', 'm', 'D0001'), ('x', 'a', 'ok', 'm', 'D0001'), ('x', 'a', 'retry', 'm', 'D0009')`,
    );
    const taken = await dataSource.transaction((m) => claimNextDecision(m));
    expect(taken).toMatchObject({ analysisId: 'D0001', attempts: 2 });
  });

  it('passes over decisions the caller excludes', async () => {
    await seed(2);
    const taken = await dataSource.transaction((m) => claimNextDecision(m, { exclude: ['D0001'] }));
    expect(taken?.analysisId).toBe('D0002');
  });

  it('never hands one decision to two connections claiming from 200 at once', async () => {
    await seed(200);
    const other = await createDataSource(url).initialize();
    try {
      const a: string[] = [];
      const b: string[] = [];
      await Promise.all([drain(dataSource, a), drain(other, b)]);
      const all = [...a, ...b];
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect(await countPendingDecisions(dataSource.manager)).toBe(0);
    } finally {
      await other.destroy();
    }
  });

  it('releases the decision when the transaction fails, so the next run takes it again', async () => {
    await seed(1);
    await expect(
      dataSource.transaction(async (manager) => {
        await claimNextDecision(manager);
        throw new Error('crash after the claim');
      }),
    ).rejects.toThrow('crash after the claim');
    const again = await dataSource.transaction((m) => claimNextDecision(m));
    expect(again?.analysisId).toBe('D0001');
  });

  it('records the outcome columns', async () => {
    await seed(1);
    const at = new Date('2025-01-15T14:45:00Z');
    await markDecisionExecuted(dataSource.manager, 'D0001', { executionTime: at, existingOrderId: 'ord-1', existingTradeJournalId: 4 });
    const row = await dataSource.getRepository(AnalysisDecision).findOneByOrFail({ analysisId: 'D0001' });
    expect(row).toMatchObject({ executed: true, existingOrderId: 'ord-1', existingTradeJournalId: 4 });
    expect(row.executionTime?.getTime()).toBe(at.getTime());
  });
});

describe('the Decision column under NocoDB', () => {
  it.each(['jsonb', 'json', 'text'])('is read when the column is %s', async (type) => {
    await dataSource.query(`ALTER TABLE analysis_decision ALTER COLUMN "Decision" TYPE ${type} USING "Decision"::text::${type}`);
    await dataSource.query(`INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve") VALUES ('J1', 'NVDA', $1, true)`, [
      '{"primary_action":"NO_ACTION","symbol":"NVDA"}',
    ]);
    const decision = await dataSource.transaction((m) => claimNextDecision(m));
    const value = typeof decision?.decision === 'string' ? JSON.parse(decision.decision) : decision?.decision;
    expect(value).toEqual({ primary_action: 'NO_ACTION', symbol: 'NVDA' });
  });
});
