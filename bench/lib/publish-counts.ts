/**
 * Messages published per operation between two count snapshots, by message type: shows the
 * messages of one flow, and any duplicates (a relay publishing twice, a redelivery).
 */
export function perOperation(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  operations: number,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [type, count] of after) {
    const delta = count - (before.get(type) ?? 0);
    if (delta > 0) result[type] = Math.round((delta / operations) * 100) / 100;
  }
  return result;
}
