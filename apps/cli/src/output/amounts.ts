/** "+526.50", "-134.10", "0.00": a sign on every non-zero amount, so gains and losses read at a glance. */
export function signed(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  return amount.startsWith('-') || /^0(\.0+)?$/.test(amount) ? amount : `+${amount}`;
}

/** "1 trade", "3 trades". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
