import { protectedShares, unprotectedShares, type CoveringOrder } from './protected-shares';

const order = (role: CoveringOrder['role'], status: CoveringOrder['status'], qty: number, filledQty = 0): CoveringOrder => ({ role, status, qty, filledQty });

describe('protected shares', () => {
  it('counts the unfilled shares of working stops, each OCO once (by its stop leg)', () => {
    const orders = [
      order('ENTRY', 'filled', 45, 45),
      order('TAKE_PROFIT', 'pending', 45),
      order('STOP_LOSS', 'partially_filled', 45, 5),
      order('STOP_LOSS', 'pending', 10),
    ];
    expect(protectedShares(orders)).toBe(50);
  });

  it('ignores stops that ended, whatever they held', () => {
    expect(protectedShares([order('STOP_LOSS', 'cancelled', 45), order('STOP_LOSS', 'filled', 45, 45), order('STOP_LOSS', 'expired', 5)])).toBe(0);
  });

  it('says how many held shares are left uncovered, never below zero', () => {
    const stop = [order('STOP_LOSS', 'pending', 20)];
    expect(unprotectedShares(45, stop)).toBe(25);
    expect(unprotectedShares(10, stop)).toBe(0);
    expect(unprotectedShares(45, [order('TAKE_PROFIT', 'pending', 45)])).toBe(45);
  });
});
