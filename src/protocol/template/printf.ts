// Python printf-style formatting: `'%.1f' % x`, `'%02x%02x%02x' | format(r, g, b)`.
import { PyError } from './errors.js';
import { exactDecimal, roundDecimal, toExponentialExact, toFixedExact } from './number-format.js';
import { intValue, isIntLike } from './numbers.js';
import { isDict, isFloat, isNumber, isTuple, numValue, pyRepr, pyStr, typeName } from './python-values.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+)?(?:\.(\d+))?[hlL]?(.?)/g;

interface Spec {
  readonly flags: string;
  readonly width: number;
  readonly precision: number | undefined;
  readonly conv: string;
}

/** `fmt % args` with Python semantics: a tuple supplies several arguments, a dict named ones. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = isTuple(args) ? args : [args];
  let next = 0;
  let usedMapping = false;
  type Groups = [string | undefined, string, string | undefined, string | undefined, string];
  const out = fmt.replace(SPEC, (_m, ...groups: Groups) => {
    const [key, flags, width, prec, conv] = groups;
    if (conv === '%') return '%';
    if (conv === '') throw new PyError('incomplete format');
    let arg: unknown;
    if (key !== undefined) {
      if (!isDict(args)) throw new PyError('format requires a mapping');
      if (!Object.hasOwn(args, key)) throw new PyError(`KeyError: '${key}'`);
      arg = args[key];
      usedMapping = true;
    } else {
      if (next >= positional.length) throw new PyError('not enough arguments for format string');
      arg = positional[next++];
    }
    const precision = prec === undefined ? undefined : Number(prec);
    const spec: Spec = { flags, width: width === undefined ? 0 : Number(width), precision, conv };
    return formatOne(spec, arg);
  });
  // Like Python, a lone dict or list argument may go unused; anything else left over is an error.
  const mappingLike = isDict(args) || (Array.isArray(args) && !isTuple(args));
  if (!usedMapping && !mappingLike && next < positional.length) {
    throw new PyError('not all arguments converted during string formatting');
  }
  return out;
}

function pad(spec: Spec, sign: string, body: string, numeric: boolean): string {
  const len = sign.length + body.length;
  if (len >= spec.width) return sign + body;
  const fill = spec.width - len;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(fill);
  if (numeric && spec.flags.includes('0')) return sign + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + body;
}

function signOf(spec: Spec, negative: boolean): string {
  if (negative) return '-';
  if (spec.flags.includes('+')) return '+';
  return spec.flags.includes(' ') ? ' ' : '';
}

function formatOne(spec: Spec, arg: unknown): string {
  switch (spec.conv) {
    case 's':
    case 'r':
    case 'a': {
      let s = spec.conv === 's' ? pyStr(arg) : pyRepr(arg);
      if (spec.precision !== undefined) s = Array.from(s).slice(0, spec.precision).join('');
      return pad(spec, '', s, false);
    }
    case 'c': {
      if (typeof arg === 'string' && Array.from(arg).length === 1) return pad(spec, '', arg, false);
      if (typeof arg === 'number' && Number.isInteger(arg) && arg >= 0 && arg <= 0x10ffff) {
        return pad(spec, '', String.fromCodePoint(arg), false);
      }
      throw new PyError('%c requires int or char');
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(spec, arg);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (!isNumber(arg)) throw new PyError(`must be real number, not ${typeName(arg)}`);
      return formatFloat(spec, numValue(arg));
    default:
      throw new PyError(`unsupported format character '${spec.conv}'`);
  }
}

function formatInteger(spec: Spec, arg: unknown): string {
  const decimal = 'diu'.includes(spec.conv);
  if (!isNumber(arg) || (!decimal && isFloat(arg))) {
    const need = decimal ? 'a real number' : 'an integer';
    throw new PyError(`%${spec.conv} format: ${need} is required, not ${typeName(arg)}`);
  }
  let n: bigint;
  if (isIntLike(arg)) n = intValue(arg);
  else {
    const f = Math.trunc(numValue(arg));
    if (!Number.isFinite(f)) {
      throw new PyError(`cannot convert float ${Number.isNaN(f) ? 'NaN' : 'infinity'} to integer`);
    }
    n = BigInt(f);
  }
  const abs = n < 0n ? -n : n;
  let digits: string;
  let prefix = '';
  if (decimal) digits = abs.toString();
  else if (spec.conv === 'o') {
    digits = abs.toString(8);
    if (spec.flags.includes('#')) prefix = '0o';
  } else {
    digits = abs.toString(16);
    if (spec.flags.includes('#')) prefix = '0x';
    if (spec.conv === 'X') {
      digits = digits.toUpperCase();
      prefix = prefix.toUpperCase();
    }
  }
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, '0');
  return pad(spec, signOf(spec, n < 0n) + prefix, digits, true);
}

function formatFloat(spec: Spec, x: number): string {
  const upper = spec.conv === spec.conv.toUpperCase();
  const negative = x < 0 || Object.is(x, -0);
  let body: string;
  if (!Number.isFinite(x)) {
    body = Number.isNaN(x) ? 'nan' : 'inf';
    return pad(spec, signOf(spec, negative && !Number.isNaN(x)), upper ? body.toUpperCase() : body, false);
  }
  const precision = spec.precision ?? 6;
  const abs = Math.abs(x);
  const conv = spec.conv.toLowerCase();
  if (conv === 'f') body = toFixedExact(abs, precision);
  else if (conv === 'e') body = toExponentialExact(abs, precision);
  else body = formatGeneral(abs, precision === 0 ? 1 : precision, spec.flags.includes('#'));
  if (spec.flags.includes('#') && !body.includes('.') && conv !== 'g') {
    body = body.replace(/^(\d+)/, '$1.');
  }
  return pad(spec, signOf(spec, negative), upper ? body.toUpperCase() : body, true);
}

function formatGeneral(abs: number, precision: number, alternate: boolean): string {
  if (abs === 0) return alternate ? `0.${'0'.repeat(precision - 1)}` : '0';
  const rounded = roundDecimal(exactDecimal(abs), precision);
  const exp = rounded.point - 1;
  const fixed = exp >= -4 && exp < precision;
  const body = fixed ? toFixedExact(abs, precision - 1 - exp) : toExponentialExact(abs, precision - 1);
  if (alternate) return body;
  const [mantissa = '', exponent] = body.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}
