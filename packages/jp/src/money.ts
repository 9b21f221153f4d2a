const YEN = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

/** 1234567 → 1,234,567円. Amounts of money are whole yen; anything else is a programming error. */
export function formatYen(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`金額は円単位の整数で渡してください（受け取った値: ${amount}）。`);
  return `${YEN.format(amount)}円`;
}
