import { z } from 'zod';
import { AGENT_IDS, type AgentId } from '../plan/crew-plan';

/** One agent's definition: who it is told it is, what for, and how it works. */
export const agentDefinitionSchema = z
  .object({
    role: z.string().trim().min(1).max(200),
    goal: z.string().trim().min(1).max(4000),
    backstory: z.string().trim().min(1).max(20_000),
    tools: z.array(z.string().min(1).max(100)).max(50).default([]),
    reasoning: z.boolean().default(false),
    memory: z.boolean().default(false),
    verbose: z.boolean().default(false),
    allow_delegation: z.boolean().default(false),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;

/** The whole roster file: one definition per crew agent, no other key. */
export const agentDefinitionsSchema = z
  .object(
    Object.fromEntries(AGENT_IDS.map((id) => [id, agentDefinitionSchema])) as Record<
      AgentId,
      typeof agentDefinitionSchema
    >,
  )
  .strict();
export type AgentDefinitions = Readonly<Record<AgentId, AgentDefinition>>;

/** A definition as the roster holds it: its version (1 for the first one loaded) and when it was set (epoch ms). */
export interface VersionedDefinition {
  readonly agent: AgentId;
  readonly version: number;
  readonly definition: AgentDefinition;
  readonly at: number;
  /** `file` when loaded from the agents file, `training` when an enhancement was applied. */
  readonly origin: 'file' | 'training';
}
