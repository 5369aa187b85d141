/**
 * Well-formed values the schema cannot check by pattern alone: cron expressions, time zones,
 * people and places, HTTP URLs. (Durations and credential names are patterns; the schema check
 * reports them under `duration.invalid` and `credential.invalid`.)
 */
import { CronPattern } from 'croner';
import { parseReference, REFERENCE_FORMS } from '../reference.js';
import { closest } from './closest.js';
import type { DocumentModel } from './model.js';
import type { Report } from './problems.js';
import { nodeLabel, placeOf, quoteText } from './wording.js';

// ---------------------------------------------------------------------------------------------
// Schedules

const CRON_NICKNAMES: ReadonlyMap<string, string> = new Map([
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
]);

const CRON_FIELDS = 'minute hour day-of-month month day-of-week, such as "0 9 * * 1-5" (09:00 on weekdays)';

/** Days in each month, February counted with 29 so that leap days are possible. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function checkSchedule(model: DocumentModel, report: Report): void {
  const trigger = model.trigger;
  if (trigger?.type !== 'schedule') return;
  if (typeof trigger.cron === 'string') checkCron(model, trigger.cron, report);
  if (typeof trigger.timezone === 'string') checkTimezone(model, trigger.timezone, report);
}

function checkCron(model: DocumentModel, cron: string, report: Report): void {
  const pointer = '/trigger/cron';
  const place = placeOf(model, pointer);
  const expression = cron.trim();
  const nickname = CRON_NICKNAMES.get(expression.toLowerCase());
  if (nickname !== undefined) {
    report(
      'cron.invalid',
      pointer,
      `${place} is ${quoteText(cron)}; write the 5 fields instead: "${nickname}".`,
    );
    return;
  }
  const fields = expression === '' ? [] : expression.split(/\s+/);
  if (fields.length !== 5) {
    const seconds = fields.length === 6 ? ' Seconds are not supported: drop the first field.' : '';
    report(
      'cron.invalid',
      pointer,
      `${place} has ${fields.length} fields (${quoteText(cron)}), but a schedule needs exactly 5: ${CRON_FIELDS}.${seconds}`,
    );
    return;
  }
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(expression, undefined, { mode: '5-part' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    report(
      'cron.invalid',
      pointer,
      `${place} is not a valid cron expression (${quoteText(cron)}): ${reason}. Write ${CRON_FIELDS}.`,
    );
    return;
  }
  if (neverFires(pattern)) {
    report(
      'cron.never_fires',
      pointer,
      `${place} (${quoteText(cron)}) names only days that do not exist, so the schedule never fires. Use a day that every chosen month has, or "L" for the last day of the month.`,
    );
  }
}

/** Only days of the month are restricted, and none of them exists in any chosen month. */
function neverFires(pattern: CronPattern): boolean {
  if (pattern.starDOM || !pattern.starDOW || pattern.lastDayOfMonth) return false;
  if (pattern.nearestWeekdays.some((flag) => flag !== 0)) return false;
  return !pattern.month.some(
    (monthOn, month) =>
      monthOn !== 0 && pattern.day.some((dayOn, day) => dayOn !== 0 && day < DAYS_IN_MONTH[month]!),
  );
}

let timeZones: Set<string> | undefined;

function supportedTimeZones(): Set<string> {
  timeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return timeZones;
}

/** The canonical name Intl gives a time zone, or undefined when Intl does not know it. */
function resolveTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function checkTimezone(model: DocumentModel, timezone: string, report: Report): void {
  const pointer = '/trigger/timezone';
  const place = placeOf(model, pointer);
  const zones = supportedTimeZones();
  if (zones.has(timezone)) return;
  const resolved = resolveTimeZone(timezone);
  if (resolved !== undefined && (timezone === 'UTC' || timezone.startsWith('Etc/'))) return;
  if (resolved !== undefined && resolved.toLowerCase() === timezone.toLowerCase()) {
    report('timezone.invalid', pointer, `${place} is ${quoteText(timezone)}; write it as "${resolved}".`);
    return;
  }
  if (resolved !== undefined) {
    report(
      'timezone.alias',
      pointer,
      `${place} is ${quoteText(timezone)}, an old alias of "${resolved}". Write "${resolved}" (or the IANA name of the region meant).`,
    );
    return;
  }
  const near = closest(timezone, zones);
  const hint = near === undefined ? '' : ` Did you mean "${near}"?`;
  report(
    'timezone.invalid',
    pointer,
    `${place} is ${quoteText(timezone)}, which is not an IANA time zone.${hint} Write a name such as "Europe/Paris", "America/New_York" or "UTC" (not an abbreviation like "CET" or an offset like "+01:00").`,
  );
}

// ---------------------------------------------------------------------------------------------
// People and places

export function checkReferences(model: DocumentModel, report: Report): void {
  for (const node of model.nodes) {
    for (const site of node.references) {
      const reference = site.reference;
      if (parseReference(reference) !== null) continue;
      if (site.acceptsAddress === true && parseReference(`email:${reference}`) !== null) continue;
      const pointer = `${node.pointer}${site.pointer}`;
      const extra =
        site.acceptsAddress === true
          ? ', a plain email address, or a template such as "{{ trigger.email }}"'
          : '';
      report(
        'reference.invalid',
        pointer,
        `${placeOf(model, pointer)} is ${quoteText(reference)}, which is not a person or place.${referenceHint(reference)} Write one of: ${REFERENCE_FORMS}${extra}.`,
      );
    }
  }
}

/** A likely intended form for common mistakes. */
function referenceHint(reference: string): string {
  const suggest = (fixed: string) => (parseReference(fixed) === null ? '' : ` Did you mean "${fixed}"?`);
  if (/^[^\s:@]+@[^\s@]+$/.test(reference)) return suggest(`email:${reference}`);
  const platform = /^(slack|teams):([A-Za-z0-9][^/]*)$/.exec(reference);
  if (platform !== null) {
    const kind = /^[CG]/.test(platform[2]!) ? 'channel' : 'user';
    return suggest(`${platform[1]}:${kind}/${platform[2]}`);
  }
  if (/^group:/i.test(reference))
    return suggest(`group:${reference.slice(6).toLowerCase().replaceAll(' ', '_')}`);
  if (/^[@#]/.test(reference)) {
    return ' Chat references use ids, not names: slack:user/U123ABC for a person, slack:channel/C123ABC for a channel.';
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// HTTP URLs

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** `localhost:8080/x` and `api.example.com:443`: a host and port, not a scheme. */
const HOST_PORT = /^[a-z0-9.-]+:\d/i;

export function checkHttpUrls(model: DocumentModel, report: Report): void {
  for (const node of model.nodes) {
    if (node.type !== 'http' || typeof node.raw.url !== 'string') continue;
    const url = node.raw.url;
    const pointer = `${node.pointer}/url`;
    const place = `${nodeLabel(node)} field "url"`;
    const problem = urlProblem(url);
    if (problem !== undefined) {
      report('url.invalid', pointer, `${place} is ${quoteText(url)}: ${problem}`);
      continue;
    }
    if (/^https?:\/\/[^/?#{}]*@/i.test(url.trim())) {
      report(
        'url.credentials',
        pointer,
        `${place} carries a user name or password before "@". Store the secret as a credential and name it in "auth": { "credential": "<name>" }, so it is encrypted and never shown.`,
      );
    }
  }
}

/** Why `url` is not an absolute http(s) URL or a template giving one; undefined when it is fine. */
function urlProblem(url: string): string | undefined {
  const hole = url.indexOf('{{');
  const literal = hole < 0 ? url : url.slice(0, hole);
  if (hole === 0) return undefined; // The whole URL comes from data; it is checked when the step runs.
  if (/\s/.test(literal.trim()) || literal !== literal.trimStart()) {
    return 'a URL cannot contain spaces. Encode them as %20, or put the value in "query".';
  }
  const scheme = HOST_PORT.test(literal) ? undefined : SCHEME.exec(literal)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return hole < 0 || literal.length > 0
      ? 'it must be an absolute URL that starts with "https://" (or "http://"), such as "https://api.example.com/v1/items".'
      : undefined;
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return `the "${scheme}:" scheme is not allowed; HTTP steps call http:// or https:// URLs only.`;
  }
  if (!/^https?:\/\//i.test(literal)) {
    return `write the scheme with two slashes: "${scheme}://".`;
  }
  if (hole >= 0) return undefined; // The rest is filled in at run time.
  try {
    const parsed = new URL(url);
    if (parsed.hostname === '') return 'it has no host name after "://".';
  } catch {
    return 'it is not a valid URL. Check the host name and the characters used.';
  }
  return undefined;
}
