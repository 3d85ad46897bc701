import type { Migration } from 'kysely';
import { initial, initialFor } from './0001-initial.js';
import { bridge, bridgeFor } from './0002-bridge.js';
import { automationTraces, automationTracesFor } from './0003-automation-traces.js';
import { helperStates, helperStatesFor } from './0004-helper-states.js';
import { alertRepeats, alertRepeatsFor } from './0005-alert-repeats.js';
import { leases, leasesFor } from './0006-leases.js';
import { clusterRuns, clusterRunsFor } from './0007-cluster-runs.js';
import { entityListing, entityListingFor } from './0008-entity-listing.js';

/** Every migration in order; names sort the way they must run. Add new ones at the end. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-bridge': bridge,
  '0003-automation-traces': automationTraces,
  '0004-helper-states': helperStates,
  '0005-alert-repeats': alertRepeats,
  '0006-leases': leases,
  '0007-cluster-runs': clusterRuns,
  '0008-entity-listing': entityListing,
};

/** the same migrations as PostgreSQL runs them */
export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initialFor('postgres'),
  '0002-bridge': bridgeFor('postgres'),
  '0003-automation-traces': automationTracesFor('postgres'),
  '0004-helper-states': helperStatesFor('postgres'),
  '0005-alert-repeats': alertRepeatsFor('postgres'),
  '0006-leases': leasesFor('postgres'),
  '0007-cluster-runs': clusterRunsFor('postgres'),
  '0008-entity-listing': entityListingFor('postgres'),
};
