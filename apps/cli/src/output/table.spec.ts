import { signed } from './amounts';
import { renderTable } from './table';

describe('renderTable', () => {
  it('aligns columns under their headers, numbers to the right, without trailing blanks', () => {
    const text = renderTable(
      [{ header: 'SYMBOL' }, { header: 'P&L', align: 'right' }, { header: 'NOTE' }],
      [
        ['NVDA', '+526.50', 'target'],
        ['TSLA', '-134.10', null],
      ],
    );
    expect(text).toBe(['  SYMBOL      P&L  NOTE', '  NVDA    +526.50  target', '  TSLA    -134.10'].join('\n') + '\n');
  });
});

describe('signed', () => {
  it('puts a sign on every non-zero amount', () => {
    expect([signed('526.50'), signed('-134.10'), signed('0.00'), signed(null)]).toEqual(['+526.50', '-134.10', '0.00', '']);
  });
});
