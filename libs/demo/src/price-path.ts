import { Money, Price } from '@trading-monitor/domain';

/** Prices a symbol passes through during the day: `[HH:MM New York, price]`, in time order. */
export type PricePath = readonly (readonly [string, string])[];

/** Minutes since midnight of an `HH:MM` time. */
export function minuteOf(time: string): number {
  const [hours, minutes] = time.split(':').map((part) => Number.parseInt(part, 10));
  return hours * 60 + minutes;
}

/**
 * The price on the path at a time: straight lines between the given points, rounded half-even to
 * the cent (exact decimals throughout), flat before the first point and after the last.
 */
export function priceOnPath(path: PricePath, time: string): Price {
  const minute = minuteOf(time);
  const next = path.findIndex(([at]) => minuteOf(at) >= minute);
  if (next === 0) return Price.of(path[0][1]);
  if (next === -1) return Price.of(path[path.length - 1][1]);
  const [fromTime, fromPrice] = path[next - 1];
  const [toTime, toPrice] = path[next];
  const share = Money.of(minute - minuteOf(fromTime)).dividedBy(minuteOf(toTime) - minuteOf(fromTime));
  return Price.of(Money.of(fromPrice).plus(Money.of(toPrice).minus(fromPrice).times(share)).roundedTo(2));
}
