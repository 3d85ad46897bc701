// Every scenario `npm run bench` knows, in the order a full run takes them (the floor always runs first).
import type { Scenario } from '../lib/types.js';
import { automationScenario } from './automation.js';

export const SCENARIOS: readonly Scenario[] = [automationScenario];
