import { randomBytes } from 'node:crypto';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Document } from 'yaml';
import { parseAgentsYaml, type AgentDefinition, type AgentDefinitions, type AgentId } from '../../crew';
import { AgentsFileError } from './agents-file.error';

/** The agents file as read: its text, the validated definitions, and the document (comments and layout kept). */
export interface AgentsFileSnapshot {
  readonly text: string;
  readonly definitions: AgentDefinitions;
  readonly document: Document;
}

const FIELDS = [
  'role',
  'goal',
  'backstory',
  'tools',
  'reasoning',
  'memory',
  'verbose',
  'allow_delegation',
  'metadata',
] as const;

/**
 * The agents file on disk. Reads validate it (an invalid file is never written over); a write replaces it
 * atomically (a temporary file in the same directory, then a rename) after copying the file as it was to
 * `<name>.backup<ext>` — once per write, so the backup is the file as it was before that run, never a half-changed
 * one.
 */
export class AgentsFile {
  constructor(readonly path: string) {}

  /** The backup path: `agents.yaml` → `agents.backup.yaml`. */
  get backupPath(): string {
    const ext = extname(this.path);
    return join(dirname(this.path), `${basename(this.path, ext)}.backup${ext}`);
  }

  /** @throws AgentsFileError naming each problem's line when the file is unreadable or invalid. */
  async read(): Promise<AgentsFileSnapshot> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      throw new AgentsFileError(this.path, [`cannot read ${this.path}: ${(e as Error).message}`]);
    }
    const parsed = parseAgentsYaml(text, basename(this.path));
    if (!parsed.ok) throw new AgentsFileError(this.path, parsed.problems);
    return { text, definitions: parsed.definitions, document: parsed.document };
  }

  /** The file's text with the changed definitions set (only the fields that differ; comments elsewhere kept). */
  render(snapshot: AgentsFileSnapshot, changes: Partial<Record<AgentId, AgentDefinition>>): string {
    const doc = snapshot.document.clone();
    for (const [agent, next] of Object.entries(changes) as [AgentId, AgentDefinition][]) {
      const before = snapshot.definitions[agent];
      for (const field of FIELDS)
        if (JSON.stringify(before[field]) !== JSON.stringify(next[field])) doc.setIn([agent, field], next[field]);
    }
    return doc.toString({ lineWidth: 120 });
  }

  /** A unified diff from the file's text to `next` (empty hunks when they are equal). */
  diff(current: string, next: string): string {
    const name = basename(this.path);
    return createTwoFilesPatch(name, name, current, next, 'current', 'candidate');
  }

  /** Backs the file up as it is now, then replaces it with `next` atomically. */
  async write(next: string): Promise<void> {
    await copyFile(this.path, this.backupPath);
    const temporary = join(
      dirname(this.path),
      `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      await writeFile(temporary, next, { encoding: 'utf8', flag: 'wx' });
      await rename(temporary, this.path);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  }
}
