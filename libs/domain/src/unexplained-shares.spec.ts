import { unexplainedShares } from './unexplained-shares';

describe('unexplainedShares (issue 22 item 1)', () => {
  it.each([
    // atBroker, journalHeld, workingEntryUnfilled, unexplained, why
    [45, 20, 25, 0, 'the entry filled its other 25 between the order read and the positions read'],
    [40, 20, 25, 0, 'part of the remainder filled'],
    [45, 45, 0, 0, 'all recorded'],
    [20, 45, 0, 0, 'fewer at the broker: an exit not recorded yet, never a split'],
    [90, 45, 0, 45, '2-for-1 split with nothing working'],
    [95, 45, 25, 25, 'more than even the working entry explains'],
    [0, 0, 0, 0, 'nothing anywhere'],
  ])('%i at the broker, %i recorded, %i still working → %i unexplained (%s)', (atBroker, journalHeld, workingEntryUnfilled, expected) => {
    expect(unexplainedShares({ atBroker, journalHeld, workingEntryUnfilled })).toBe(expected);
  });
});
