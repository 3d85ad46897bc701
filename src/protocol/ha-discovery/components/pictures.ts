/** What the camera and image platforms share: Python's `base64.b64decode`. */

/** whether a byte is one of base64's 64 data characters */
function isDataByte(b: number): boolean {
  return (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 43 || b === 47;
}

const PAD = 61; // '='

/**
 * `base64.b64decode(payload)` as CPython's binascii decodes without validation: characters outside the
 * alphabet are skipped, a `=` ends the data once it completes a group of four, and data that ends mid-group
 * is an error. Returns the bytes, or binascii.Error's message. Works on the bytes (a camera frame is
 * megabytes): the data characters are gathered into one buffer and decoded once.
 */
export function pythonB64decode(payload: Buffer): Buffer | string {
  const data = Buffer.allocUnsafe(payload.length);
  let count = 0;
  let quadPos = 0;
  let pads = 0;
  let done = false;
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i] as number;
    if (b === PAD) {
      pads += quadPos >= 2 ? 1 : 0;
      if (quadPos >= 2 && quadPos + pads >= 4) {
        done = true;
        break;
      }
      continue;
    }
    if (!isDataByte(b)) continue;
    pads = 0;
    data[count++] = b;
    quadPos = (quadPos + 1) % 4;
  }
  if (!done && quadPos === 1)
    return `Invalid base64-encoded string: number of data characters (${count}) cannot be 1 more than a multiple of 4`;
  if (!done && quadPos !== 0) return 'Incorrect padding';
  return Buffer.from(data.toString('latin1', 0, count), 'base64');
}
