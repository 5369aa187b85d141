import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';
import { teamsConnectorOf } from './teams.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'switchboard-teams-config-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

const ID = '6f0d3a8e-1111-4c2b-9d7e-000000000001';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const load = (env: Record<string, string>) => loadConfig({ env, cwd });

describe('Teams configuration', () => {
  it('leaves Teams off without any TEAMS_ variable', () => {
    expect(teamsConnectorOf(load({}))).toBeUndefined();
  });

  it('turns production mode on with client id and secret (and tenant)', () => {
    const connector = teamsConnectorOf(
      load({ TEAMS_CLIENT_ID: ID, TEAMS_CLIENT_SECRET: 's3cret', TEAMS_TENANT_ID: TENANT }),
    );
    expect(connector).toMatchObject({ mode: 'production', allowedTenant: TENANT });
  });

  it('turns unauthenticated local mode on only when TEAMS_ALLOW_UNAUTHENTICATED=true', () => {
    expect(teamsConnectorOf(load({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }))?.mode).toBe('local');
    expect(teamsConnectorOf(load({ TEAMS_ALLOW_UNAUTHENTICATED: 'false' }))).toBeUndefined();
    expect(() => load({ TEAMS_ALLOW_UNAUTHENTICATED: 'yes' })).toThrow(
      /TEAMS_ALLOW_UNAUTHENTICATED: must be true or false/,
    );
  });

  it('stops start-up naming the missing variable when only some credentials are set', () => {
    expect(() => load({ TEAMS_CLIENT_ID: ID })).toThrow(
      /TEAMS_CLIENT_SECRET: is required when TEAMS_CLIENT_ID is set/,
    );
    expect(() => load({ TEAMS_CLIENT_SECRET: 'x', TEAMS_TENANT_ID: TENANT })).toThrow(
      /TEAMS_CLIENT_ID: is required/,
    );
    expect(() => load({ TEAMS_TENANT_ID: TENANT })).toThrow(ConfigError);
  });

  it('refuses local mode together with credentials', () => {
    expect(() =>
      load({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', TEAMS_CLIENT_ID: ID, TEAMS_CLIENT_SECRET: 'x' }),
    ).toThrow(
      /TEAMS_ALLOW_UNAUTHENTICATED: must not be true together with TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET/,
    );
  });

  it('never shows the client secret in messages', () => {
    expect(() => load({ TEAMS_CLIENT_SECRET: 'hunter2' })).toThrow(
      /^(?![\s\S]*hunter2)[\s\S]*TEAMS_CLIENT_ID/,
    );
  });

  it('takes the Entra authority of a sovereign cloud from TEAMS_AUTHORITY_URL, https only', () => {
    const credentials = { TEAMS_CLIENT_ID: ID, TEAMS_CLIENT_SECRET: 's3cret', TEAMS_TENANT_ID: TENANT };
    const connector = teamsConnectorOf(
      load({ ...credentials, TEAMS_AUTHORITY_URL: 'https://login.microsoftonline.us' }),
    );
    expect(connector?.adapter.connectionManager.getDefaultConnectionConfiguration()).toMatchObject({
      authorityEndpoint: 'https://login.microsoftonline.us',
    });
    expect(() => load({ ...credentials, TEAMS_AUTHORITY_URL: 'http://login.microsoftonline.us' })).toThrow(
      /TEAMS_AUTHORITY_URL: must be an https:\/\/ URL/,
    );
  });

  it('checks the id formats', () => {
    expect(() => load({ TEAMS_CLIENT_ID: 'my-bot', TEAMS_CLIENT_SECRET: 'x' })).toThrow(
      /TEAMS_CLIENT_ID: must be the Microsoft App ID/,
    );
  });
});
