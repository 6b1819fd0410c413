import { inScope, type ThreatQuery, type ThreatStore } from './threat.store';
import type { SecurityThreat } from './threat.types';

/**
 * Threats in a map, in detection order, bounded: past `maxThreats` the oldest is dropped (counted in
 * `evicted`). Lost at restart, and each instance sees only its own threats.
 */
export class InMemoryThreatStore implements ThreatStore {
  private readonly threats = new Map<string, SecurityThreat>();
  /** Threats dropped to stay under the bound. */
  evicted = 0;

  constructor(private readonly maxThreats = 10_000) {}

  async save(threat: SecurityThreat): Promise<void> {
    if (!this.threats.has(threat.threatId) && this.threats.size >= this.maxThreats) {
      this.threats.delete(this.threats.keys().next().value as string);
      this.evicted++;
    }
    // Replacing keeps the map position, so the order stays the detection order.
    this.threats.set(threat.threatId, threat);
  }

  async get(threatId: string): Promise<SecurityThreat | undefined> {
    return this.threats.get(threatId);
  }

  async list(query: ThreatQuery): Promise<SecurityThreat[]> {
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const statuses = query.statuses ? new Set(query.statuses) : undefined;
    const all = [...this.threats.values()];
    const found: SecurityThreat[] = [];
    for (let i = all.length - 1; i >= 0 && found.length < limit; i--) {
      const t = all[i];
      if (inScope(t, query.scope) && (!statuses || statuses.has(t.status))) found.push(t);
    }
    return found;
  }

  async deleteDetectedBefore(cutoff: number): Promise<number> {
    let deleted = 0;
    for (const [id, t] of this.threats) {
      if (Date.parse(t.timestamp) < cutoff) {
        this.threats.delete(id);
        deleted++;
      }
    }
    return deleted;
  }

  async deleteBeyond(keep: number): Promise<number> {
    let deleted = 0;
    for (const id of this.threats.keys()) {
      if (this.threats.size <= keep) break;
      this.threats.delete(id);
      deleted++;
    }
    return deleted;
  }

  get size(): number {
    return this.threats.size;
  }
}
