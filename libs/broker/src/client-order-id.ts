/**
 * The client_order_id of a replacement when the caller gives none. Both adapters use it, so a
 * replace whose answer was lost can be resolved by client_order_id like any other order: an order
 * is replaced at most once, so the old order's id makes it unique.
 */
export function replacementClientOrderId(replacedOrderId: string): string {
  return `replace-${replacedOrderId}`;
}
