import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, describeConfig, loadConfig, publicUrlOf } from './config.js';
import { ConfigError } from './errors.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'switchboard-config-'));
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({ env: {}, cwd })).toEqual({
      SWITCHBOARD_DATA_DIR: path.join(cwd, '.switchboard'),
      PORT: 3000,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      DATABASE_POOL_SIZE: 10,
      SHUTDOWN_TIMEOUT_SECONDS: 10,
      WORKER_CONCURRENCY: 4,
      ENGINE_HEARTBEAT_SECONDS: 10,
      ENGINE_DEAD_WORKER_SECONDS: 45,
      MAIL_FROM: 'Switchboard <switchboard@localhost>',
      TASK_LINK_TTL_HOURS: 168,
      HTTP_MAX_RESPONSE_BYTES: 1_048_576,
      ANTHROPIC_MODEL: 'claude-sonnet-4-6',
      OPENAI_MODEL: 'gpt-4.1',
      MISTRAL_MODEL: 'mistral-medium-latest',
      LLM_TIMEOUT_SECONDS: 60,
      LLM_MAX_RETRIES: 2,
      LLM_MAX_RETRY_DELAY_SECONDS: 30,
      TEAMS_ALLOW_UNAUTHENTICATED: false,
    });
  });

  it('reads .env, with real environment variables taking precedence and empty values unset', async () => {
    const dir = await mkdtemp(path.join(cwd, 'dotenv-'));
    await writeFile(path.join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\nSWITCHBOARD_DATA_DIR=data\n');
    const config = loadConfig({ env: { LOG_LEVEL: 'warn', HOST: '' }, cwd: dir });
    expect(config).toMatchObject({
      PORT: 4000,
      LOG_LEVEL: 'warn',
      HOST: '0.0.0.0',
      SWITCHBOARD_DATA_DIR: path.join(dir, 'data'),
    });
  });

  it('takes PUBLIC_URL as the base of links, defaulting to localhost and PORT', () => {
    expect(publicUrlOf(loadConfig({ env: { PORT: '4100' }, cwd }))).toBe('http://localhost:4100');
    expect(publicUrlOf(loadConfig({ env: { PUBLIC_URL: 'https://sb.example.com/' }, cwd }))).toBe(
      'https://sb.example.com',
    );
    expect(() => loadConfig({ env: { PUBLIC_URL: 'ftp://sb.example.com' }, cwd })).toThrow(
      /PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('names every bad variable and the value it got', () => {
    const attempt = () => loadConfig({ env: { PORT: 'eighty', LOG_LEVEL: 'loud' }, cwd });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: must be a whole number from 0 to 65535 \(got "eighty"\)/);
    expect(attempt).toThrow(/LOG_LEVEL: must be one of debug, info, warn, error \(got "loud"\)/);
  });

  it('does not repeat the value of a secret variable in its message', () => {
    const attempt = () => loadConfig({ env: { DATABASE_URL: 'mysql://root:hunter2@db/app' }, cwd });
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\//);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('names LLM variables that do not fit together, without repeating keys', () => {
    const attempt = () =>
      loadConfig({ env: { LLM_PROVIDERS: 'anthropic,openai', OPENAI_API_KEY: 'sk-secret' }, cwd });
    expect(attempt).toThrow(/LLM_PROVIDERS: lists anthropic, which is not configured; set ANTHROPIC_API_KEY/);
    expect(attempt).not.toThrow(/sk-secret/);
  });

  it('takes TRUST_PROXY as a hop count or addresses, refusing what Express cannot compile', () => {
    expect(loadConfig({ env: { TRUST_PROXY: ' loopback, 10.0.0.0/8 ' }, cwd }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(loadConfig({ env: { TRUST_PROXY: '2' }, cwd }).TRUST_PROXY).toBe('2');
    expect(() => loadConfig({ env: { TRUST_PROXY: 'my-proxy.example' }, cwd })).toThrow(
      /TRUST_PROXY: must be a hop count/,
    );
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ env: { PORT: '70000' }, cwd })).toThrow(/PORT/);
  });

  it('refuses a dead-worker bound that a live worker could miss between heartbeats', () => {
    const attempt = () =>
      loadConfig({ env: { ENGINE_HEARTBEAT_SECONDS: '10', ENGINE_DEAD_WORKER_SECONDS: '15' }, cwd });
    expect(attempt).toThrow(
      /ENGINE_DEAD_WORKER_SECONDS: must be at least twice ENGINE_HEARTBEAT_SECONDS \(10\)/,
    );
  });
});

describe('configuration documentation', () => {
  it('gives every variable a description', () => {
    for (const entry of describeConfig()) expect(entry.description, entry.variable).not.toBe('');
  });

  it('lists every variable with its default in the README Configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const { variable, default: value } of describeConfig()) {
      const row = readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${variable}\`\\s*\\|`).test(line));
      expect(row, `README row for ${variable}`).toBeDefined();
      if (value !== undefined) expect(row, variable).toContain(`\`${value}\``);
    }
    expect(Object.keys(configSchema.shape).length).toBe(describeConfig().length);
  });
});
