import type { QuietHours, Source, SourceState } from '../monitoring.types';

/** A creator to add: `name` defaults to the id, `tier` to none. */
export interface CreatorInput {
  readonly id: string;
  readonly name?: string;
  readonly tier?: number | null;
}

/** What a creator update may change. */
export interface CreatorPatch {
  readonly name?: string;
  readonly tier?: number | null;
}

/** What a source update may change (`quietHours: null` removes them). */
export interface SourcePatch {
  readonly locator?: string;
  readonly youtubeKind?: string | null;
  readonly enabled?: boolean;
  readonly priority?: number;
  readonly intervalSeconds?: number;
  readonly jitterSeconds?: number;
  readonly quietHours?: QuietHours | null;
  readonly runMode?: string;
  readonly runDepth?: string;
}

/** A source to add; unset settings take `monitoring.*` defaults (disabled, priority 3). */
export interface SourceInput extends SourcePatch {
  readonly creatorId: string;
  readonly platform: string;
  readonly locator: string;
}

/** A source's state as the catalog shows it: the WebSub secret (an HMAC key) never leaves the service. */
export type SourceStateView = Omit<SourceState, 'websub'> & {
  readonly websub: Omit<NonNullable<SourceState['websub']>, 'secret'> | null;
};

/** A source as the catalog shows it: its settings and where its schedule stands. */
export type SourceView = Source & { readonly state: SourceStateView | null };

/** The state without the WebSub secret. */
export function stateView(state: SourceState | null | undefined): SourceStateView | null {
  if (!state) return null;
  if (!state.websub) return { ...state, websub: null };
  const { secret, ...websub } = state.websub;
  return { ...state, websub };
}

/** What the seed did. */
export interface SeedReport {
  readonly creators: { readonly created: number; readonly existing: number };
  readonly sources: { readonly created: number; readonly existing: number };
}

/** What an OPML import did with one outline. */
export interface OpmlOutlineReport {
  readonly outline: string;
  readonly creatorId: string;
  readonly platform: string;
  readonly locator: string;
  readonly status: 'created' | 'skipped' | 'error';
  readonly sourceId?: string;
  readonly error?: string;
}

/** What an OPML import did: counts, then each outline. */
export interface OpmlImportReport {
  readonly created: number;
  readonly skipped: number;
  readonly errors: number;
  readonly creatorsCreated: number;
  readonly outlines: OpmlOutlineReport[];
}
