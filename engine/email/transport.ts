import { createTransport, type Transporter } from 'nodemailer';

/** The SMTP transport of `smtpUrl` with every wait bounded by `timeoutMs`; undefined without a URL. */
export function createSmtpTransport(smtpUrl: string | undefined, timeoutMs: number): Transporter | undefined {
  if (!smtpUrl) return undefined;
  return createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}
