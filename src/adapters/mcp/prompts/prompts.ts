// MCP prompts: canned starting points a user picks in the host; each tells the assistant which tools and
// resources to use, in which order.
import { completable, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { UseCaseDeps } from '../../../usecases/deps.js';

const user = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

export function troubleshootDeviceText(deviceId: string): string {
  return [
    `Troubleshoot the Switchyard device "${deviceId}".`,
    '',
    'Steps:',
    `1. Call get_device(device_id="${deviceId}") (or read the resource switchyard://device/${deviceId}) to see its record, live details (online, last seen, metrics) and entities. If the id is unknown, use list_devices(query=…) to find it.`,
    `2. Call get_alerts(device_id="${deviceId}", active_only=false) to see what Switchyard noticed (silence, reported errors, unconfirmed commands).`,
    '3. For each entity that is unavailable or looks wrong, call get_history(entity_ids=[…], max_points=50) to see when it changed or went silent.',
    '4. If the device talks raw MQTT, mqtt_subscribe_collect on its topics for a few seconds shows whether it still publishes.',
    '5. Check get_system_status: is the MQTT broker connected?',
    '',
    'Then explain the most likely cause in plain words, what evidence supports it, and what the user can do. Do not change anything (control_entities, mqtt_publish, acknowledge_alert) without asking first.',
  ].join('\n');
}

export function createAutomationText(goal: string): string {
  return [
    `Write a Switchyard automation for this goal: ${goal}`,
    '',
    'Steps:',
    '1. Read the resource switchyard://docs/automation-syntax for the supported triggers, conditions, actions and templates.',
    '2. Find the exact entity ids with search_entities (and list_areas / list_devices for area_id / device_id targets); check get_entity for the actions and parameters each target accepts. Never guess ids.',
    '3. Look at list_automations so the new id does not clash and the automation does not duplicate an existing one.',
    '4. Draft the YAML (with an explicit id and alias) and call validate_automation; fix every diagnostic it reports.',
    '5. Show the YAML to the user and ask for confirmation, then call save_automation (it reloads the automations). Afterwards get_automation shows it loaded; trigger_automation can test it.',
  ].join('\n');
}

export function explainAutomationRunText(automationId: string, runId?: string): string {
  return [
    runId
      ? `Explain run "${runId}" of the automation "${automationId}".`
      : `Explain the most recent run of the automation "${automationId}".`,
    '',
    'Steps:',
    `1. Call get_automation(id="${automationId}") (or read switchyard://automation/${automationId}) for its triggers, conditions and actions.`,
    runId
      ? `2. Call get_automation_traces(id="${automationId}", run_id="${runId}") for the step-by-step trace of that run.`
      : `2. Call get_automation_traces(id="${automationId}") to list recent runs, then again with the newest run_id for its step-by-step trace.`,
    '3. Walk through the trace: which trigger fired and with what values, which conditions passed or failed, which actions ran, how long they took, and any error.',
    '4. If the result surprised the user, use get_history on the entities involved around the run time to show why.',
    '',
    'Answer in plain words first, then the details.',
  ].join('\n');
}

export function registerPrompts(server: McpServer, deps: UseCaseDeps): void {
  server.registerPrompt(
    'troubleshoot_device',
    {
      title: 'Troubleshoot a device',
      description: 'Find out why a device is offline, silent or misbehaving, using its record, alerts and history.',
      argsSchema: z.object({
        device_id: completable(z.string().describe('The device id (from list_devices).'), (value) =>
          deps.registry
            .devices()
            .map((d) => d.id)
            .filter((id) => id.startsWith(value))
            .slice(0, 50),
        ),
      }),
    },
    ({ device_id }) => user(troubleshootDeviceText(device_id)),
  );

  server.registerPrompt(
    'create_automation',
    {
      title: 'Create an automation',
      description: 'Turn a goal in plain words into a validated automation YAML file.',
      argsSchema: z.object({
        goal: z.string().describe('What the automation should do, e.g. "turn on the porch light at sunset".'),
      }),
    },
    ({ goal }) => user(createAutomationText(goal)),
  );

  server.registerPrompt(
    'explain_automation_run',
    {
      title: 'Explain an automation run',
      description: 'Explain what an automation did (or did not do) in one run, from its trace.',
      argsSchema: z.object({
        automation_id: completable(z.string().describe('The automation id (from list_automations).'), (value) =>
          deps.automations
            .list()
            .map((a) => a.id)
            .filter((id) => id.startsWith(value))
            .slice(0, 50),
        ),
        run_id: z
          .string()
          .optional()
          .describe('A run id from get_automation_traces; the most recent run when omitted.'),
      }),
    },
    ({ automation_id, run_id }) => user(explainAutomationRunText(automation_id, run_id)),
  );
}
