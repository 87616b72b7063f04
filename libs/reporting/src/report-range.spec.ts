import { InvalidReportRange, reportRangeOf } from './report-range';

// 03:00 UTC on the 15th is still the 14th in New York.
const today = new Date('2025-01-15T03:00:00Z');

describe('reportRangeOf', () => {
  it('defaults to the 30 days up to today, New York', () => {
    expect(reportRangeOf({}, today)).toEqual({ from: '2024-12-15', to: '2025-01-14' });
    expect(reportRangeOf({ to: '2025-03-31' }, today)).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(reportRangeOf({ from: '2025-01-01' }, today)).toEqual({ from: '2025-01-01', to: '2025-01-14' });
    expect(reportRangeOf({ from: '2025-01-14', to: '2025-01-14' }, today)).toEqual({ from: '2025-01-14', to: '2025-01-14' });
  });

  it.each(['2025-02-30', '2025-13-01', '2025-1-5', '20250105', '2025-W03', 'yesterday', ''])('refuses %j with the format to use', (value) => {
    expect(() => reportRangeOf({ from: value }, today)).toThrow(InvalidReportRange);
    expect(() => reportRangeOf({ from: value }, today)).toThrow(`--from ${JSON.stringify(value)} is not a date: write it as YYYY-MM-DD, e.g. 2025-01-14.`);
  });

  it('refuses a range that runs backwards', () => {
    expect(() => reportRangeOf({ from: '2025-02-01', to: '2025-01-31' }, today)).toThrow(
      '--from 2025-02-01 is after --to 2025-01-31: the range must run forwards.',
    );
  });
});
