import { planStopThroughMarket } from './stop-through-market';

describe('planStopThroughMarket (issue 22 item 5)', () => {
  it.each([
    [false, false, 'wait-for-open'],
    [false, true, 'wait-for-open'],
    [true, true, 'cancel-entry-first'],
    [true, false, 'exit-at-market'],
  ] as const)('session open %s, entry working %s → %s', (sessionOpen, entryWorking, action) => {
    expect(planStopThroughMarket({ sessionOpen, entryWorking })).toBe(action);
  });
});
