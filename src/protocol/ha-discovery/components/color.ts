/**
 * Colour and brightness maths as in homeassistant/util/color.py and util/scaling.py, so that the
 * numbers we publish match HA's byte for byte (Python rounding included).
 */
import { pyRound } from './shared.js';

export type Rgb = [number, number, number];
export type Hs = [number, number];

/** HA light defaults: DEFAULT_MIN_KELVIN / DEFAULT_MAX_KELVIN. */
export const DEFAULT_MIN_KELVIN = 2000;
export const DEFAULT_MAX_KELVIN = 6535;

/** color_temperature_kelvin_to_mired / mired_to_kelvin: floor(1e6 / x). */
export const kelvinToMired = (kelvin: number): number => Math.floor(1_000_000 / kelvin);
export const miredToKelvin = (mired: number): number => Math.floor(1_000_000 / mired);

const round3 = (x: number): number => pyRound(x * 1000) / 1000;

/** scaling.scale_to_ranged_value. */
export function scaleToRange(
  source: readonly [number, number],
  target: readonly [number, number],
  value: number,
): number {
  const states = (r: readonly [number, number]): number => r[1] - r[0] + 1;
  return ((value - (source[0] - 1)) * states(target)) / states(source) + (target[0] - 1);
}

/** scaling.scale_ranged_value_to_int_range (Python floor division). */
export function scaleToIntRange(
  source: readonly [number, number],
  target: readonly [number, number],
  value: number,
): number {
  const states = (r: readonly [number, number]): number => r[1] - r[0] + 1;
  return Math.floor(((value - (source[0] - 1)) * states(target)) / states(source)) + (target[0] - 1);
}

/** percentage.ranged_value_to_percentage. */
export const rangedValueToPercentage = (range: readonly [number, number], value: number): number =>
  scaleToIntRange(range, [1, 100], value);
/** percentage.percentage_to_ranged_value. */
export const percentageToRangedValue = (range: readonly [number, number], percentage: number): number =>
  scaleToRange([1, 100], range, percentage);

/** color_util.value_to_brightness: device value on (1..scale) → HA brightness 1..255. */
export const valueToBrightness = (scale: number, value: number): number =>
  Math.min(255, Math.max(1, pyRound(scaleToRange([1, scale], [1, 255], value))));
/** color_util.brightness_to_value: HA brightness → device value on (1..scale) (float). */
export const brightnessToValue = (scale: number, brightness: number): number =>
  scaleToRange([1, 255], [1, scale], brightness);

/** color_RGB_to_hs (colorsys.rgb_to_hsv, rounded to 3 decimals). */
export function rgbToHs([r, g, b]: Rgb): Hs {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  if (max === min) return [0, 0];
  const d = max - min;
  const s = d / max;
  const rc = (max - R) / d;
  const gc = (max - G) / d;
  const bc = (max - B) / d;
  let h = R === max ? bc - gc : G === max ? 2 + rc - bc : 4 + gc - rc;
  h = (((h / 6) % 1) + 1) % 1;
  return [round3(h * 360), round3(s * 100)];
}

/** color_hs_to_RGB (colorsys.hsv_to_rgb with v = 1). */
export function hsToRgb([h, s]: Hs): Rgb {
  const H = h / 360;
  const S = s / 100;
  const i = Math.floor(H * 6);
  const f = H * 6 - i;
  const [p, q, t] = [1 - S, 1 - S * f, 1 - S * (1 - f)];
  const table: Rgb[] = [
    [1, t, p],
    [q, 1, p],
    [p, 1, t],
    [p, q, 1],
    [t, p, 1],
    [1, p, q],
  ];
  const rgb = table[((i % 6) + 6) % 6] ?? [1, 1, 1];
  // color_hsv_to_RGB: int(x * 255), truncated
  return rgb.map((x) => Math.trunc(x * 255)) as Rgb;
}

/** color_RGB_to_xy (no gamut), rounded to 3 decimals. */
export function rgbToXy([r, g, b]: Rgb): [number, number] {
  if (r + g + b === 0) return [0, 0];
  const lin = (c: number): number => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
  const [R, G, B] = [lin(r / 255), lin(g / 255), lin(b / 255)];
  const X = R * 0.664511 + G * 0.154324 + B * 0.162028;
  const Y = R * 0.283881 + G * 0.668433 + B * 0.047685;
  const Z = R * 0.000088 + G * 0.07231 + B * 0.986039;
  return [round3(X / (X + Y + Z)), round3(Y / (X + Y + Z))];
}

/** color_rgb_to_rgbw: white = min channel, then rescale to the input's maximum. */
export function rgbToRgbw([r, g, b]: Rgb): [number, number, number, number] {
  const w = Math.min(r, g, b);
  const out = [r - w, g - w, b - w, w];
  const maxIn = Math.max(r, g, b);
  const maxOut = Math.max(...out);
  const factor = maxOut === 0 ? 0 : maxIn / maxOut;
  return out.map((x) => pyRound(x * factor)) as [number, number, number, number];
}
