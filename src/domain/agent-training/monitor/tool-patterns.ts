import type { Interaction } from '../../../core/ports/interaction-log.port';
import type { ToolPattern } from './performance.types';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Per tool: uses, success rate (quality > 0.7, no error), mean quality, top-3 sequences, errors naming it; most used first. */
export function toolPatterns(interactions: readonly Interaction[]): ToolPattern[] {
  const tools = [...new Set(interactions.flatMap((i) => i.tools))];
  return tools
    .map((tool) => {
      const uses = interactions.filter((i) => i.tools.includes(tool));
      const ok = uses.filter((i) => (i.quality ?? 0) > 0.7 && i.error === null && i.outcome !== 'error');
      const sequences = new Map<string, number>();
      for (const i of uses) {
        const key = i.toolSequence.join(' → ');
        sequences.set(key, (sequences.get(key) ?? 0) + 1);
      }
      return {
        tool,
        uses: uses.length,
        successRate: round3(ok.length / uses.length),
        meanQuality: round3(uses.reduce((s, i) => s + (i.quality ?? 0), 0) / uses.length),
        topSequences: [...sequences.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 3)
          .map(([key]) => key),
        errors: [...new Set(uses.map((i) => i.error).filter((e): e is string => e !== null && e.includes(tool)))],
      };
    })
    .sort((a, b) => b.uses - a.uses || (a.tool < b.tool ? -1 : 1));
}
