import { afterQuietHours, inQuietHours, localMinutes } from './quiet-hours';

const utc = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  describe(localMinutes.name, () => {
    it('returns the minutes since local midnight in the zone', () => {
      expect(localMinutes(utc('2026-01-15T04:07:30Z'), 'America/New_York')).toBe(23 * 60 + 7);
    });
  });

  describe(inQuietHours.name, () => {
    const night = { start: '23:00', end: '07:00', timeZone: 'UTC' };
    it('includes the start and excludes the end of a window that crosses midnight', () => {
      expect(inQuietHours(utc('2026-01-01T23:00:00Z'), night)).toBe(true);
      expect(inQuietHours(utc('2026-01-02T06:59:00Z'), night)).toBe(true);
      expect(inQuietHours(utc('2026-01-02T07:00:00Z'), night)).toBe(false);
      expect(inQuietHours(utc('2026-01-01T22:59:00Z'), night)).toBe(false);
    });

    it('treats equal start and end as an empty window', () => {
      expect(inQuietHours(utc('2026-01-01T12:00:00Z'), { start: '12:00', end: '12:00', timeZone: 'UTC' })).toBe(false);
    });
  });

  describe(afterQuietHours.name, () => {
    it('moves a time inside a UTC window to the window end', () => {
      const quiet = { start: '23:00', end: '07:00', timeZone: 'UTC' };
      expect(afterQuietHours(utc('2026-01-01T23:30:15Z'), quiet)).toBe(utc('2026-01-02T07:00:00Z'));
    });

    it('keeps a time outside the window', () => {
      const quiet = { start: '23:00', end: '07:00', timeZone: 'UTC' };
      expect(afterQuietHours(utc('2026-01-01T12:00:00Z'), quiet)).toBe(utc('2026-01-01T12:00:00Z'));
      expect(afterQuietHours(utc('2026-01-01T12:00:00Z'), null)).toBe(utc('2026-01-01T12:00:00Z'));
    });

    it('honours the window time zone', () => {
      const quiet = { start: '22:00', end: '06:00', timeZone: 'America/New_York' };
      // 23:00 EST (UTC−5) → 06:00 EST = 11:00 UTC
      expect(afterQuietHours(utc('2026-01-15T04:00:00Z'), quiet)).toBe(utc('2026-01-15T11:00:00Z'));
    });

    it('lands on the local end across a daylight-saving change', () => {
      const quiet = { start: '01:00', end: '04:00', timeZone: 'Europe/Berlin' };
      // 01:30 CET; clocks jump 02:00 → 03:00, so 04:00 CEST is 02:00 UTC
      expect(afterQuietHours(utc('2026-03-29T00:30:00Z'), quiet)).toBe(utc('2026-03-29T02:00:00Z'));
    });
  });
});
