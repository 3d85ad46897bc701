// What an environment keeps for its templates between renders, handed to every builtin a render calls (and
// to host functions): compiled regular expressions and the formatters behind %Z. Each is made when first used,
// so an environment whose templates use neither costs two fields.
import { ByteLru } from './lru.js';
import { ZoneNames } from './zone-names.js';

/**
 * What a compiled regular expression is taken to hold, by its key (the pattern and its flags): V8's RegExp and
 * its bytecode come to about 1.5 KB for a short pattern plus some 14 bytes per character of it (measured with
 * heap figures around 3,000 compiles and matches of patterns from 8 to 1,024 characters).
 */
export const regexBytes = (key: string): number => 1536 + 16 * key.length;

/** 256 KiB: some 150 short patterns (the process-wide cache this replaced kept 256 of any length). */
export const DEFAULT_REGEX_CACHE_BYTES = 256 * 1024;

export class TemplateCaches {
  private regexCache: ByteLru<RegExp> | undefined;
  private zoneNameCache: ZoneNames | undefined;

  constructor(readonly regexCacheBytes: number = DEFAULT_REGEX_CACHE_BYTES) {}

  /** compiled regular expressions (regex.ts), bounded by `regexCacheBytes` */
  get regexes(): ByteLru<RegExp> {
    this.regexCache ??= new ByteLru<RegExp>(this.regexCacheBytes, regexBytes);
    return this.regexCache;
  }

  /** the formatters that name the local zone for %Z (datetime.ts strftime) */
  get zoneNames(): ZoneNames {
    this.zoneNameCache ??= new ZoneNames();
    return this.zoneNameCache;
  }
}
