// The tool logic the REST routes share with the MCP tools. The composition root passes functions over
// the MCP adapter's tool handlers (adapters never import each other); each parses its input with the
// tool's own schema, so REST and MCP apply the same rules, defaults and error texts. The same schemas come
// along in `schemas`, so the routes document (and check) their bodies with them in /api/openapi.json.
import type { z } from 'zod';

export type ToolOutput = Record<string, unknown>;

export interface ToolMethods {
  listAreas(): Promise<ToolOutput>;
  systemStatus(): Promise<ToolOutput>;
  mqttConnections(): Promise<ToolOutput>;
  /** as mqtt_publish: no wildcards, ≤ 1 MiB, the discovery prefix only with allow_discovery */
  mqttPublish(input: unknown): Promise<ToolOutput>;
  /** as mqtt_list_topics */
  mqttTopics(input: unknown): Promise<ToolOutput>;
  /** starts a background capture (any window up to 300 s) and returns its capture_id */
  mqttStartCapture(input: unknown): Promise<ToolOutput>;
  /** as mqtt_get_capture */
  mqttGetCapture(input: unknown): Promise<ToolOutput>;
  validateAutomation(input: unknown): Promise<ToolOutput>;
  saveAutomation(input: unknown): Promise<ToolOutput>;
  deleteAutomation(input: unknown): Promise<ToolOutput>;
}

/** A tool's schemas: what it parses its input with (methods taking input) and what it returns. */
export type ToolSchemas<M extends (...args: never[]) => unknown> = Parameters<M> extends [] ? { readonly output: z.ZodType } : { readonly input: z.ZodObject; readonly output: z.ZodType };

export interface ToolApi extends ToolMethods {
  readonly schemas: { readonly [K in keyof ToolMethods]: ToolSchemas<ToolMethods[K]> };
}
