// Who may connect to the embedded broker and what it refuses to subscribe to.
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../core/logger.js';
import type { Credentials } from './credentials.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function matches(creds: Credentials, username: string | undefined, password: Buffer | undefined): boolean {
  return (
    username !== undefined &&
    password !== undefined &&
    safeEqual(Buffer.from(username), Buffer.from(creds.username)) &&
    safeEqual(password, Buffer.from(creds.password))
  );
}

function refuse(message: string, returnCode: 4 | 5): AuthenticateError {
  const err = new Error(message) as AuthenticateError;
  err.returnCode = returnCode;
  return err;
}

/**
 * `required`: every client logs in with them. Otherwise loopback clients may be anonymous and clients on
 * other hosts log in with `remote` (refused when there is none). A refused client gets CONNACK 5 (not
 * authorised), as from Mosquitto 2 for a missing or wrong password under MQTT 3.1.1.
 */
export function authenticator(
  policy: { required?: Credentials | undefined; remote?: Credentials | undefined },
  log: Logger,
) {
  const warned = new Set<string>();
  return (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void,
  ): void => {
    const address = (client.conn as { remoteAddress?: string }).remoteAddress;
    const creds = policy.required ?? (isLoopback(address) ? undefined : policy.remote);
    const trusted = creds === undefined && policy.required === undefined && isLoopback(address);
    if (trusted || (creds !== undefined && matches(creds, username, password))) {
      done(null, true);
      return;
    }
    if (address !== undefined && !warned.has(address) && warned.size < 1_000) {
      warned.add(address);
      log.warn(
        creds === undefined
          ? 'embedded broker refused a client from another host: set broker_username and broker_password and give them to the device'
          : 'embedded broker refused a client without the right username and password (see the panel or the broker credentials in the data folder)',
        { address, client: client.id, username: username ?? null },
      );
    }
    done(
      refuse(
        username === undefined ? 'not authorised: log in with a username and password' : 'bad username or password',
        5,
      ),
      null,
    );
  };
}

/** Shared subscriptions ($share/…) are Mosquitto's: refused (SUBACK 0x80) rather than taken as a literal topic. */
export function subscriptionGuard(log: Logger): NonNullable<AedesOptions['authorizeSubscribe']> {
  return (client, sub, done) => {
    if (sub.topic.startsWith('$share/')) {
      log.warn('embedded broker refused a shared subscription: use Mosquitto for $share/ subscriptions', {
        client: client.id,
        topic: sub.topic,
      });
      return done(null, null);
    }
    done(null, sub);
  };
}
