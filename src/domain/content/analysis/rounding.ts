/** `value` rounded half away from zero to `decimals` places (−0.25 → −0.3 at one decimal), never `-0`. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}
