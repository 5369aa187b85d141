import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4 } from 'node:net';

/**
 * A self-signed TLS certificate for local HTTPS fakes, built with node:crypto alone (no openssl,
 * no dependency): an X.509 v3 certificate for an ECDSA P-256 key whose subject alternative names
 * are the given host names and IPv4 addresses. A client trusts it by adding `certificate` to its
 * CAs — a self-signed certificate is its own trust anchor.
 */

export interface SelfSignedCertificate {
  /** PEM of the certificate: what the server presents and the client trusts. */
  certificate: string;
  /** PEM (PKCS #8) of the private key. */
  key: string;
}

/** A certificate valid from an hour ago for a day, for `names` (DNS names or IPv4 addresses). */
export function selfSignedCertificate(names: string[]): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String(names[0] ?? 'localhost'))));
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER
  const subjectAltName = sequence(
    ...names.map(
      (entry) =>
        isIPv4(entry)
          ? tagged(0x87, Buffer.from(entry.split('.').map(Number))) // [7] iPAddress
          : tagged(0x82, Buffer.from(entry, 'ascii')), // [2] dNSName
    ),
  );
  const tbsCertificate = sequence(
    tagged(0xa0, integer(Buffer.from([2]))), // version: v3
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tagged(0xa3, sequence(sequence(oid('2.5.29.17'), tagged(0x04, subjectAltName)))),
  );
  const signature = sign('sha256', tbsCertificate, privateKey); // DER-encoded ECDSA signature
  const der = sequence(
    tbsCertificate,
    ecdsaWithSha256,
    tagged(0x03, Buffer.concat([Buffer.from([0]), signature])),
  );
  const base64 = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return {
    certificate: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

// DER (ITU-T X.690) encoding: tag, length, contents.

function tagged(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const sequence = (...contents: Buffer[]) => tagged(0x30, ...contents);
const set = (...contents: Buffer[]) => tagged(0x31, ...contents);
const utf8String = (text: string) => tagged(0x0c, Buffer.from(text, 'utf8'));
const integer = (bytes: Buffer) => tagged(0x02, bytes);

function utcTime(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(2, 14); // YYMMDDhhmmss
  return tagged(0x17, Buffer.from(`${digits}Z`, 'ascii'));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tagged(0x06, Buffer.from(bytes));
}
