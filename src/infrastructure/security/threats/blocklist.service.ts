import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MessageChannel } from '../../../core/ports/message-channel.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../../core/runtime/id-generator';
import { BLOCK_KINDS, Blocklist, blockId, type BlockCheck, type BlockEntry, type BlockKind } from './blocklist';
import { BLOCKLIST_STORE, type BlocklistStore } from './blocklist.store';
import { ThreatsConfig } from './threats.config';

/** The message of a block or an unblock: "this subject's entry changed, read it again". */
export interface BlocklistChange {
  readonly instance: string;
  readonly kind: BlockKind;
  readonly value: string;
}

export const BLOCKLIST_CHANNEL = Symbol('BLOCKLIST_CHANNEL');

/**
 * The blocklist every instance enforces. Entries are stored (`BLOCKLIST_STORE`, a table) and each instance
 * enforces a copy in memory, so {@link isBlocked} stays a map lookup. A block or an unblock writes the store,
 * updates this instance's copy and, in scale-out, announces the subject on `BLOCKLIST_CHANNEL` (Redis): the other
 * instances read its entry again. {@link reload} makes the copy equal to the store: at boot, and periodically, so
 * an instance that missed a message (Redis away) catches up.
 */
@Injectable()
export class BlocklistService {
  private readonly logger = new Logger('Blocklist');
  private readonly instance: string;
  /** Subjects changed while a reload reads the store; the reload leaves them as they are. */
  private changedDuringReload: Set<string> | undefined;
  private reloading: Promise<number> | undefined;

  constructor(
    private readonly entries: Blocklist,
    @Inject(BLOCKLIST_STORE) private readonly store: BlocklistStore,
    @Inject(BLOCKLIST_CHANNEL) private readonly channel: MessageChannel<BlocklistChange> | null,
    private readonly config: ThreatsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    this.instance = ids.uuid();
  }

  /** Whether a request from `ip` acting as `keyId` is shut out at `now`: a lookup in this instance's copy. */
  isBlocked(subject: { readonly ip?: string; readonly keyId?: string }, now: number): BlockCheck {
    return this.entries.isBlocked(subject, now);
  }

  /** Entries this instance enforces at `now`, oldest first. */
  list(now: number): BlockEntry[] {
    return this.entries.list(now);
  }

  /** The stored entries in force (every instance enforces them), ending first first, at most `maxBlocklistEntries`. */
  stored(): Promise<BlockEntry[]> {
    return this.store.listActive(this.clock.now(), this.config.maxBlocklistEntries);
  }

  /** Blocks `value` until `until` on every instance (or keeps a later end in force); returns the entry in force. */
  async block(kind: BlockKind, value: string, until: number, reason: string): Promise<BlockEntry> {
    const now = this.clock.now();
    const entry = await this.store.block({ kind, value, until, reason }, now);
    this.changed(kind, value);
    this.entries.put(entry, now);
    this.announce(kind, value);
    return entry;
  }

  /** Lifts an entry on every instance; false when the store had none. */
  async unblock(kind: BlockKind, value: string): Promise<boolean> {
    const found = await this.store.unblock(kind, value);
    this.changed(kind, value);
    this.entries.unblock(kind, value);
    this.announce(kind, value);
    return found;
  }

  /** Listens to the other instances' changes, then loads the entries in force. */
  async start(): Promise<void> {
    await this.channel?.subscribe((message) => void this.receive(message));
    await this.reload();
  }

  async stop(): Promise<void> {
    await this.channel?.close();
  }

  /** Makes this instance's copy equal to the store's entries in force (at most `threats.maxBlocklistEntries`). */
  reload(): Promise<number> {
    this.reloading ??= this.readAll().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Deletes expired entries from the store and this instance's copy; returns how many the store held. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    this.entries.prune(now);
    return this.store.deleteExpired(now);
  }

  private async readAll(): Promise<number> {
    const changed = new Set<string>();
    this.changedDuringReload = changed;
    try {
      const now = this.clock.now();
      const stored = await this.store.listActive(now, this.config.maxBlocklistEntries);
      this.entries.sync(stored, this.clock.now(), changed);
      return stored.length;
    } finally {
      this.changedDuringReload = undefined;
    }
  }

  private async receive(message: BlocklistChange): Promise<void> {
    if (message.instance === this.instance) return;
    const { kind, value } = message;
    if (!(BLOCK_KINDS as readonly unknown[]).includes(kind) || typeof value !== 'string') return;
    try {
      const entry = await this.store.get(kind, value, this.clock.now());
      this.changed(kind, value);
      if (entry) this.entries.put(entry, this.clock.now());
      else this.entries.unblock(kind, value);
    } catch (e) {
      // The next reload brings the change.
      this.logger.warn({ event: 'blocklist_refresh_failed', kind, value, err: (e as Error).message });
    }
  }

  private changed(kind: BlockKind, value: string): void {
    this.changedDuringReload?.add(blockId(kind, value));
  }

  private announce(kind: BlockKind, value: string): void {
    this.channel
      ?.publish({ instance: this.instance, kind, value })
      .catch((e: Error) => this.logger.warn({ event: 'blocklist_announce_failed', kind, value, err: e.message }));
  }
}
