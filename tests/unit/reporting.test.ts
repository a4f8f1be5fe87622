import { describe, expect, it } from 'vitest';
import {
  buildReport,
  csvCell,
  parseReportFilters,
  protectParts,
  type ReportFilters,
  type ReportLabels,
  reportCells,
  reportCounters,
  reportCsv,
  showPercent,
  weekStart,
  weeksBetween,
} from '../../functions/domain/requests/reporting.js';

describe('reporting counters', () => {
  it('counts a request under its region and each language, and under "all" of each', () => {
    expect(reportCells({ country: 'TH', languages: ['th', 'en'] })).toEqual([
      { region: 'TH', language: 'th' },
      { region: 'TH', language: 'en' },
      { region: 'TH', language: '*' },
      { region: '*', language: 'th' },
      { region: '*', language: 'en' },
      { region: '*', language: '*' },
    ]);
    expect(reportCells({ languages: [] })).toEqual([
      { region: 'unknown', language: 'unspecified' },
      { region: 'unknown', language: '*' },
      { region: '*', language: 'unspecified' },
      { region: '*', language: '*' },
    ]);
  });

  it('turns events into counters, nothing about the person', () => {
    expect(reportCounters({ kind: 'intake', helpKinds: ['housing', 'housing', 'legal'] })).toEqual({
      intake: 1,
      'area.housing': 1,
      'area.legal': 1,
    });
    expect(reportCounters({ kind: 'intake', helpKinds: [] })).toEqual({ intake: 1, 'area.unspecified': 1 });
    expect(reportCounters({ kind: 'reached', inSafeWindow: true })).toEqual({ reached: 1, reachedSafe: 1 });
    expect(reportCounters({ kind: 'reached', inSafeWindow: false })).toEqual({ reached: 1 });
    expect(reportCounters({ kind: 'referral', areas: ['health'] })).toEqual({
      referrals: 1,
      'referral.health': 1,
    });
    expect(reportCounters({ kind: 'close', reason: 'helped' })).toEqual({ closed: 1, 'closed.helped': 1 });
  });

  it('puts the time to a first attempt in its bucket (upper bounds included)', () => {
    const bucket = (minutes: number) =>
      Object.keys(reportCounters({ kind: 'first-attempt', minutes })).find((k) => k.startsWith('first.'));
    expect(bucket(0)).toBe('first.within-1h');
    expect(bucket(60)).toBe('first.within-1h');
    expect(bucket(61)).toBe('first.within-4h');
    expect(bucket(240)).toBe('first.within-4h');
    expect(bucket(241)).toBe('first.within-24h');
    expect(bucket(24 * 60 + 1)).toBe('first.within-72h');
    expect(bucket(72 * 60 + 1)).toBe('first.later');
    expect(reportCounters({ kind: 'first-attempt', minutes: 90.4 })).toMatchObject({
      first: 1,
      firstMinutes: 90,
    });
  });
});

describe('ISO weeks', () => {
  it('finds the Monday of a week and lists the weeks of a period across a new year', () => {
    expect(weekStart('2026-W01')?.toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(weekStart('2026-W49')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart('2026-W53')?.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(weekStart('2025-W53')).toBeUndefined();
    expect(weekStart('2026-W00')).toBeUndefined();
    expect(weekStart('2026-12')).toBeUndefined();
    expect(weeksBetween('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksBetween('2026-W03', '2026-W02')).toBeUndefined();
  });

  it('reads the filters: the last four weeks by default, a clear error for anything else', () => {
    const now = new Date('2026-12-06T12:00:00Z'); // a Sunday in 2026-W49
    expect(parseReportFilters({}, now, ['TH', 'MM'])).toEqual({
      filters: { from: '2026-W46', to: '2026-W49', region: '*', language: '*' },
      weeks: ['2026-W46', '2026-W47', '2026-W48', '2026-W49'],
    });
    const error = (q: Record<string, string>) => {
      const r = parseReportFilters(q, now, ['TH', 'MM']);
      return 'error' in r ? r.error : undefined;
    };
    expect(error({ from: 'last week' })).toBe('week');
    expect(error({ from: '2026-W10', to: '2026-W09' })).toBe('range');
    expect(error({ from: '2026-W01', to: '2026-W27' })).toBe('too-long');
    expect(error({ from: '2026-W01', to: '2026-W26' })).toBeUndefined();
    expect(error({ region: 'ZZ' })).toBe('region');
    expect(error({ language: 'xx' })).toBe('language');
    expect(error({ region: 'MM', language: 'my' })).toBeUndefined();
    const echoed = parseReportFilters({ from: '<script>alert(1)</script>' }, now, []);
    expect(echoed.filters.from).toBe('');
  });
});

describe('small-count suppression', () => {
  it('shows 1–4 as "<5", keeps 0, and hides a second part when one "<5" could be worked out', () => {
    expect(protectParts([10, 3, 0, 6], 19)).toEqual([10, '<5', 0, 'x']);
    expect(protectParts([10, 3, 2], 15)).toEqual([10, '<5', '<5']);
    expect(protectParts([2], 2)).toEqual(['<5']);
    expect(protectParts([0, 0], 0)).toEqual([0, 0]);
    expect(protectParts([5, 7], 12)).toEqual([5, 7]);
    // The total is itself "<5": every part is 0 or "<5" already.
    expect(protectParts([3, 0], 3)).toEqual(['<5', 0]);
  });

  it('shows a percentage only over 5 or more and only when both counts are shown', () => {
    expect(showPercent(6, 12, 6, 12)).toBe(50);
    expect(showPercent(2, 4, '<5', '<5')).toBe('x');
    expect(showPercent(3, 20, '<5', 20)).toBe('x');
    expect(showPercent(6, 7, 6, 'x')).toBe('x');
    expect(showPercent(0, 9, 0, 9)).toBe(0);
  });
});

/**
 * A seeded set, computed by hand:
 *   week  intake  first  minutes  reachedSafe
 *   W46     12      10      600        6
 *   W47      3       3       90        1
 *   W48      7       6     1080        5
 *   total   22      19     1770       12
 */
const FILTERS: ReportFilters = { from: '2026-W46', to: '2026-W48', region: 'TH', language: 'th' };
const WEEKS = ['2026-W46', '2026-W47', '2026-W48'];
const COUNTERS = new Map<string, Record<string, number>>([
  [
    '2026-W46',
    {
      intake: 12,
      first: 10,
      firstMinutes: 600,
      reachedSafe: 6,
      'first.within-1h': 8,
      'first.within-4h': 2,
      'area.housing': 10,
      'area.health': 2,
      'referral.housing': 5,
      referrals: 5,
      closed: 9,
      'closed.helped': 9,
    },
  ],
  [
    '2026-W47',
    {
      intake: 3,
      first: 3,
      firstMinutes: 90,
      reachedSafe: 1,
      'first.within-4h': 3,
      'area.health': 2,
      'area.legal': 3,
      'referral.counselling': 5,
      referrals: 5,
      closed: 2,
      'closed.person-declined': 2,
    },
  ],
  [
    '2026-W48',
    {
      intake: 7,
      first: 6,
      firstMinutes: 1080,
      reachedSafe: 5,
      'first.within-4h': 2,
      'first.within-24h': 4,
      'area.health': 2,
      'area.legal': 1,
    },
  ],
]);

describe('the report from a seeded set', () => {
  const report = buildReport(FILTERS, WEEKS, COUNTERS);

  it('matches the hand-computed weekly figures, with "<5" and the complementary "x"', () => {
    // intake [12, 3, 7] of 22: 3 is "<5", so the smallest other (7) is hidden too.
    // first [10, 3, 6] of 19: 3 is "<5", 6 hidden. reachedSafe [6, 1, 5] of 12: 1 is "<5", 5 hidden.
    expect(report.weeks).toEqual([
      {
        week: '2026-W46',
        intake: 12,
        firstAttempts: 10,
        averageHoursToFirst: 1, // 600 min / 10 / 60
        reachedSafe: 6,
        reachedSafePercent: 50, // 6 / 12
      },
      {
        week: '2026-W47',
        intake: '<5',
        firstAttempts: '<5',
        averageHoursToFirst: 'x', // fewer than 5 first attempts
        reachedSafe: '<5',
        reachedSafePercent: 'x',
      },
      {
        week: '2026-W48',
        intake: 'x',
        firstAttempts: 'x',
        averageHoursToFirst: 3, // 1080 / 6 / 60
        reachedSafe: 'x',
        reachedSafePercent: 'x',
      },
    ]);
    expect(report.total).toEqual({
      week: '',
      intake: 22,
      firstAttempts: 19,
      averageHoursToFirst: 1.6, // 1770 / 19 / 60 = 1.55…
      reachedSafe: 12,
      reachedSafePercent: 55, // 12 / 22 = 54.5…
    });
  });

  it('matches the hand-computed breakdowns', () => {
    // Buckets [8, 7, 4, 0, 0] of 19: 4 is "<5", the smallest other (7) is hidden.
    expect(report.firstAttempt).toEqual([
      { bucket: 'within-1h', count: 8 },
      { bucket: 'within-4h', count: 'x' },
      { bucket: 'within-24h', count: '<5' },
      { bucket: 'within-72h', count: 0 },
      { bucket: 'later', count: 0 },
    ]);
    // housing 10, health 6, legal 4 (against 22 requests): legal "<5", health hidden.
    const areas = Object.fromEntries(report.areas.map((a) => [a.area, a.count]));
    expect(areas).toMatchObject({ housing: 10, health: 'x', legal: '<5', safety: 0 });
    const referrals = Object.fromEntries(report.referrals.map((a) => [a.area, a.count]));
    expect(referrals).toMatchObject({ housing: 5, counselling: 5, health: 0 });
    expect(report.referralsTotal).toBe(10);
    // helped 9, declined 2 of 11: declined "<5", helped hidden.
    const outcomes = Object.fromEntries(report.outcomes.map((o) => [o.reason, o.count]));
    expect(outcomes).toMatchObject({ helped: 'x', 'person-declined': '<5', duplicate: 0 });
    expect(report.closedTotal).toBe(11);
  });

  it('writes the same figures to the CSV, with a byte-order mark, CRLF and no formula', () => {
    const labels: ReportLabels = {
      section: (id) => `S:${id}`,
      column: (id) => id,
      total: 'Total',
      bucket: (id) => id,
      area: (id) => id,
      reason: (id) => (id === 'other' ? '=HYPERLINK("http://x")' : id),
      heading: [['Figures'], ['Region', 'ไทย'], ['Language', 'မြန်မာ']],
    };
    const csv = reportCsv(report, labels);
    expect(csv.startsWith('\uFEFFFigures\r\n')).toBe(true);
    expect(csv).toContain('Region,ไทย\r\n');
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toContain('S:weeks,2026-W46,12,10,1,6,50');
    expect(lines).toContain('S:weeks,2026-W47,<5,<5,x,<5,x');
    expect(lines).toContain('S:weeks,2026-W48,x,x,3,x,x');
    expect(lines).toContain('S:weeks,Total,22,19,1.6,12,55');
    expect(lines).toContain('S:first-attempt,within-4h,x');
    expect(lines).toContain('S:first-attempt,within-24h,<5');
    expect(lines).toContain('S:areas,legal,<5');
    expect(lines).toContain('S:outcomes,person-declined,<5');
    expect(lines).toContain('S:outcomes,Total,11');
    expect(lines).toContain(`S:outcomes,"'=HYPERLINK(""http://x"")",0`);
  });

  it('neutralises anything a spreadsheet would run', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('<5')).toBe('<5');
  });
});
