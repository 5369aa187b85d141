import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server for tests of email steps: it speaks real SMTP on 127.0.0.1, collects every
 * message it accepts (envelope, parsed headers and bodies, raw source) and can be told to answer
 * the next transactions with an error (4xx or 5xx) at MAIL FROM, RCPT TO or DATA.
 */

export interface ReceivedMail {
  /** The SMTP envelope: who the server was told the mail is from and to. */
  envelope: { from: string; to: string[] };
  messageId: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  parsed: ParsedMail;
  raw: string;
}

export type SmtpStage = 'mail' | 'rcpt' | 'data';

export interface SmtpFailure {
  stage: SmtpStage;
  /** SMTP reply code, e.g. 451 (try later) or 550 (refused). */
  code: number;
  message?: string;
  /** How many transactions fail this way; default 1. */
  times?: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Answers the next transaction(s) with an error at `stage`. */
  failNext(failure: SmtpFailure): void;
  close(): Promise<void>;
}

/** Starts an SMTP sink on 127.0.0.1 and a free port (no TLS, no authentication required). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const failures: SmtpFailure[] = [];

  const failure = (stage: SmtpStage): Error | null => {
    const next = failures[0];
    if (next?.stage !== stage) return null;
    next.times = (next.times ?? 1) - 1;
    if (next.times <= 0) failures.shift();
    const error = new Error(next.message ?? `Scripted failure ${next.code}`) as Error & {
      responseCode: number;
    };
    error.responseCode = next.code;
    return error;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      callback(failure('mail'));
    },
    onRcptTo(_address, _session, callback) {
      callback(failure('rcpt'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const error = failure('data');
        if (error) {
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              messageId: parsed.messageId,
              subject: parsed.subject,
              text: parsed.text,
              html: parsed.html === false ? undefined : parsed.html,
              parsed,
              raw,
            });
            callback();
          },
          (parseError: Error) => callback(parseError),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext(next) {
      failures.push({ ...next });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
