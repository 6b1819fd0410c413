/**
 * Social monitoring: absent by default, so S5 is skipped with `social_connectors_not_configured`. The answer is the
 * monitor's own record, kept whole in S5's data; the report reads one part of it when present —
 * `mentions: [{ platform, text, url? }]`, where else the content's terms were found — and ignores the rest.
 */
export interface SocialMonitorPort {
  monitor(
    terms: readonly string[],
    options: { tenantId: string; signal?: AbortSignal },
  ): Promise<Record<string, unknown>>;
}
export const SOCIAL_MONITOR = Symbol('SOCIAL_MONITOR');
