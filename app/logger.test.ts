import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(format: 'json' | 'pretty', level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({
    format,
    level,
    stream: { write: (line: string) => lines.push(line) },
    now: () => new Date('2030-01-02T03:04:05.678Z'),
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, lines } = capture('json');
    logger.child({ component: 'store' }).info('started', { port: 5432 });
    expect(lines).toEqual([
      '{"time":"2030-01-02T03:04:05.678Z","level":"info","msg":"started","component":"store","port":5432}\n',
    ]);
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture('json', 'warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['c', 'd']);
  });

  it('masks secret-looking fields and summarises errors', () => {
    const { logger, lines } = capture('json');
    const error = Object.assign(new Error('nope'), { code: 'E_NOPE' });
    logger.error('failed', { password: 'hunter2', apiKey: 'k', error });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      password: '[redacted]',
      apiKey: '[redacted]',
      error: { name: 'Error', message: 'nope', code: 'E_NOPE' },
    });
  });

  it('writes readable lines in pretty format', () => {
    const { logger, lines } = capture('pretty');
    logger.warn('slow query', { ms: 120, sql: 'SELECT 1' });
    expect(lines).toEqual(['03:04:05.678 WARN  slow query ms=120 sql="SELECT 1"\n']);
  });
});
