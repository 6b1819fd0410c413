/** Social monitoring: absent by default, so S5 is skipped with `social_connectors_not_configured`. */
export interface SocialMonitorPort {
  monitor(
    terms: readonly string[],
    options: { tenantId: string; signal?: AbortSignal },
  ): Promise<Record<string, unknown>>;
}
export const SOCIAL_MONITOR = Symbol('SOCIAL_MONITOR');
