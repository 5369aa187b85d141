/**
 * Cron schedules in words for the common patterns (every N minutes, hourly, daily, weekdays, some
 * days of the week, some days of the month, once a year). Anything else is shown as written.
 */
import type { Messages } from '../messages/catalogue.js';
import { list } from './inline.js';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Monday first, as people list working days.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

interface CronFields {
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
}

/** "every weekday at 09:00 (Europe/Paris)", or "on schedule `…` (tz)" for uncommon patterns. */
export function cronInWords(cron: string, timezone: string, m: Messages): string {
  const fields = splitCron(cron);
  const words = fields === null ? null : (intervalWords(fields, m) ?? calendarWords(fields, m));
  return words === null ? m.onSchedule(cron.trim(), timezone) : `${words} (${timezone})`;
}

function splitCron(cron: string): CronFields | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string];
  return { minute, hour, day, month, weekday };
}

/** Patterns that repeat within a day: every N minutes, every hour, every N hours. */
function intervalWords(f: CronFields, m: Messages): string | null {
  if (f.day !== '*' || f.month !== '*' || f.weekday !== '*') return null;
  const minuteStep = f.minute === '*' ? 1 : step(f.minute, 59);
  if (f.hour === '*' && minuteStep !== null)
    return minuteStep === 1 ? m.everyMinute : m.everyMinutes(minuteStep);
  const minute = number(f.minute, 0, 59);
  if (minute === null) return null;
  if (f.hour === '*') return m.everyHourAt(minute);
  const hourStep = step(f.hour, 23);
  if (hourStep === null) return null;
  return hourStep === 1 ? m.everyHourAt(minute) : m.everyHours(hourStep, minute);
}

/** Patterns at fixed times of day: daily, some weekdays, some days of the month, yearly. */
function calendarWords(f: CronFields, m: Messages): string | null {
  const times = timesOfDay(f.minute, f.hour, m);
  if (times === null) return null;
  const weekdays = f.day === '*' && f.month === '*' ? weekdaysOf(f.weekday) : null;
  if (weekdays !== null) return weekdayWords(weekdays, times, m);
  if (f.weekday !== '*') return null;
  const days = numbers(f.day, 1, 31);
  if (days === null) return null;
  if (f.month === '*') return m.monthlyAt(list(days.map(String), m), times, days.length);
  const months = monthsOf(f.month);
  if (months === null) return null;
  const monthNames = months.map((month) => m.months[month - 1] ?? String(month));
  return m.monthsAt(list(days.map(String), m), list(monthNames, m), times, days.length);
}

function weekdayWords(days: number[], times: string, m: Messages): string {
  if (days.length === 7) return m.everyDayAt(times);
  if (days.join() === '1,2,3,4,5') return m.everyWeekdayAt(times);
  return m.everyDaysAt(
    list(
      days.map((d) => m.weekdays[d] ?? String(d)),
      m,
    ),
    times,
  );
}

/** "09:00", "09:00 and 17:00" for one minute and a list of hours. */
function timesOfDay(minuteField: string, hourField: string, m: Messages): string | null {
  const minute = number(minuteField, 0, 59);
  const hours = numbers(hourField, 0, 23);
  if (minute === null || hours === null) return null;
  return list(
    hours.map((h) => `${pad(h)}:${pad(minute)}`),
    m,
  );
}

/** Days of the week in Monday-first order, or null for "*" and anything unreadable. */
function weekdaysOf(field: string): number[] | null {
  if (field === '*') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const range = part.split('-');
    const from = named(range[0] ?? '', DAY_NAMES, 0, 7);
    const to = range.length === 2 ? named(range[1] ?? '', DAY_NAMES, 0, 7) : from;
    if (from === null || to === null || range.length > 2 || to < from) return null;
    for (let d = from; d <= to; d++) days.add(d % 7);
  }
  return WEEK_ORDER.filter((d) => days.has(d));
}

/** Months as a list of numbers or names (`1,4,7,10`, `JAN`), ascending. */
function monthsOf(field: string): number[] | null {
  const months = field.split(',').map((part) => named(part, MONTH_NAMES, 1, 12));
  if (months.some((month) => month === null)) return null;
  return [...new Set(months as number[])].sort((a, b) => a - b);
}

/** `*\/N` (or `0/N`) → N. */
function step(field: string, max: number): number | null {
  const match = /^(?:\*|0)\/([0-9]{1,2})$/.exec(field);
  if (match === null) return null;
  const n = Number(match[1]);
  return n >= 1 && n <= max ? n : null;
}

function number(field: string, min: number, max: number): number | null {
  if (!/^[0-9]{1,2}$/.test(field)) return null;
  const n = Number(field);
  return n >= min && n <= max ? n : null;
}

/** A comma-separated list of numbers, ascending and without repeats. */
function numbers(field: string, min: number, max: number): number[] | null {
  const values = field.split(',').map((part) => number(part, min, max));
  if (values.some((v) => v === null)) return null;
  return [...new Set(values as number[])].sort((a, b) => a - b);
}

/** A number or an English three-letter name (`MON`, `jan`); names count from `first`. */
function named(field: string, names: string[], min: number, max: number): number | null {
  const index = names.indexOf(field.toLowerCase());
  if (index >= 0) return index + (min === 0 ? 0 : 1);
  return number(field, min, max);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
