import { seededRandom } from '../../src/core/runtime/random';
import type { InteractionSample } from '../../src/infrastructure/analytics/performance/agent-series';

/** The analysis time of the data set: every interaction lies within the last 24 h before it. */
export const NOW = Date.UTC(2026, 11, 12, 12);

/** One generated interaction, with the columns the log stores beside the analysis's. */
export interface GeneratedInteraction extends InteractionSample {
  readonly quality: number | null;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'error';
  readonly at: number;
}

/**
 * `agents` agents × `perAgent` interactions, oldest first, seeded: quality .6–.95 drifting by agent (5 % without a
 * score), response time 200–1 400 ms with a spike now and then, 3 % errors, one every 8 s ending at `NOW`.
 */
export function interactions(agents: number, perAgent: number, seed = 42): Map<string, GeneratedInteraction[]> {
  const rng = seededRandom(seed);
  const out = new Map<string, GeneratedInteraction[]>();
  for (let a = 0; a < agents; a++) {
    const drift = (rng.next() - 0.5) * 1e-5;
    const items: GeneratedInteraction[] = [];
    for (let i = 0; i < perAgent; i++) {
      const quality = rng.next() < 0.05 ? null : Math.min(1, Math.max(0, 0.6 + 0.35 * rng.next() + drift * i));
      const spike = rng.next() < 0.01 ? 5 : 1;
      items.push({
        quality: quality === null ? null : Math.round(quality * 1e4) / 1e4,
        durationMs: Math.round((200 + 1_200 * rng.next()) * spike),
        outcome: rng.next() < 0.03 ? 'error' : 'ok',
        at: NOW - (perAgent - 1 - i) * 8_000,
      });
    }
    out.set(`agent-${String(a).padStart(3, '0')}`, items);
  }
  return out;
}
