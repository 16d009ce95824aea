/**
 * The Apex Scheduler's cron expressions: `Seconds Minutes Hours Day_of_month Month Day_of_week
 * [Year]` (Quartz syntax, weekdays 1-7 = SUN-SAT). Validation and error messages are ours
 * (Quartz's, as the platform reports them); the next fire time is computed by croner with
 * Quartz weekday numbering once `?` has been replaced by `*` (croner reads `?` as "the current
 * value") and `start/step` by `start-max/step` (croner rejects it). Croner's own semantics for
 * `L`, `W`, `#`, ranges, names and time zones match the platform's.
 */
import { Cron } from 'croner';
import { ApexError } from '../../runtime/values';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function fail(message: string): never {
  throw new ApexError('System.StringException', message);
}

interface FieldSpec {
  min: number;
  max: number;
  chars: RegExp;
  range: string;
  names?: string[];
}

const SPECS: FieldSpec[] = [
  { min: 0, max: 59, chars: /^\d+$/, range: 'Minute and Second values must be between 0 and 59' },
  { min: 0, max: 59, chars: /^\d+$/, range: 'Minute and Second values must be between 0 and 59' },
  { min: 0, max: 23, chars: /^[\d,*/-]+$/, range: 'Hour values must be between 0 and 23' },
  {
    min: 1,
    max: 31,
    chars: /^([\d,*/?-]+|L|LW|\d+W|L-\d+)$/,
    range: 'Day of month values must be between 1 and 31',
  },
  {
    min: 1,
    max: 12,
    chars: /^[\d,*/-]+$/,
    range: 'Month values must be between 1 and 12',
    names: MONTHS,
  },
  {
    min: 1,
    max: 7,
    chars: /^([\d,*/?-]+|\d+L|\d+#\d)$/,
    range: 'Day-of-Week values must be between 1 and 7',
    names: DAYS,
  },
  {
    min: 1970,
    max: 2099,
    chars: /^[\d,*/-]+$/,
    range: 'Year values must be between 1970 and 2099',
  },
];

function replaceNames(field: string, names: string[] | undefined): string {
  if (!names) return field;
  return field.toUpperCase().replace(/[A-Z]{3}/g, (n) => {
    const i = names.indexOf(n);
    return i < 0 ? n : String(i + 1);
  });
}

/** A validated cron expression with the next fire time after a given instant. */
export class CronSchedule {
  private readonly cron: Cron;

  private constructor(
    readonly expression: string,
    quartz: string,
    readonly timeZone: string,
  ) {
    try {
      this.cron = new Cron(quartz, {
        mode: '6-or-7-parts',
        alternativeWeekdays: true,
        timezone: timeZone,
        paused: true,
      });
    } catch (e) {
      fail(`Invalid cron expression: ${expression} (${(e as Error).message})`);
    }
  }

  /** Parse and validate; throws `System.StringException` with Quartz's message. */
  static parse(expression: string, timeZone = 'GMT'): CronSchedule {
    const parts = expression.trim().split(/\s+/).filter(Boolean);
    if (parts.length < 6) fail('Unexpected end of expression.');
    if (parts.length > 7) fail(`Illegal characters for this position: '${parts[7]}'`);
    if (!/^\d+$/.test(parts[0]) || !/^\d+$/.test(parts[1])) {
      fail(`Seconds and minutes must be specified as integers: ${expression}`);
    }
    const fields = parts.map((p, i) => replaceNames(p, SPECS[i].names));
    fields.forEach((f, i) => {
      const spec = SPECS[i];
      if (f === '?' && i !== 3 && i !== 5) {
        fail("'?' can only be specfied for Day-of-Month or Day-of-Week.");
      }
      if (!spec.chars.test(f)) fail(`Illegal characters for this position: '${parts[i]}'`);
      for (const n of f.match(/\d+/g) ?? []) {
        const v = Number(n);
        const inStep = new RegExp(`/${n}(?!\\d)`).test(f);
        const inHash = i === 5 && new RegExp(`#${n}$`).test(f);
        const inLast = i === 3 && new RegExp(`L-${n}$`).test(f);
        if (inStep || inHash || inLast) continue;
        if (v < spec.min || v > spec.max) fail(spec.range);
      }
    });
    const dom = fields[3];
    const dow = fields[5];
    if (dom === '?' && dow === '?') {
      fail("'?' can only be specfied for Day-of-Month -OR- Day-of-Week.");
    }
    if (dom !== '?' && dow !== '?') {
      fail(
        'Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.',
      );
    }
    // croner reads `?` as "now" and rejects Quartz's `start/step`; write both as ranges.
    const quartz = fields
      .map((f, i) =>
        f === '?'
          ? '*'
          : f
              .split(',')
              .map((p) => p.replace(/^(\d+)\/(\d+)$/, `$1-${SPECS[i].max}/$2`))
              .join(','),
      )
      .join(' ');
    return new CronSchedule(expression, quartz, timeZone);
  }

  /** The first fire time strictly after `afterMs`, or null when the schedule never fires again. */
  nextFireAfter(afterMs: number): number | null {
    const next = this.cron.nextRun(new Date(afterMs));
    return next ? next.getTime() : null;
  }
}
