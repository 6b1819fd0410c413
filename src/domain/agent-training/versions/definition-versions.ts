import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import {
  AGENT_IDS,
  AgentRoster,
  type AgentDefinition,
  type AgentDefinitions,
  type AgentId,
  type VersionedDefinition,
} from '../../crew';
import { AgentDefinitionRepository } from './agent-definition.repository';

/** Attempts at storing a new version before giving up (each lost race re-reads the newest number). */
const STORE_ATTEMPTS = 5;

/** JSON with every object's keys sorted: the stored copy of a definition may order its metadata's keys otherwise. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const same = (a: AgentDefinition, b: AgentDefinition) => canonical(a) === canonical(b);

/**
 * Keeps the roster and the stored versions (`agent_definition_versions`) in step:
 * - at boot, an agent whose file definition is one of its stored versions gets the newest stored version (another
 *   instance may have applied one since this file was written); a file definition stored under no version is a new
 *   version (an edited file wins), stored as such;
 * - an applied definition is stored under the next number, then set in the roster;
 * - {@link refresh} (run by the roster when an LLM run starts) reads the newest numbers and fetches only the
 *   versions newer than the roster's, so the other instances' applies reach this one without a restart or a message.
 */
@Injectable()
export class DefinitionVersions {
  private readonly logger = new Logger('AgentDefinitions');

  constructor(
    private readonly repository: AgentDefinitionRepository,
    private readonly roster: AgentRoster,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Loads the file's definitions, or the newer stored ones, into the roster; the roster then refreshes from the table. */
  async boot(file: AgentDefinitions): Promise<VersionedDefinition[]> {
    const loaded: VersionedDefinition[] = [];
    for (const agent of AGENT_IDS) {
      const stored = await this.repository.history(agent);
      const latest = stored.at(-1);
      const known = stored.some((v) => same(v.definition, file[agent]));
      const current = latest && known ? latest : await this.store(agent, file[agent], 'file', latest?.version ?? 0);
      loaded.push(this.roster.set(agent, current.definition, current.origin, current.version));
    }
    this.roster.refreshWith(() => this.refresh());
    return loaded;
  }

  /** Stores `definition` as the agent's next version and makes it the roster's current one. */
  async record(
    agent: AgentId,
    definition: AgentDefinition,
    origin: VersionedDefinition['origin'],
  ): Promise<VersionedDefinition> {
    const head = (await this.repository.heads()).get(agent) ?? 0;
    const v = await this.store(agent, definition, origin, Math.max(head, this.roster.current(agent)?.version ?? 0));
    return this.roster.set(agent, v.definition, v.origin, v.version);
  }

  /** Sets in the roster every agent's stored version that is newer than its own; a failed read changes nothing. */
  async refresh(): Promise<void> {
    try {
      for (const [agent, version] of await this.repository.heads()) {
        if (version <= (this.roster.current(agent)?.version ?? 0)) continue;
        const v = await this.repository.get(agent, version);
        if (v) this.roster.set(agent, v.definition, v.origin, v.version);
      }
    } catch (e) {
      this.logger.warn({ event: 'agent_definitions_refresh_failed', error: (e as Error).message });
    }
  }

  /** The agent's stored versions, oldest first. */
  history(agent: AgentId): Promise<VersionedDefinition[]> {
    return this.repository.history(agent);
  }

  /** Stores the definition under the first free number after `after`, re-reading the newest on each lost race. */
  private async store(
    agent: AgentId,
    definition: AgentDefinition,
    origin: VersionedDefinition['origin'],
    after: number,
  ): Promise<VersionedDefinition> {
    let version = after + 1;
    for (let attempt = 1; ; attempt++) {
      const v: VersionedDefinition = { agent, version, definition, at: this.clock.now(), origin };
      if (await this.repository.insert(v)) return v;
      if (attempt === STORE_ATTEMPTS)
        throw new Error(`Could not store a new version of ${agent} after ${STORE_ATTEMPTS} attempts`);
      version = Math.max(version, (await this.repository.heads()).get(agent) ?? 0) + 1;
    }
  }
}
