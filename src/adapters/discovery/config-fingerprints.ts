import * as crypto from 'node:crypto';

/** what tells a repeated config from a changed one: a SHA-1 of its canonical JSON (crypto.hash where Node has it, ≥ 20.12) */
const sha1: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(alg: string, data: string, enc: string): string }).hash('sha1', text, 'base64')
    : (text) => crypto.createHash('sha1').update(text).digest('base64');
const digest = (config: unknown): string => sha1(JSON.stringify(config));

/**
 * The config each discovery key's entity was built from, to tell a repeated config (nothing to do) from a
 * changed one. The config object is kept until another config for the key comes to be compared, and only
 * then replaced by its digest (28 characters): in a storm or a restart most keys never see a second config,
 * and until then the object is the one the entity record holds anyway.
 */
export class ConfigFingerprints {
  private readonly last = new Map<string, string | Record<string, unknown>>();

  /** whether `config` is the one `key`'s entity was built from; the digest taken, if any, comes back for remember() */
  repeats(key: string, config: Record<string, unknown>): { same: boolean; digest: string } {
    const d = digest(config);
    let last = this.last.get(key);
    if (last !== undefined && typeof last !== 'string') this.last.set(key, (last = digest(last)));
    return { same: last === d, digest: d };
  }

  /** the config (or its digest) `key`'s entity is now built from */
  remember(key: string, configOrDigest: string | Record<string, unknown>): void {
    this.last.set(key, configOrDigest);
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
