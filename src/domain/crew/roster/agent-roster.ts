import { AGENT_IDS, type AgentId } from '../plan/crew-plan';
import type { AgentDefinition, AgentDefinitions, VersionedDefinition } from './agent-definition';

/** How many earlier versions of each agent the roster keeps in memory. */
export const KEPT_VERSIONS = 20;

/**
 * The crew's current agent definitions, one version number per agent. Setting a definition makes it the current
 * one with the next version and keeps the one before; runtimes read {@link AgentRoster.definitionOf} on every task,
 * so a change takes effect on the next run without a restart. Until anything is loaded, no agent has a definition
 * and runtimes use their built-in role lines.
 */
export class AgentRoster {
  private readonly versions = new Map<AgentId, VersionedDefinition[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The current definition of the agent, or undefined before one is loaded. */
  definitionOf(agent: AgentId): AgentDefinition | undefined {
    return this.current(agent)?.definition;
  }

  current(agent: AgentId): VersionedDefinition | undefined {
    return this.versions.get(agent)?.at(-1);
  }

  /** Every agent's current version, in roster order (agents without a definition are left out). */
  all(): VersionedDefinition[] {
    return AGENT_IDS.map((id) => this.current(id)).filter((v): v is VersionedDefinition => v !== undefined);
  }

  /** The agent's versions kept in memory, oldest first. */
  history(agent: AgentId): readonly VersionedDefinition[] {
    return this.versions.get(agent) ?? [];
  }

  /**
   * Makes `definition` the agent's current one, as version `version` (default: the current version + 1), unless
   * it equals the current definition; returns the current version either way.
   */
  set(
    agent: AgentId,
    definition: AgentDefinition,
    origin: VersionedDefinition['origin'],
    version?: number,
  ): VersionedDefinition {
    const existing = this.current(agent);
    if (existing && JSON.stringify(existing.definition) === JSON.stringify(definition) && version === undefined)
      return existing;
    const next: VersionedDefinition = {
      agent,
      version: version ?? (existing?.version ?? 0) + 1,
      definition,
      at: this.now(),
      origin,
    };
    const list = [...(this.versions.get(agent) ?? []), next].slice(-KEPT_VERSIONS);
    this.versions.set(agent, list);
    return next;
  }

  /** Sets every agent of the file (unchanged definitions keep their version). */
  load(definitions: AgentDefinitions, origin: VersionedDefinition['origin'] = 'file'): VersionedDefinition[] {
    return AGENT_IDS.map((id) => this.set(id, definitions[id], origin));
  }
}
