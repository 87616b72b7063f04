/** What an order is for, as `order_execution.order_type` records it. */
export const ORDER_ROLES = ['ENTRY', 'STOP_LOSS', 'TAKE_PROFIT'] as const;
export type OrderRole = (typeof ORDER_ROLES)[number];

export const TIMES_IN_FORCE = ['day', 'gtc'] as const;
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];
