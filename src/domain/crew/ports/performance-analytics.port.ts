/** Performance analytics over recent runs (S8). */
export interface PerformanceAnalyticsPort {
  dashboard(hours: number): Promise<Record<string, unknown>>;
}
