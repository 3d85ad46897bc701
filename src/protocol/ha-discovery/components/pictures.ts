/** What the camera and image platforms share: Python's `base64.b64decode`. */

const ALPHABET = /[A-Za-z0-9+/]/;

/**
 * `base64.b64decode(payload)` as CPython's binascii decodes without validation: characters outside the
 * alphabet are skipped, a `=` ends the data once it completes a group of four, and data that ends mid-group
 * is an error. Returns the bytes, or binascii.Error's message.
 */
export function pythonB64decode(payload: Buffer): Buffer | string {
  const text = payload.toString('latin1');
  let data = '';
  let quadPos = 0;
  let pads = 0;
  let done = false;
  for (const ch of text) {
    if (ch === '=') {
      pads += quadPos >= 2 ? 1 : 0;
      if (quadPos >= 2 && quadPos + pads >= 4) {
        done = true;
        break;
      }
      continue;
    }
    if (!ALPHABET.test(ch)) continue;
    pads = 0;
    data += ch;
    quadPos = (quadPos + 1) % 4;
  }
  if (!done && quadPos === 1) return `Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`;
  if (!done && quadPos !== 0) return 'Incorrect padding';
  return Buffer.from(data, 'base64');
}
