/**
 * The broker answered something this adapter does not understand: an order status outside
 * Alpaca's documented list, a missing id, a price that is not a number. Not one of the port's
 * errors on purpose: retrying will not help and guessing would be worse; the adapter needs a fix.
 */
export class UnexpectedBrokerResponse extends Error {
  override readonly name = 'UnexpectedBrokerResponse';
}
