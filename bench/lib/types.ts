// What a scenario gets and gives back.
import type { Broker } from './processes.js';
import type { BenchStorage } from './storage.js';

export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
  /** the wording, e.g. "p99 ≤ 3 ms with 5,000 msg/s background" */
  readonly text: string;
}

export interface Figure {
  /** e.g. "trigger→action p50 (idle)" */
  readonly name: string;
  readonly value: number;
  /** ms, msg/s, s, MB, … */
  readonly unit: string;
  /** value ÷ the matching floor figure (latency ÷ round trip, rate ÷ throughput, …) */
  readonly floorRatio?: number;
  /** which floor figure the ratio is against */
  readonly floorRef?: string;
  readonly target?: Target;
  /** met when the scenario has a target */
  readonly met?: boolean;
  readonly note?: string;
}

export interface Distribution {
  readonly label: string;
  /** latency samples in ms */
  readonly samples: readonly number[];
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly figures: Figure[];
  readonly distributions?: Distribution[];
  /** anything worth keeping in latest.json (settings used, counts) */
  readonly details?: Record<string, unknown>;
}

export interface FloorFigures {
  /** A→B→A round trip, ms */
  readonly rttP50: number;
  readonly rttP99: number;
  /** the same with the responder B in a process of its own (the reference for automation latency) */
  readonly processRttP50: number;
  readonly processRttP99: number;
  /** one publisher → one subscriber, QoS 0, msg/s */
  readonly throughput: number;
}

export interface BenchContext {
  readonly broker: Broker;
  /** a scratch folder for this run; removed at the end */
  readonly workDir: string;
  /** a cache that survives runs (bench/.cache), e.g. the 10-million-row history database */
  readonly cacheDir: string;
  /** measured first in every run */
  readonly floor: FloorFigures;
  /** BENCH_QUICK=1: smaller counts, for checking the harness itself */
  readonly quick: boolean;
  /** where Switchyard stores (BENCH_STORAGE): SQLite in its data folder, or a PostgreSQL database of the run's cluster */
  readonly storage: BenchStorage;
  log(line: string): void;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** not run by a bare `npm run bench` unless its prerequisites are present */
  readonly optional?: boolean;
  /** for an optional scenario: whether its prerequisites are present (a bare run includes it when true) */
  available?(): boolean;
  /** runs with BENCH_STORAGE=postgres too (the others store into SQLite only, and are refused then) */
  readonly postgres?: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** A figure with its floor ratio and target verdict filled in. */
export function figure(f: Omit<Figure, 'floorRatio' | 'met'> & { floor?: number }): Figure {
  const { floor, ...rest } = f;
  const floorRatio = floor !== undefined && floor > 0 ? f.value / floor : undefined;
  const met = f.target ? (f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value) : undefined;
  return { ...rest, ...(floorRatio !== undefined ? { floorRatio } : {}), ...(met !== undefined ? { met } : {}) };
}
