import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { claimSlackKey } from '../../store/index.js';
import type { WithTenant } from './messages.js';
import type { SlackWorkspace } from './workspace.js';

/**
 * The gate of `POST /slack/events`, before Bolt sees a request: the `v0` signature over
 * timestamp and body with the signing secret, a timestamp within 5 minutes of now, the request
 * not seen before (its signature is recorded in the database until the window has passed, so
 * every web process refuses a replay), and the workspace the adapter serves. Refused requests
 * change nothing. The raw body is handed on as `req.rawBody`, which Bolt's receiver reads (and
 * checks the signature of again).
 */

export interface SlackGuardOptions {
  signingSecret: string;
  workspace: SlackWorkspace;
  withTenant: WithTenant;
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /** Largest body accepted; default 1 MiB. */
  maxBodyBytes?: number;
  onRefused?: (reason: string, details: Record<string, unknown>) => void;
}

/** How far a request's timestamp may be from now. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function slackRequestGuard(options: SlackGuardOptions): RequestHandler {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  return async (req, res, next) => {
    try {
      const raw = await readBody(req, maxBodyBytes);
      if (raw === null) return refuse(res, 413, 'SLACK_BODY_TOO_LARGE', 'The request body is too large.');
      const problem = signatureProblem(req, raw, options.signingSecret, now());
      if (problem) {
        options.onRefused?.('signature', { problem });
        return refuse(res, 401, 'SLACK_SIGNATURE_INVALID', problem);
      }
      const body = parseBody(raw.toString('utf8'), String(req.headers['content-type'] ?? ''));
      if (body === null)
        return refuse(res, 400, 'SLACK_BODY_INVALID', 'The request body is not a Slack payload.');
      const team = teamOfBody(body);
      if (!isHandshake(body) && team !== options.workspace.teamId) {
        options.onRefused?.('team', { team: team ?? null });
        return refuseTeam(res, body, options.workspace.teamId, team);
      }
      const signature = String(req.headers['x-slack-signature']);
      const expiresAt = new Date(
        (Number(req.headers['x-slack-request-timestamp']) + SIGNATURE_WINDOW_SECONDS + 60) * 1000,
      );
      const fresh = await options.withTenant(options.workspace.tenantId, (tx) =>
        claimSlackKey(tx, `signature:${signature}`, expiresAt),
      );
      if (!fresh) {
        options.onRefused?.('replay', {});
        return refuse(
          res,
          401,
          'SLACK_REQUEST_REPLAYED',
          'This request was received before; it is not accepted again.',
        );
      }
      (req as Request & { rawBody?: Buffer }).rawBody = raw;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Why the signature or timestamp is not acceptable, or null when they are. */
export function signatureProblem(
  req: Request,
  raw: Buffer,
  signingSecret: string,
  nowMs: number,
): string | null {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') {
    return 'The request is not signed (x-slack-signature and x-slack-request-timestamp are required).';
  }
  if (!/^\d{1,12}$/.test(timestamp)) return 'x-slack-request-timestamp is not a Unix time.';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return 'The request timestamp is more than 5 minutes from now.';
  }
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`;
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
    return 'The request signature does not match; check SLACK_SIGNING_SECRET.';
  }
  return null;
}

/** The team a Slack payload comes from: events and commands say `team_id`, interactions `team.id`. */
export function teamOfBody(body: Record<string, unknown>): string | undefined {
  const team = body.team as { id?: unknown } | null | undefined;
  const user = body.user as { team_id?: unknown } | null | undefined;
  const candidates = [body.team_id, team?.id, user?.team_id];
  return candidates.find((value): value is string => typeof value === 'string' && value !== '');
}

/** The message for a request from a workspace the adapter does not serve. */
export function otherTeamMessage(servedTeam: string, team: string | undefined): string {
  return (
    `This Switchboard is connected to the Slack workspace ${servedTeam}, not ${team ?? 'an unknown one'}; ` +
    'requests from other workspaces are refused. Install a Switchboard of its own for that workspace.'
  );
}

function refuseTeam(
  res: Response,
  body: Record<string, unknown>,
  servedTeam: string,
  team: string | undefined,
) {
  const message = otherTeamMessage(servedTeam, team);
  // A slash command shows the answer to the person who typed it.
  if (typeof body.command === 'string') {
    res.status(200).json({ response_type: 'ephemeral', text: message });
    return;
  }
  refuse(res, 403, 'SLACK_WORKSPACE_REFUSED', message);
}

function isHandshake(body: Record<string, unknown>): boolean {
  return body.type === 'url_verification' || body.ssl_check !== undefined;
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

async function readBody(req: Request, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A Slack body: JSON (events) or a form, whose `payload` field holds JSON (interactions). */
export function parseBody(text: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(text));
      return typeof form.payload === 'string' ? asObject(JSON.parse(form.payload)) : form;
    }
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
