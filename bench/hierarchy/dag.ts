/**
 * The objectives every hierarchical-session bench runs, the same in every process: the in-process runner's and
 * the service's sessions are planned from these.
 */
import { seededRandom } from '../../src/core/runtime/random';
import type { Objective } from '../../src/domain/hierarchical/planning/hierarchy.types';

/** The DAG: 20 layers of 50 tasks; a task past the first layer depends on 1–3 tasks of earlier layers. */
export const DAG_LAYERS = 20;
export const DAG_WIDTH = 50;
const DAG_SEED = 22;

/** An objective of the no-op type, as the service's defaults fill one in (title its id, 60 s, no criteria). */
export const objective = (id: string, priority: number, dependencies: string[]): Objective => ({
  id,
  title: id,
  priority,
  dependencies,
  type: 'noop',
  estimatedSeconds: 60,
  successCriteria: [],
});

/** `count` objectives with no dependencies, priorities 1–10 in turn. */
export const independent = (count: number): Objective[] =>
  Array.from({ length: count }, (_, i) => objective(`t${i}`, (i % 10) + 1, []));

/**
 * {@link DAG_LAYERS} layers of {@link DAG_WIDTH} tasks, random priorities 1–10; each task past the first layer
 * depends on 1–3 distinct tasks drawn from all earlier layers (xoroshiro128+, seed 22).
 */
export function randomDag(): Objective[] {
  const random = seededRandom(DAG_SEED);
  const draw = (n: number) => Math.floor(random.next() * n);
  const objectives: Objective[] = [];
  for (let layer = 0; layer < DAG_LAYERS; layer++) {
    const earlier = layer * DAG_WIDTH;
    for (let i = 0; i < DAG_WIDTH; i++) {
      const dependencies = new Set<string>();
      const want = layer === 0 ? 0 : 1 + draw(3);
      while (dependencies.size < Math.min(want, earlier)) dependencies.add(objectives[draw(earlier)].id);
      objectives.push(objective(`l${layer}_${i}`, 1 + draw(10), [...dependencies]));
    }
  }
  return objectives;
}
