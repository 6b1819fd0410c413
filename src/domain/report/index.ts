/**
 * The main job's report: one model ({@link ContentReport}) built from a run's parts, rendered to Markdown, HTML or
 * JSON. Every mode's orchestrator builds its report here, so all modes read alike.
 */
export * from './report.model';
export { buildReport, checkOf, type ClaimCheck, type ReportParts } from './build-report';
export { crewAssessment, crewClaimChecks, crewElsewhere, crewStages } from './crew-sections';
export { renderReport, REPORT_MEDIA_TYPES } from './render-report';
export { LLM_SUMMARY_INPUT_CHARS, summariseWithLlm, type LlmSummaryOutcome } from './llm-summary';
export { crewReport, crewTranscript, type CrewReportParts } from './crew-report';
