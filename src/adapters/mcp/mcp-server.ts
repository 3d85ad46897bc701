// Owns the MCP SDK's server: one McpServer with every Switchyard tool, registered in a fixed order
// (the 2026 spec asks for a deterministic tools/list). Each tool is a thin shell over a use case (src/usecases/).
import { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../usecases/deps.js';
import { registerAcknowledgeAlertTool } from './tools/acknowledge-alert.js';
import { registerControlEntitiesTool } from './tools/control-entities.js';
import { registerGetAlertsTool } from './tools/get-alerts.js';
import { registerGetAutomationTool } from './tools/get-automation.js';
import { registerGetAutomationTracesTool } from './tools/get-automation-traces.js';
import { registerGetDeviceTool } from './tools/get-device.js';
import { registerGetEntityTool } from './tools/get-entity.js';
import { registerGetHistoryTool } from './tools/get-history.js';
import { registerGetSystemStatusTool } from './tools/get-system-status.js';
import { registerListAreasTool } from './tools/list-areas.js';
import { registerListAutomationsTool } from './tools/list-automations.js';
import { registerListDevicesTool } from './tools/list-devices.js';
import { registerMqttConnectionsTool } from './tools/mqtt-connections.js';
import { registerMqttGetCaptureTool } from './tools/mqtt-get-capture.js';
import { registerMqttListTopicsTool } from './tools/mqtt-list-topics.js';
import { registerMqttPublishTool } from './tools/mqtt-publish.js';
import { registerMqttSubscribeCollectTool } from './tools/mqtt-subscribe-collect.js';
import { registerSearchEntitiesTool } from './tools/search-entities.js';
import { registerSetAutomationEnabledTool } from './tools/set-automation-enabled.js';
import { registerTriggerAutomationTool } from './tools/trigger-automation.js';
import { registerProcessCommandTool } from './tools/process-command.js';
import { registerDeleteAutomationTool } from './tools/delete-automation.js';
import { registerSaveAutomationTool } from './tools/save-automation.js';
import { registerValidateAutomationTool } from './tools/validate-automation.js';
import { registerPrompts } from './prompts/prompts.js';
import { registerResources } from './resources/resources.js';

/** Every tool, in the order tools/list shows them. */
export const TOOL_REGISTRATIONS: readonly ((server: McpServer, deps: UseCaseDeps) => void)[] = [
  registerSearchEntitiesTool,
  registerGetEntityTool,
  registerListDevicesTool,
  registerGetDeviceTool,
  registerListAreasTool,
  registerGetHistoryTool,
  registerControlEntitiesTool,
  registerGetAlertsTool,
  registerAcknowledgeAlertTool,
  registerGetSystemStatusTool,
  registerListAutomationsTool,
  registerGetAutomationTool,
  registerTriggerAutomationTool,
  registerProcessCommandTool,
  registerSetAutomationEnabledTool,
  registerGetAutomationTracesTool,
  registerMqttListTopicsTool,
  registerMqttPublishTool,
  registerMqttSubscribeCollectTool,
  registerMqttGetCaptureTool,
  registerMqttConnectionsTool,
];

/** The automation authoring tools, listed after the others when `deps.automationFiles` is set. */
export const AUTHORING_TOOL_REGISTRATIONS: readonly ((server: McpServer, deps: UseCaseDeps) => void)[] = [
  registerValidateAutomationTool,
  registerSaveAutomationTool,
  registerDeleteAutomationTool,
];

export const SERVER_INSTRUCTIONS =
  'Switchyard is a Home Assistant MQTT add-on. Resolve names to ids with search_entities (or list_devices / list_areas) before acting; ' +
  'check get_entity for the actions and ranges an entity accepts; prefer control_entities with area + domain for rooms; ' +
  'use get_history with max_points for trends; the mqtt_* tools (mqtt_list_topics, mqtt_publish, mqtt_subscribe_collect) are for raw topics only. ' +
  'Resources: switchyard://overview (the whole home, compact) and switchyard://docs/automation-syntax (before writing automations).';

/** A fresh server with every tool over the use cases; cheap enough to build once per HTTP request. */
export function createMcpServer(deps: UseCaseDeps, options: { version?: string } = {}): McpServer {
  const info = { name: 'switchyard', title: 'Switchyard', version: options.version ?? '0.0.0' };
  const server = new McpServer(info, { instructions: SERVER_INSTRUCTIONS });
  for (const register of TOOL_REGISTRATIONS) register(server, deps);
  // the authoring tools exist only where the automations folder is known
  if (deps.automationFiles) for (const register of AUTHORING_TOOL_REGISTRATIONS) register(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  return server;
}
