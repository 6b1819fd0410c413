import type { AppConfig } from '../../core/config/app-config';
import { YtDlpSource } from '../content';

/** What a probe found: the capabilities present, one issue text per missing one, and the verdict. */
export interface HealthReport {
  readonly capabilities: string[];
  readonly issues: string[];
  readonly healthy: boolean;
}

/**
 * What the `enhanced_autonomous` orchestrator can use. The orchestrator calls `probe()` once, when
 * it is constructed, and keeps the answer for its lifetime (the original's `system_health`): a binding or a
 * setting that changes later is only seen after a restart.
 */
export interface HealthProbePort {
  probe(): HealthReport;
}
export const HEALTH_PROBE = Symbol('HEALTH_PROBE');

/**
 * The original's capability ids (kept verbatim), by the fact that provides each one. The names on the left are
 * this port's: `agentRuntime` is an `AgentRuntime` bound under `AGENT_RUNTIME` (CrewAI in the original, hence
 * `crewai_agents`), `llm` an enabled `LlmPort` (the original looked for an OpenAI key, hence `openai_api`).
 */
export const CAPABILITY_IDS = {
  agentRuntime: 'crewai_agents',
  contentPipeline: 'content_pipeline',
  youtubeDownload: 'youtube_download',
  llm: 'openai_api',
  discordPosting: 'discord_posting',
} as const;
export type CapabilityFact = keyof typeof CAPABILITY_IDS;
export type CapabilityId = (typeof CAPABILITY_IDS)[CapabilityFact];

/** Capabilities needed for `healthy`: at least two. */
export const HEALTHY_MIN_CAPABILITIES = 2;

/** The facts a {@link BindingsHealthProbe} reports on; each true fact is a capability, each false one an issue. */
export type HealthFacts = Readonly<Record<CapabilityFact, boolean>>;

const ISSUES: Readonly<Record<CapabilityFact, string>> = {
  agentRuntime: 'Agent runtime not bound: the pipeline fallback will be used',
  contentPipeline: 'Content pipeline not bound',
  youtubeDownload: 'yt-dlp not available: video download capability missing',
  llm: 'LLM not configured (llm.baseUrl and llm.model)',
  discordPosting: 'Discord webhook not configured (content.discordWebhookUrl, https)',
};

/**
 * The default probe: its facts are given at construction (by {@link createBindingsHealthProbe} in the module,
 * by hand in tests), so it never reads the environment. Capabilities are listed in the order of
 * {@link CAPABILITY_IDS}.
 *
 * @example new BindingsHealthProbe({ agentRuntime: true, contentPipeline: true, youtubeDownload: false, llm: false, discordPosting: false }).probe().healthy // true
 */
export class BindingsHealthProbe implements HealthProbePort {
  private readonly report: HealthReport;

  constructor(facts: HealthFacts) {
    const keys = Object.keys(CAPABILITY_IDS) as CapabilityFact[];
    const capabilities = keys.filter((k) => facts[k]).map((k) => CAPABILITY_IDS[k]);
    const issues = keys.filter((k) => !facts[k]).map((k) => ISSUES[k]);
    this.report = { capabilities, issues, healthy: capabilities.length >= HEALTHY_MIN_CAPABILITIES };
  }

  probe(): HealthReport {
    return {
      capabilities: [...this.report.capabilities],
      issues: [...this.report.issues],
      healthy: this.report.healthy,
    };
  }
}

/** What the module knows at boot; `undefined`/`null` means the token is not bound. */
export interface HealthProbeBindings {
  readonly config: AppConfig;
  readonly agentRuntime: unknown;
  readonly pipeline: unknown;
  readonly llm: { readonly enabled: boolean } | undefined | null;
  /** Defaults to {@link YtDlpSource.available}; only asked when `content.ytDlp` is `auto`. */
  readonly ytDlpAvailable?: (binary: string) => Promise<boolean>;
}

/**
 * Builds the default probe from what is bound and configured: yt-dlp counts when `content.ytDlp` is `on`, or
 * `auto` and the binary answers now; Discord posting when `content.discordWebhookUrl` is an https URL.
 */
export async function createBindingsHealthProbe(bindings: HealthProbeBindings): Promise<BindingsHealthProbe> {
  const { ytDlp, ytDlpBinary, discordWebhookUrl } = bindings.config.content;
  const available = bindings.ytDlpAvailable ?? ((binary: string) => YtDlpSource.available(binary));
  const youtubeDownload = ytDlp === 'on' || (ytDlp === 'auto' && (await available(ytDlpBinary)));
  return new BindingsHealthProbe({
    agentRuntime: bindings.agentRuntime !== undefined && bindings.agentRuntime !== null,
    contentPipeline: bindings.pipeline !== undefined && bindings.pipeline !== null,
    youtubeDownload,
    llm: bindings.llm?.enabled === true,
    discordPosting: discordWebhookUrl?.startsWith('https://') === true,
  });
}
