/**
 * Kubernetes CronJob schedules: five fields (minute hour day-of-month month day-of-week) read the way
 * the CronJob controller reads them (robfig/cron v3 `ParseStandard`): `*`, `n`, `a-b`, lists with `,`,
 * steps with `/` (`n/step` runs from n to the field's maximum), day of week 0-6 (0 is Sunday), and
 * unless a day field is `*` a day matches if either day field does (as in Vixie cron).
 * Pure functions: no clock; the calendar walked is a fixed one.
 */

interface FieldRange {
  readonly min: number;
  readonly max: number;
}

/** minute, hour, day of month, month, day of week. */
const RANGES: readonly FieldRange[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 6 },
];

interface CronField {
  readonly values: ReadonlySet<number>;
  /** A part is `*` or `*\/1` (robfig's star bit: it decides how the two day fields combine). */
  readonly star: boolean;
}

interface CronSchedule {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

/** One comma-separated part of a field, or undefined when it is malformed or out of range. */
function parsePart(part: string, range: FieldRange): { values: number[]; star: boolean } | undefined {
  const m = /^(?:(\*)|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
  if (!m) return undefined;
  const step = m[4] === undefined ? 1 : Number(m[4]);
  // robfig sets the star bit for `*` and `*/1` only: `*/2` in a day field combines like a list.
  const all = m[1] !== undefined;
  const star = all && step === 1;
  const start = all ? range.min : Number(m[2]);
  const end = all ? range.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? range.max : start;
  if (step < 1 || start < range.min || end > range.max || start > end) return undefined;
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseField(text: string, range: FieldRange): CronField | undefined {
  const parts = text.split(",").map((p) => parsePart(p, range));
  if (parts.some((p) => p === undefined)) return undefined;
  const defined = parts as { values: number[]; star: boolean }[];
  return { values: new Set(defined.flatMap((p) => p.values)), star: defined.some((p) => p.star) };
}

/** The schedule's fields, or undefined when it is not a valid five-field schedule. */
function parseCronSchedule(schedule: string): CronSchedule | undefined {
  const texts = schedule.split(" ");
  if (texts.length !== RANGES.length) return undefined;
  const fields = texts.map((t, i) => parseField(t, RANGES[i]!));
  if (fields.some((f) => f === undefined)) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as CronField[];
  return { minute: minute!, hour: hour!, dayOfMonth: dayOfMonth!, month: month!, dayOfWeek: dayOfWeek! };
}

function dayMatches(s: CronSchedule, date: Date): boolean {
  if (!s.month.values.has(date.getUTCMonth() + 1)) return false;
  const dom = s.dayOfMonth.values.has(date.getUTCDate());
  const dow = s.dayOfWeek.values.has(date.getUTCDay());
  return s.dayOfMonth.star || s.dayOfWeek.star ? dom && dow : dom || dow;
}

const MINUTES_PER_DAY = 1440;
const MS_PER_DAY = 86_400_000;
/**
 * Between 1901 and 2099 the Gregorian calendar (weekdays and leap days) repeats every 28 years; two such
 * cycles from 2001 contain every gap a schedule can have, including the one that wraps around a cycle.
 */
const FIRST_DAY = Date.UTC(2001, 0, 1);
const DAYS = (Date.UTC(2057, 0, 1) - FIRST_DAY) / MS_PER_DAY;

/** Walking 56 years takes milliseconds; config validation and the alert rules ask for the same schedule. */
const LONGEST = new Map<string, number | undefined>();

/**
 * The longest time between two consecutive runs of a schedule, in seconds (UTC, as Keelson's CronJobs
 * set `timeZone: Etc/UTC`), or undefined when the schedule is invalid or never runs (`0 0 30 2 *`).
 */
export function longestCronIntervalSeconds(schedule: string): number | undefined {
  if (!LONGEST.has(schedule)) LONGEST.set(schedule, computeLongest(schedule));
  return LONGEST.get(schedule);
}

function computeLongest(schedule: string): number | undefined {
  const s = parseCronSchedule(schedule);
  if (s === undefined) return undefined;
  const sorted = (f: CronField): number[] => [...f.values].sort((a, b) => a - b);
  const times = sorted(s.hour).flatMap((h) => sorted(s.minute).map((m) => h * 60 + m));
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  const first = times[0]!;
  const last = times[times.length - 1]!;
  let previous: number | undefined;
  for (let day = 0; day < DAYS; day++) {
    if (!dayMatches(s, new Date(FIRST_DAY + day * MS_PER_DAY))) continue;
    if (previous !== undefined) longest = Math.max(longest, (day - previous) * MINUTES_PER_DAY - last + first);
    previous = day;
  }
  return previous === undefined ? undefined : longest * 60;
}
