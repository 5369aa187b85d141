import { describe, expect, it } from 'vitest';
import { DESCRIBE_MESSAGES } from '../messages/catalogue.js';
import { cronInWords } from './cron.js';

const { en, fr, de } = DESCRIBE_MESSAGES;

describe('cronInWords', () => {
  it.each([
    ['0 9 * * 1-5', 'every weekday at 09:00 (Europe/Paris)'],
    ['0 9 * * MON-FRI', 'every weekday at 09:00 (Europe/Paris)'],
    ['30 8 * * 1', 'every Monday at 08:30 (Europe/Paris)'],
    ['30 8 * * mon,thu', 'every Monday and Thursday at 08:30 (Europe/Paris)'],
    ['0 10 * * 6,0', 'every Saturday and Sunday at 10:00 (Europe/Paris)'],
    ['0 10 * * 7', 'every Sunday at 10:00 (Europe/Paris)'],
    ['*/15 * * * *', 'every 15 minutes (Europe/Paris)'],
    ['* * * * *', 'every minute (Europe/Paris)'],
    ['*/1 * * * *', 'every minute (Europe/Paris)'],
    ['5 * * * *', 'every hour at minute 5 (Europe/Paris)'],
    ['0 */6 * * *', 'every 6 hours at minute 0 (Europe/Paris)'],
    ['0 0 1 * *', 'at 00:00 on day 1 of every month (Europe/Paris)'],
    ['0 12 1,15 * *', 'at 12:00 on days 1 and 15 of every month (Europe/Paris)'],
    ['0 9 1 1,4,7,10 *', 'at 09:00 on day 1 of January, April, July and October (Europe/Paris)'],
    ['0 0 25 DEC *', 'at 00:00 on day 25 of December (Europe/Paris)'],
    ['0 9,17 * * *', 'every day at 09:00 and 17:00 (Europe/Paris)'],
    ['0 9 * * 0-6', 'every day at 09:00 (Europe/Paris)'],
  ])('says %s in words', (cron, words) => {
    expect(cronInWords(cron, 'Europe/Paris', en)).toBe(words);
  });

  it.each([
    '0 9-17 * * 1-5',
    '0 9 * * 1#2',
    '0 9 L * *',
    '15,45 9 * * *',
    '0 9 1 * 1',
    '0 0 0 1 1 *',
    '61 9 * * *',
    '0 24 * * *',
    '0 9 * * 5-1',
  ])('shows %s as written when it is not a common pattern', (cron) => {
    expect(cronInWords(cron, 'UTC', en)).toBe(`on schedule \`${cron}\` (UTC)`);
  });

  it('speaks French and German', () => {
    expect(cronInWords('0 9 * * 1-5', 'Europe/Paris', fr)).toBe(
      'du lundi au vendredi à 09:00 (Europe/Paris)',
    );
    expect(cronInWords('30 8 * * 1', 'Europe/Berlin', de)).toBe('jeden Montag um 08:30 (Europe/Berlin)');
    expect(cronInWords('0 0 1 * *', 'UTC', fr)).toBe('à 00:00 le jour 1 de chaque mois (UTC)');
    expect(cronInWords('*/15 * * * *', 'UTC', de)).toBe('alle 15 Minuten (UTC)');
  });
});
