import { acquisitionStage } from './s1-acquisition';
import { transcriptionStage } from './s2-transcription';
import { contentAnalysisStage } from './s3-content-analysis';
import { factAnalysisStage } from './s4-fact-analysis';
import { crossPlatformStage } from './s5-cross-platform';
import { deceptionStage } from './s6-deception';
import { knowledgeStage } from './s7-knowledge';
import { analyticsStage } from './s8-analytics';
import { behaviourStage } from './s9-behaviour';
import { researchStage } from './s10-research';
import { qualityStage } from './s11-quality';
import { briefingStage } from './s12-briefing';
import { stageFailure } from './stage-failure';
import type { StageTools, StageToolsFactory } from '../ports/stage-tools.port';
import type { StageDeps, StageId, StageResult, StageRun } from './stage.types';
import type { SocialMonitorPort } from '../ports/social-monitor.port';
import type { ContentDigest } from '../../content';
import type { AcquisitionData } from './stage-data';

/**
 * {@link StageTools} over the stage functions: each stage runs at most once per run, the first caller starts it
 * and later callers share its promise, and a stage pulls the earlier stages it reads through the same memo. A
 * stage that throws becomes an `error` result (category `processing`), so one broken stage never rejects a run.
 * Stages in `run.settled` start out memoised with those results, so a resumed run repeats none of them.
 */
export class StageToolkit implements StageTools {
  private readonly memo = new Map<StageId, Promise<StageResult>>();
  private readonly settled: Partial<Record<StageId, StageResult>> = {};
  private digested?: Promise<ContentDigest | null>;

  constructor(
    private readonly deps: StageDeps,
    readonly run: StageRun,
  ) {
    for (const [id, result] of Object.entries(run.settled ?? {}) as [StageId, StageResult][]) {
      this.settled[id] = result;
      this.memo.set(id, Promise.resolve(result));
    }
  }

  acquisition = () => this.once('S1', () => acquisitionStage(this.deps, this.run));
  transcription = () => this.once('S2', async () => transcriptionStage(await this.acquisition()));
  contentAnalysis = () =>
    this.once('S3', async () => contentAnalysisStage(this.deps, await this.acquisition(), await this.transcription()));
  factAnalysis = () => this.once('S4', async () => factAnalysisStage(this.deps, this.run, await this.transcription()));
  crossPlatform = () =>
    this.once('S5', async () =>
      crossPlatformStage(this.deps, this.run, await this.acquisition(), await this.contentAnalysis()),
    );
  deception = () =>
    this.once('S6', async () =>
      deceptionStage(await this.acquisition(), await this.contentAnalysis(), await this.factAnalysis()),
    );
  knowledge = () =>
    this.once('S7', async () =>
      knowledgeStage(this.deps, this.run, await this.acquisition(), await this.factAnalysis(), await this.deception()),
    );
  analytics = () => this.once('S8', () => analyticsStage(this.deps));
  behaviour = () =>
    this.once('S9', async () =>
      behaviourStage(
        await this.acquisition(),
        await this.factAnalysis(),
        await this.deception(),
        this.deps.clock.now(),
      ),
    );
  research = () =>
    this.once('S10', async () =>
      researchStage(this.deps, this.run, await this.transcription(), await this.factAnalysis()),
    );
  quality = () =>
    this.once('S11', async () => {
      const [s1, s2, s3, s4, s6] = await Promise.all([
        this.acquisition(),
        this.transcription(),
        this.contentAnalysis(),
        this.factAnalysis(),
        this.deception(),
      ]);
      return qualityStage(s1, s2, s3, s4, s6);
    });
  briefing = () =>
    this.once('S12', async () => {
      const [s1, s2, s3, s4, s6, s11] = await Promise.all([
        this.acquisition(),
        this.transcription(),
        this.contentAnalysis(),
        this.factAnalysis(),
        this.deception(),
        this.quality(),
      ]);
      return briefingStage(s1, s2, s3, s4, s6, s11, this.deps.clock.now());
    });

  digest = () =>
    (this.digested ??= this.acquisition().then(async (s1) => {
      if (s1.status !== 'ok') return null;
      const { download, transcription } = s1.data as unknown as AcquisitionData;
      return this.deps.analysis.digest({ download, transcription }, this.run.depth).catch(() => null);
    }));

  results(): Partial<Record<StageId, StageResult>> {
    return { ...this.settled };
  }

  private once(id: StageId, work: () => Promise<StageResult> | StageResult): Promise<StageResult> {
    let pending = this.memo.get(id);
    if (!pending) {
      pending = Promise.resolve()
        .then(work)
        .catch((e: unknown) => stageFailure(id, e, 'processing'))
        .then((result) => {
          this.settled[id] = result;
          return result;
        });
      this.memo.set(id, pending);
    }
    return pending;
  }
}

/**
 * Creates one {@link StageToolkit} per run over shared dependencies. The social monitor is looked up per run, so
 * a module that provides one later (or not at all) is honoured without a restart of this factory.
 */
export class StageToolkitFactory implements StageToolsFactory {
  constructor(
    private readonly deps: Omit<StageDeps, 'social'>,
    private readonly social: () => SocialMonitorPort | undefined = () => undefined,
  ) {}

  create(run: StageRun): StageTools {
    return new StageToolkit({ ...this.deps, social: this.social() }, run);
  }
}
