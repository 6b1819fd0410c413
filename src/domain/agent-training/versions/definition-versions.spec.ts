import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { AgentRoster, parseAgentsYaml, type AgentDefinitions } from '../../crew';
import { AgentDefinitionRepository } from './agent-definition.repository';
import { DefinitionVersions } from './definition-versions';

const file = (): AgentDefinitions => {
  const r = parseAgentsYaml(readFileSync(join(__dirname, '../../../../config/agents.yaml'), 'utf8'), 'agents.yaml');
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.definitions;
};

describe(DefinitionVersions.name, () => {
  let database: OpenedDatabase;
  let repository: AgentDefinitionRepository;
  let now = 1_000;
  /** One instance: its roster and its view of the shared table. */
  const instance = () => {
    const roster = new AgentRoster(() => now);
    return { roster, sut: new DefinitionVersions(repository, roster, { now: () => now, monotonic: () => now }) };
  };

  beforeEach(async () => {
    database = await openTestDatabase();
    repository = new AgentDefinitionRepository(database);
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...repository.migrations }) },
      migrationTableName: 'training_migrations',
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  describe('boot', () => {
    it('stores the file as version 1 of every agent on an empty table', async () => {
      const { roster, sut } = instance();
      const loaded = await sut.boot(file());
      expect(loaded.map((v) => [v.agent, v.version, v.origin])).toEqual([
        ['acquisition_specialist', 1, 'file'],
        ['transcription_engineer', 1, 'file'],
        ['analysis_cartographer', 1, 'file'],
        ['verification_director', 1, 'file'],
        ['knowledge_integrator', 1, 'file'],
      ]);
      expect(await repository.history('verification_director')).toEqual([
        {
          agent: 'verification_director',
          version: 1,
          definition: file().verification_director,
          at: 1000,
          origin: 'file',
        },
      ]);
      expect(roster.current('knowledge_integrator')?.definition).toEqual(file().knowledge_integrator);
    });

    it('loads the newest stored version when the file holds an older one, and keeps the previous versions', async () => {
      await instance().sut.boot(file());
      const applied = { ...file().verification_director, goal: 'Check every claim.' };
      now = 2_000;
      await instance().sut.record('verification_director', applied, 'training');
      const { roster, sut } = instance();
      await sut.boot(file());
      expect(roster.current('verification_director')).toEqual({
        agent: 'verification_director',
        version: 2,
        definition: applied,
        at: 2000,
        origin: 'training',
      });
      expect((await repository.history('verification_director')).map((v) => [v.version, v.origin])).toEqual([
        [1, 'file'],
        [2, 'training'],
      ]);
    });

    it('stores an edited file as the next version, which wins over the stored ones', async () => {
      await instance().sut.boot(file());
      const edited = { ...file(), knowledge_integrator: { ...file().knowledge_integrator, goal: 'Edited by hand.' } };
      const { roster, sut } = instance();
      await sut.boot(edited);
      expect(roster.current('knowledge_integrator')).toMatchObject({ version: 2, origin: 'file' });
      expect(roster.definitionOf('knowledge_integrator')?.goal).toBe('Edited by hand.');
      expect(roster.current('acquisition_specialist')?.version).toBe(1);
    });
  });

  describe('record', () => {
    it('takes the next free number when another instance stored one in between', async () => {
      const a = instance();
      const b = instance();
      await a.sut.boot(file());
      await b.sut.boot(file());
      const first = { ...file().verification_director, goal: 'A.' };
      const second = { ...file().verification_director, goal: 'B.' };
      expect((await a.sut.record('verification_director', first, 'training')).version).toBe(2);
      expect((await b.sut.record('verification_director', second, 'training')).version).toBe(3);
      expect((await repository.history('verification_director')).map((v) => v.definition.goal)).toEqual([
        file().verification_director.goal,
        'A.',
        'B.',
      ]);
    });
  });

  describe('refresh', () => {
    it("brings another instance's roster to a version applied elsewhere, without a restart", async () => {
      const a = instance();
      const b = instance();
      await a.sut.boot(file());
      await b.sut.boot(file());
      const applied = { ...file().analysis_cartographer, goal: 'Map it all.' };
      await a.sut.record('analysis_cartographer', applied, 'training');
      expect(b.roster.current('analysis_cartographer')?.version).toBe(1);
      await b.roster.refresh();
      expect(b.roster.current('analysis_cartographer')).toMatchObject({ version: 2, definition: applied });
      expect(b.roster.history('analysis_cartographer').map((v) => v.version)).toEqual([1, 2]);
      await b.roster.refresh();
      expect(b.roster.history('analysis_cartographer').map((v) => v.version)).toEqual([1, 2]);
    });

    it('leaves the roster as it is when the table cannot be read', async () => {
      const { roster, sut } = instance();
      await sut.boot(file());
      await database.db.schema.dropTable('agent_definition_versions').execute();
      await roster.refresh();
      expect(roster.all().map((v) => v.version)).toEqual([1, 1, 1, 1, 1]);
    });
  });
});
