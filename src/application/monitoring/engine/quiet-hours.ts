import type { QuietHours } from '../monitoring.types';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes since local midnight of `at` in `timeZone`. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return hour * 60 + minute;
}

/** `HH:MM` → minutes since midnight. */
export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * Whether `at` falls in the window: from `start` (inclusive) to `end` (exclusive), local time of the window's zone;
 * a window whose end is earlier than its start crosses midnight; equal start and end is an empty window.
 */
export function inQuietHours(at: number, quiet: QuietHours): boolean {
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  const m = localMinutes(at, quiet.timeZone);
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * `at`, or the end of the quiet window when `at` falls inside it (the first instant at the window's end, local
 * time, so a zone's daylight-saving shift is honoured).
 */
export function afterQuietHours(at: number, quiet: QuietHours | null): number {
  if (!quiet || !inQuietHours(at, quiet)) return at;
  const end = parseClock(quiet.end);
  const wholeMinute = at - (((at % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  let candidate = wholeMinute + ((end - localMinutes(at, quiet.timeZone) + DAY_MINUTES) % DAY_MINUTES) * MINUTE_MS;
  // Across a daylight-saving change the local clock moved by the shift: correct by the difference, twice at most.
  for (let i = 0; i < 2; i++) {
    const diff = end - localMinutes(candidate, quiet.timeZone);
    if (diff === 0) break;
    const signed = ((diff + DAY_MINUTES + DAY_MINUTES / 2) % DAY_MINUTES) - DAY_MINUTES / 2;
    candidate += signed * MINUTE_MS;
  }
  return Math.max(candidate, at);
}
