// The tool logic the REST routes share with the MCP tools. The composition root passes functions over
// the MCP adapter's tool handlers (adapters never import each other); each parses its input with the
// tool's own schema, so REST and MCP apply the same rules, defaults and error texts.
export type ToolOutput = Record<string, unknown>;

export interface ToolApi {
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
