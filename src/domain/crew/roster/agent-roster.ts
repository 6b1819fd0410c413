import { AGENT_IDS, type AgentId } from '../plan/crew-plan';
import type { AgentDefinition, AgentDefinitions, VersionedDefinition } from './agent-definition';

/** How many earlier versions of each agent the roster keeps in memory. */
export const KEPT_VERSIONS = 20;

/**
 * The crew's current agent definitions, one version number per agent. Setting a definition makes it the current
 * one with the next version and keeps the one before; runtimes read {@link AgentRoster.definitionOf} on every task,
 * so a change takes effect on the next run without a restart. Until anything is loaded, no agent has a definition
 * and runtimes use their built-in role lines. Where the versions are also stored (shared by several instances), a
 * run first calls {@link AgentRoster.refresh}, which reads the versions stored since.
 */
export class AgentRoster {
  private readonly versions = new Map<AgentId, VersionedDefinition[]>();
  private source?: () => Promise<void>;
  private refreshing?: Promise<void>;

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

  /** Sets what {@link refresh} runs: the reader of the stored versions newer than the roster's. */
  refreshWith(source: () => Promise<void>): void {
    this.source = source;
  }

  /**
   * Brings the roster up to the stored versions (another instance may have stored newer ones); calls made while
   * one runs share it. Without a source, nothing to do.
   */
  refresh(): Promise<void> {
    if (!this.source) return Promise.resolve();
    this.refreshing ??= this.source().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Sets every agent of the file (unchanged definitions keep their version). */
  load(definitions: AgentDefinitions, origin: VersionedDefinition['origin'] = 'file'): VersionedDefinition[] {
    return AGENT_IDS.map((id) => this.set(id, definitions[id], origin));
  }
}
