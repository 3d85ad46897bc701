// One entity announced through MQTT discovery, alive: listens to its state, attribute and availability
// topics, turns messages into state through its platform module, and writes the StateStore. Every message first
// asks its device's rate limit (device-rate.ts), which may hold it back.
import type { Context } from '../../core/context.js';
import { createContext, DISCOVERY_ORIGIN } from '../../core/context.js';
import type { LatestImages } from '../../core/images.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus, MessageHandler } from '../../core/ports.js';
import { overStateLimit, STATE_UNAVAILABLE, type Attributes, type State } from '../../core/state.js';
import type { StateStore } from '../../core/state-store.js';
import { topicMatches } from '../../core/topic.js';
import {
  availabilitySources,
  type BaseConfig,
  type EntityState,
  type PlatformModule,
  type StateUpdate,
} from '../../protocol/ha-discovery/components/index.js';
import type { CompiledTemplate } from '../../protocol/template/index.js';
import { AvailabilityTracker, type SharedAvailability } from './availability.js';
import { listensTo, type DeviceRateLimiter, type RateGate, type RateGroup, type RateMember } from './device-rate.js';
import type { DiagnosticsLog } from './diagnostics.js';
import { NO_KEYS, nextAttributes, sameKeys, staticAttributes } from './entity-attributes.js';
import { ReportingTemplate, type TemplateOwner } from './reporting-template.js';

const MAX_STATE_PAYLOAD = 256 * 1024;

export interface DiscoveredEntityDeps {
  messages: MessageBus;
  states: StateStore;
  diagnostics: DiagnosticsLog;
  log: Logger;
  /** where camera frames and images are kept (the latest per entity) */
  images: LatestImages;
  /** availability lists shared between entities */
  availability: SharedAvailability;
  /** the per-device rate limit every message passes first */
  rate: DeviceRateLimiter;
}

/** no template problems: one array for every entity that has none */
const NO_PROBLEMS: BaseConfig['templateProblems'] = Object.freeze([]);
const NO_TOPICS: readonly string[] = Object.freeze([]);

export class DiscoveredEntity implements RateMember, TemplateOwner {
  readonly config: BaseConfig;
  private readonly availability: AvailabilityTracker;
  private readonly staticAttributes: Attributes;
  private deviceState: EntityState;
  /** the topics subscribed with `handler`: filters and one handler, not a function per subscription */
  private subscribed: readonly string[] = NO_TOPICS;
  private readonly handler: MessageHandler = this.onMessage.bind(this);
  /** its device's token bucket */
  private gate: RateGate;
  /** the keys its last JSON attributes set */
  private jsonKeys: readonly string[] = NO_KEYS;

  constructor(
    private readonly deps: DiscoveredEntityDeps,
    readonly entityId: string,
    /** where the config came from; template problems are reported under it */
    readonly discoveryTopic: string,
    readonly platform: PlatformModule<BaseConfig>,
    config: BaseConfig,
    friendlyName: string | null,
    previous: EntityState | undefined,
    rateGroup: RateGroup,
  ) {
    // What the live entity keeps of its config (a large network has 40,000): not the device and origin blocks (in
    // the registry), object_id/default_entity_id (the id is chosen) nor the availability list (the device's shared
    // tracker holds it). Rendering failures become this entity's diagnostics (availability's: the tracker's). One
    // copy by rest destructuring keeps fast properties (keys set one by one under computed names leave one of more
    // than about 16 keys in V8's dictionary mode: 1.4 KB for a climate config).
    const { device: _d, origin: _o, object_id: _i, default_entity_id: _e, availability: _a, ...kept } = config;
    const runtime = kept as Record<string, unknown>;
    runtime.templates = this.reportingTemplates(config.templates);
    runtime.templateProblems = NO_PROBLEMS;
    this.config = kept as BaseConfig;
    this.availability = new AvailabilityTracker(
      deps.availability.share(availabilitySources(config)),
      config.availability_mode,
    );
    this.staticAttributes = staticAttributes(config, platform, entityId, friendlyName);
    this.gate = deps.rate.join(rateGroup, this);
    for (const problem of config.templateProblems) {
      deps.diagnostics.add(
        'template',
        discoveryTopic,
        `${problem.key} cannot be rendered here: ${problem.message}`,
        entityId,
        problem.key,
      );
    }
    const initial = platform.initialState(this.config);
    this.deviceState =
      previous && previous.state !== STATE_UNAVAILABLE
        ? previous
        : { ...initial, attributes: { ...initial.attributes, ...previous?.attributes } };
  }

  get state(): EntityState {
    return this.deviceState;
  }

  get optimistic(): boolean {
    return this.platform.optimistic(this.config);
  }

  /** Subscribes to every topic the entity reads and writes its current state to the store. */
  async attach(): Promise<void> {
    const pictures = this.platform.binary?.topics(this.config) ?? [];
    const topics = new Set([...this.platform.stateTopics(this.config), ...pictures, ...this.availability.topics]);
    const wanted = [...topics];
    // all at once: each new topic costs a broker round trip, and they need not wait for each other
    const { qos } = this.config;
    const results = await Promise.allSettled(
      // shared: with several instances on one broker, each message reaches one of them (docs/scale-out.md)
      wanted.map((topic) => this.deps.messages.subscribe(topic, this.handler, { qos, shared: true })),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // kept as it is when all succeed (filter() would reserve 17 slots, 40,000 times over)
    this.subscribed = failed ? wanted.filter((_, i) => results[i]?.status === 'fulfilled') : wanted;
    if (failed) throw failed.reason;
    this.write(createContext(DISCOVERY_ORIGIN));
  }

  /** the topics it listens to (state, availability, pictures) */
  get topics(): readonly string[] {
    return this.subscribed;
  }

  detach(): void {
    const topics = this.subscribed;
    this.subscribed = NO_TOPICS;
    for (const topic of topics) this.deps.messages.unsubscribe(topic, this.handler);
    this.deps.rate.leave(this.gate, this);
  }

  listensTo(topic: string): boolean {
    return listensTo(this.subscribed, topic);
  }

  /** the entity is gone for good: its picture goes too */
  forget(): void {
    this.deps.images.delete(this.entityId);
  }

  /**
   * Takes the state another instance of a cluster wrote from a message it received (its messages are split among
   * the instances), so that the next message this instance receives builds on it rather than on an older one. An
   * `unavailable` one keeps the value: availability is each instance's own view of the topics it received.
   */
  adopt(state: State): void {
    if (state.state === STATE_UNAVAILABLE) return;
    this.deviceState = { state: state.state, attributes: state.attributes };
  }

  /** Applies a state update (from a message, or optimistic after a command). */
  apply(update: StateUpdate, context: Context): void {
    this.deviceState = {
      state: update.state ?? this.deviceState.state,
      attributes: nextAttributes(this.deviceState.attributes, update, this.jsonKeys),
    };
    if (update.jsonKeys !== undefined) this.jsonKeys = sameKeys(this.jsonKeys, update.jsonKeys);
    this.write(context);
  }

  private onMessage(message: IncomingMessage): void {
    if (this.gate.admit(message)) this.receive(message);
  }

  /** handles a message (straight from the router, or after its device's rate limit held it back) */
  receive(message: IncomingMessage): void {
    const binary = this.platform.binary;
    if (binary?.topics(this.config).some((t) => topicMatches(t, message.topic))) {
      this.onPicture(message);
      return;
    }
    if (message.payload.length > MAX_STATE_PAYLOAD) {
      this.deps.diagnostics.add(
        'state',
        message.topic,
        `payload of ${message.payload.length} bytes is over the ${MAX_STATE_PAYLOAD}-byte limit`,
        this.entityId,
      );
      return;
    }
    // a retained event or infrared signal is history, not a new one (Home Assistant ignores both)
    if (message.retain && (this.platform.domain === 'event' || this.platform.domain === 'infrared')) return;
    const payload = message.payload.toString('utf8');
    const context = createContext('device');
    const wasAvailable = this.availability.available;
    let changed = false;
    try {
      if (this.availability.onMessage(message.topic, payload)) changed = wasAvailable !== this.availability.available;
    } catch (err) {
      this.deps.diagnostics.add('template', message.topic, (err as Error).message, this.entityId);
    }
    // the platform ignores topics none of its keys listen to (e.g. a pure availability topic)
    const update = this.platform.onMessage(this.config, message.topic, payload, this.deviceState);
    if (update?.problem !== undefined)
      this.deps.diagnostics.add('state', message.topic, update.problem, this.entityId, this.entityId, 'attributes');
    // a message whose only news is a refusal changes nothing
    if (update && (update.problem === undefined || update.state !== undefined || update.attributes !== undefined))
      this.apply(update, context);
    else if (changed) this.write(context);
  }

  /** a camera frame or image: bytes, bounded by the image limit rather than the state limit */
  private onPicture(message: IncomingMessage): void {
    const images = this.deps.images;
    if (message.payload.length > images.maxImageBytes) {
      this.deps.diagnostics.add(
        'state',
        message.topic,
        `image of ${message.payload.length} bytes is over the ${images.maxImageBytes}-byte limit; the picture before is kept`,
        this.entityId,
      );
      return;
    }
    const result = this.platform.binary?.handle(this.config, message.topic, message.payload, new Date());
    if (!result) return;
    if (result.problem !== undefined) this.deps.diagnostics.add('state', message.topic, result.problem, this.entityId);
    else this.deps.diagnostics.clear('state', message.topic, this.entityId);
    if (result.image === null) images.delete(this.entityId);
    else if (result.image !== undefined) {
      const evicted = images.set(this.entityId, {
        ...result.image,
        updated: new Date().toISOString(),
        topic: message.topic,
      });
      for (const gone of evicted) {
        const reason = `picture let go: all pictures together passed ${images.maxTotalBytes} bytes when ${this.entityId} sent one; the next one is kept again`;
        this.deps.diagnostics.add('state', gone.image.topic, reason, gone.entity_id);
      }
    }
    if (result.update) this.apply(result.update, createContext('device'));
  }

  private write(context: Context): void {
    const attributes = { ...this.deviceState.attributes, ...this.staticAttributes };
    let state = this.availability.available ? this.deviceState.state : STATE_UNAVAILABLE;
    const long = overStateLimit(state); // Home Assistant writes such a state as unknown
    if (long !== undefined) state = this.tooLong(long);
    this.deps.states.set(this.entityId, state, attributes, { context });
  }

  private tooLong(chars: number): string {
    const reason = `state of ${chars} characters is over 255: unknown`;
    this.deps.diagnostics.add('state', this.discoveryTopic, reason, this.entityId);
    return 'unknown';
  }

  private reportingTemplates(templates: BaseConfig['templates']): BaseConfig['templates'] {
    const wrapped: Record<string, CompiledTemplate> = {};
    for (const [key, template] of Object.entries(templates)) {
      // availability templates are the tracker's (shared, unwrapped)
      if (key === 'availability_template' || key.startsWith('availability[')) continue;
      wrapped[key] = new ReportingTemplate(template, key, this);
    }
    return wrapped;
  }

  /** a template of this entity failed while rendering: a diagnostic of the entity (the message is ignored) */
  reportTemplateFailure(key: string, source: string, err: unknown): void {
    this.deps.diagnostics.add(
      'template',
      this.discoveryTopic,
      `${key} '${source}' failed: ${(err as Error).message}`,
      this.entityId,
      key,
    );
  }
}
