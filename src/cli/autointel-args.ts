import { parseArgs } from 'node:util';
import { RUN_MODES, type RunMode } from '../domain/autointel/autointel.types';
import { isRunOptionProblem, parseRunOptions, runOptionMessage } from '../domain/autointel/run-options';
import { DEPTHS, type Depth } from '../domain/content';
import { REPORT_FORMATS, type ReportFormat } from '../domain/report';

export const USAGE = `Usage: npm run autointel -- <url|path> [--depth ${DEPTHS.join('|')}] [--mode ${RUN_MODES.join('|')}] [--format ${REPORT_FORMATS.join('|')} | --json] [--tenant ID] [--workspace ID]

Runs the content-intelligence job on a URL or a local file (.txt, .md, .html, .vtt, .srt), shows its progress on
stderr and prints the report on stdout: Markdown by default, a standalone HTML page with --format html, the report
model with --format json, or, with --json, the orchestrator's whole result. Exit code 0 when the run succeeds, 1
when it fails (the reason is printed), 2 on a usage error.`;

export interface CliOptions {
  readonly target: string;
  readonly depth: Depth;
  /** Absent: the config's `autointel.defaultMode` (autonomous unless changed). */
  readonly mode?: RunMode;
  readonly json: boolean;
  /** The report's rendering (ignored with `json`, which prints the whole result). */
  readonly format: ReportFormat;
  readonly tenantId: string;
  readonly workspaceId: string;
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Parses the command line; throws an Error whose message names the offending argument. `help` when asked for it. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        depth: { type: 'string' },
        mode: { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        tenant: { type: 'string' },
        workspace: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new Error((e as Error).message, { cause: e });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1)
    throw new Error(
      positionals.length === 0
        ? 'give one URL or file path'
        : `give one URL or file path, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  const run = parseRunOptions({ depth: values.depth, mode: values.mode }, undefined);
  if (isRunOptionProblem(run)) throw new Error(runOptionMessage(run, `--${run.field}`));
  const format = values.format ?? 'md';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  if (values.json && values.format !== undefined)
    throw new Error('--json prints the whole result and --format the report: give one of them');
  for (const key of ['tenant', 'workspace'] as const) {
    const v = values[key];
    if (v !== undefined && !ID.test(v))
      throw new Error(`--${key} must be 1-128 letters, digits or . _ : -, got "${v}"`);
  }
  return {
    target: positionals[0],
    depth: run.depth,
    ...(run.mode ? { mode: run.mode } : {}),
    json: values.json ?? false,
    format: format as ReportFormat,
    tenantId: values.tenant ?? 'default',
    workspaceId: values.workspace ?? 'default',
  };
}
