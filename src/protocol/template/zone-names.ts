// The tz database abbreviation Python prints for %Z (CEST, EDT, BST…) of the process time zone: Intl gives it
// in the locale that uses it, "GMT+2" elsewhere, so the locales are tried in turn.

const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN', 'en-ZA', 'en-CA'];

/**
 * What one Intl.DateTimeFormat is taken to hold: about 30 KB, almost all of it ICU's formatter, calendar and
 * zone outside V8's heap (resident memory measured around 14,000 of these formatters on Node 20).
 */
export const FORMATTER_BYTES = 32 * 1024;

/** The formatters of an environment: at most one per locale tried, made when first needed. */
export class ZoneNames {
  private readonly formats: (Intl.DateTimeFormat | undefined)[] = [];
  /** a count bound: the locales are a fixed list, so nothing is ever let go */
  readonly maxBytes = ABBREVIATION_LOCALES.length * FORMATTER_BYTES;

  /** The abbreviation of the local zone at `when`, undefined when no locale has one (tzdata's "+04"). */
  abbreviation(when: Date): string | undefined {
    for (let i = 0; i < ABBREVIATION_LOCALES.length; i++) {
      let format = this.formats[i];
      if (format === undefined) {
        format = new Intl.DateTimeFormat(ABBREVIATION_LOCALES[i], { timeZoneName: 'short' });
        this.formats[i] = format;
      }
      const name = format.formatToParts(when).find((p) => p.type === 'timeZoneName')?.value;
      if (name !== undefined && /^[A-Z]{2,5}$/.test(name)) return name;
    }
    return undefined;
  }

  /** the formatters made so far */
  get size(): number {
    return this.formats.length;
  }

  /** the estimated bytes they hold (see FORMATTER_BYTES) */
  get bytes(): number {
    return this.formats.length * FORMATTER_BYTES;
  }
}
