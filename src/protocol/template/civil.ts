/** A date and a time of day as written on a calendar and a clock (Python's datetime fields), no zone. */
export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** microseconds */
  readonly micro: number;
}
