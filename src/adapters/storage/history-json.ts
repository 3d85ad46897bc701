// History rows written straight to the UTF-8 bytes of their points' JSON: byte for byte what
// JSON.stringify gives for the HistoryPoint objects history() builds, without building them. A day of
// readings is thousands of points; as objects they cost more than the query (allocation, then
// JSON.stringify serialising the same attributes object again for every point, then UTF-8 encoding).
// Here the part of a point that repeats (the attributes, already serialised once per distinct text)
// is copied as bytes, and only the state, the value and the time are written per row.

/**
 * A history row as the reader's statement returns it (raw mode). `attributes` is 0 where the text equals
 * the first row's of the window (the statement leaves it out: see HISTORY_ROWS_SQL), else the JSON text.
 */
export type HistoryRow = [state: string, stateNum: number | null, attributes: string | 0 | null, ts: number];

/** The points of a window as JSON, and how many there are. */
export interface PointsJson {
  readonly count: number;
  readonly json: Buffer;
}

const DAY_MS = 86_400_000;
const OPEN = Buffer.from('{"state":');
const VALUE = Buffer.from(',"value":');
const NULL = Buffer.from('null');
const [COMMA, QUOTE, BRACE_CLOSE, BRACKET_OPEN, BRACKET_CLOSE, ZERO, COLON, DOT, LETTER_Z] = [
  0x2c, 0x22, 0x7d, 0x5b, 0x5d, 0x30, 0x3a, 0x2e, 0x5a,
];
/** room for one row besides its state, attributes and fallbacks: keys, quotes, the longest number text (24), the time (27) */
const ROW_SLACK = 96;

/** What JSON.stringify writes for parsed attributes, then the key of the time and its opening quote. */
function attributesTail(text: string | null): Buffer {
  return Buffer.from(`,"attributes":${text === null ? 'null' : JSON.stringify(JSON.parse(text))},"time":"`);
}

/** Printable ASCII that JSON.stringify writes as it is (no quote, backslash or control character). */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** Writes `s` (printable ASCII, one byte per character) at `off`; returns the new offset. */
function writeAscii(buf: Buffer, off: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[off++] = s.charCodeAt(i);
  return off;
}

/** Writes 0 ≤ n < 100 as two digits at `off`. */
function writeTwo(buf: Buffer, off: number, n: number): void {
  buf[off] = ZERO + ((n / 10) | 0);
  buf[off + 1] = ZERO + (n % 10);
}

/**
 * The JSON of the rows' points, as history() would answer them. `first` is the attributes text of the
 * first row (what 0 stands for); `iso` formats a time as history() does, used for times that are not
 * whole milliseconds (which the digits written here do not cover).
 */
export function pointsJson(rows: readonly HistoryRow[], first: string | null, iso: (ms: number) => string): PointsJson {
  // the attributes: the first row's text (most rows, as 0) and the last other text, each serialised once
  const firstTail = rows.length > 0 ? attributesTail(first) : NULL;
  // room for every row with the first row's attributes: one allocation for the usual window
  let buf = Buffer.allocUnsafe(rows.length * (ROW_SLACK + firstTail.length) + 2);
  let off = 0;
  let otherText: string | null | undefined;
  let otherTail: Buffer = NULL;
  // the date part of the time, once per day, as toISOString writes it (years beyond 9999 included)
  let day = NaN;
  let dayPrefix = '';

  buf[off++] = BRACKET_OPEN;
  for (let r = 0; r < rows.length; r++) {
    const [state, value, attributes, ts] = rows[r] as HistoryRow;
    let tail: Buffer;
    if (attributes === 0) tail = firstTail;
    else {
      if (attributes !== otherText) {
        otherText = attributes;
        otherTail = attributesTail(attributes);
      }
      tail = otherTail;
    }
    // what is not plain (escapes, non-ASCII, whatever else SQLite held) goes through JSON.stringify
    const stateJson = typeof state === 'string' && isPlain(state) ? undefined : JSON.stringify(state);
    const valueJson = typeof value === 'number' ? undefined : JSON.stringify(value);
    const timeText = Number.isInteger(ts) ? undefined : iso(ts);
    const need =
      ROW_SLACK +
      tail.length +
      (stateJson === undefined ? state.length : Buffer.byteLength(stateJson)) +
      (valueJson === undefined ? 0 : Buffer.byteLength(valueJson)) +
      (timeText?.length ?? 0);
    if (off + need + 1 > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, off + need + 1));
      buf.copy(bigger, 0, 0, off);
      buf = bigger;
    }

    if (r > 0) buf[off++] = COMMA;
    // TypedArray#set, not Buffer#copy: the copies are short and Buffer#copy's checks cost more than them
    buf.set(OPEN, off);
    off += OPEN.length;
    if (stateJson === undefined) {
      buf[off++] = QUOTE;
      off = writeAscii(buf, off, state);
      buf[off++] = QUOTE;
    } else off += buf.write(stateJson, off);
    buf.set(VALUE, off);
    off += VALUE.length;
    if (valueJson !== undefined) off += buf.write(valueJson, off);
    else if (Number.isFinite(value)) off = writeAscii(buf, off, String(value));
    else {
      buf.set(NULL, off);
      off += NULL.length;
    }
    buf.set(tail, off);
    off += tail.length;
    if (timeText === undefined) {
      const d = Math.floor(ts / DAY_MS);
      if (d !== day) {
        day = d;
        dayPrefix = new Date(d * DAY_MS).toISOString().slice(0, -13); // up to and including the 'T'
      }
      off = writeAscii(buf, off, dayPrefix);
      let rest = ts - d * DAY_MS;
      const h = (rest / 3_600_000) | 0;
      rest -= h * 3_600_000;
      const m = (rest / 60_000) | 0;
      rest -= m * 60_000;
      const s = (rest / 1000) | 0;
      const ms = rest - s * 1000;
      writeTwo(buf, off, h);
      buf[off + 2] = COLON;
      writeTwo(buf, off + 3, m);
      buf[off + 5] = COLON;
      writeTwo(buf, off + 6, s);
      buf[off + 8] = DOT;
      buf[off + 9] = ZERO + ((ms / 100) | 0);
      writeTwo(buf, off + 10, ms % 100);
      buf[off + 12] = LETTER_Z;
      off += 13;
    } else off += buf.write(timeText, off);
    buf[off++] = QUOTE;
    buf[off++] = BRACE_CLOSE;
  }
  buf[off++] = BRACKET_CLOSE; // the +1 of every row's room
  return { count: rows.length, json: buf.subarray(0, off) };
}
