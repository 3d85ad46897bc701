// Every scenario `npm run bench` knows, in the order a full run takes them (the floor always runs first).
import type { Scenario } from '../lib/types.js';
import { automationScenario } from './automation.js';
import { brokerScenario } from './broker.js';
import { discoveryScenario } from './discovery.js';
import { startupScenario } from './startup.js';
import { historyScenario } from './history.js';
import { ingestScenario } from './ingest.js';
import { intentsScenario } from './intents.js';
import { largeNetworkScenario } from './large-network.js';
import { memoryScenario } from './memory.js';
import { peerScenario } from './peer.js';

export const SCENARIOS: readonly Scenario[] = [
  automationScenario,
  discoveryScenario,
  startupScenario,
  historyScenario,
  ingestScenario,
  memoryScenario,
  brokerScenario,
  intentsScenario,
  peerScenario,
  largeNetworkScenario,
];
