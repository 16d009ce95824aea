/**
 * The schedules an admin picks from, as cron expressions in the Apex Scheduler's syntax
 * (`Seconds Minutes Hours Day_of_month Month Day_of_week`), and back: an expression that is none
 * of them is `custom`.
 */
export type Repeat = 'none' | 'quarter' | 'hourly' | 'daily' | 'weekdays' | 'custom';

export interface Schedule {
  repeat: Repeat;
  /** The hour (0–23) of a daily or weekday schedule. */
  hour: number;
  /** The expression itself: what `custom` edits. */
  cron: string;
}

export const REPEATS: readonly { value: Repeat; label: string }[] = [
  { value: 'none', label: 'Not scheduled (on demand only)' },
  { value: 'quarter', label: 'Every 15 minutes' },
  { value: 'hourly', label: 'Every hour' },
  { value: 'daily', label: 'Every day at' },
  { value: 'weekdays', label: 'Weekdays (Monday to Friday) at' },
  { value: 'custom', label: 'Custom cron expression' },
];

const FIXED: Partial<Record<Repeat, string>> = {
  quarter: '0 0/15 * * * ?',
  hourly: '0 0 * * * ?',
};
const DAILY = /^0 0 (\d{1,2}) \* \* \?$/;
const WEEKDAYS = /^0 0 (\d{1,2}) \? \* MON-FRI$/i;

/** The expression of a schedule; empty for none. */
export function toCron(schedule: Schedule): string {
  const hour = Math.min(23, Math.max(0, Math.trunc(schedule.hour)));
  switch (schedule.repeat) {
    case 'none':
      return '';
    case 'daily':
      return `0 0 ${hour} * * ?`;
    case 'weekdays':
      return `0 0 ${hour} ? * MON-FRI`;
    case 'custom':
      return schedule.cron.trim();
    default:
      return FIXED[schedule.repeat] ?? '';
  }
}

/** The schedule an expression is: one of the presets, or custom. */
export function fromCron(cron: string | null | undefined): Schedule {
  const text = (cron ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return { repeat: 'none', hour: 2, cron: '' };
  const fixed = (Object.keys(FIXED) as Repeat[]).find((repeat) => FIXED[repeat] === text);
  if (fixed) return { repeat: fixed, hour: 2, cron: text };
  const daily = DAILY.exec(text) ?? undefined;
  if (daily && Number(daily[1]) < 24)
    return { repeat: 'daily', hour: Number(daily[1]), cron: text };
  const weekdays = WEEKDAYS.exec(text) ?? undefined;
  if (weekdays && Number(weekdays[1]) < 24) {
    return { repeat: 'weekdays', hour: Number(weekdays[1]), cron: text };
  }
  return { repeat: 'custom', hour: 2, cron: text };
}
