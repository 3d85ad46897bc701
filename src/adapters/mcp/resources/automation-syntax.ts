// A short reference of the automation YAML Switchyard understands, served as switchyard://docs/automation-syntax.
export const AUTOMATION_SYNTAX = `# Switchyard automation syntax (Home Assistant style)

Files: \`*.yaml\` / \`*.yml\` in the automations folder (not \`secrets.yaml\`, not names starting with \`.\` or \`_\`).
A file holds one automation (a mapping), a list of them, or \`automation:\` blocks like configuration.yaml.
\`!include\`, \`!secret\` work relative to the automations folder. Validate with validate_automation before save_automation.

\`\`\`yaml
- id: porch_light_at_dusk        # give every automation an id (traces and on/off state follow it)
  alias: Porch light at dusk
  mode: single                   # single | restart | queued | parallel (max: 10 for queued/parallel)
  triggers: [...]                # HA 2024.10 spelling; legacy trigger:/platform: also accepted
  conditions: [...]              # optional; all must pass
  actions: [...]
\`\`\`

## Triggers (\`- trigger: <type>\`; each may have \`id:\`, \`enabled:\`, \`variables:\`)
- **state**: \`entity_id\` (one or a list), optional \`from\`, \`to\`, \`not_from\`, \`not_to\`, \`attribute\`, \`for\` (duration).
- **numeric_state**: \`entity_id\`, \`above\` and/or \`below\` (number or an entity id), optional \`attribute\`, \`value_template\`, \`for\`.
- **mqtt**: \`topic\` (wildcards + and # allowed), optional \`payload\` (exact match), \`value_template\`, \`qos\` (0–2), \`encoding\`.
- **time**: \`at\` ("07:30", "07:30:00", or an input_datetime/sensor entity; one or a list), optional \`weekday\` (mon…sun).
- **time_pattern**: \`hours\`, \`minutes\`, \`seconds\` — a number, "*", or "/5" (every 5).
- **homeassistant**: \`event: start\` or \`event: shutdown\` (Switchyard start / stop).
- **event**: \`event_type\` (one or a list), optional \`event_data\`, \`context\` to match.
- **template**: \`value_template\` that turns true, optional \`for\`.
- **sun**: \`event: sunrise\` or \`sunset\`, optional \`offset\` ("-00:45:00"); needs the home's location.

Inside actions the variable \`trigger\` describes what fired (\`trigger.id\`, \`trigger.entity_id\`, \`trigger.to_state.state\`, \`trigger.topic\`, \`trigger.payload\`, …).

## Conditions (\`- condition: <type>\`)
- **state**: \`entity_id\`, \`state\` (one or a list), optional \`attribute\`, \`for\`.
- **numeric_state**: \`entity_id\`, \`above\` / \`below\`, optional \`attribute\`, \`value_template\`.
- **time**: \`after\`, \`before\` ("22:00"), \`weekday\`.
- **trigger**: \`id\` — which trigger fired.
- **sun**: \`after\` / \`before\` (sunrise or sunset) with optional \`after_offset\` / \`before_offset\`.
- **template**: \`value_template\`; a bare template string is also a condition.
- **and / or / not**: \`conditions: [...]\`, or the shorthands \`- and: [...]\`, \`- or: [...]\`, \`- not: [...]\`.

## Actions
- **Call**: \`action: light.turn_on\` (legacy \`service:\`) with \`target:\` and \`data:\`.
  Targets: \`entity_id\`, \`area_id\` (every entity in that area), \`device_id\` (every entity of that device) — each one id or a list.
  Special calls: \`mqtt.publish\` with \`data: {topic, payload, qos, retain}\`; \`homeassistant.turn_on/turn_off/toggle\` for any domain.
  Per-action options: \`continue_on_error: true\`, \`enabled: false\`.
- **delay**: \`delay: "00:00:05"\` or \`{seconds: 5}\`.
- **wait_template**: \`wait_template\` with optional \`timeout\`, \`continue_on_timeout\`.
- **wait_for_trigger**: a list of triggers, optional \`timeout\`.
- **condition** step: \`- condition: ...\` inline; the rest of the sequence runs only if it passes.
- **event**: fire an event (\`event\`, \`event_data\`).
- **choose**: \`choose: [{conditions, sequence}, ...]\` with optional \`default\`.
- **if / then / else**.
- **repeat**: \`count\`, \`while\`, \`until\`, or \`for_each\` with a \`sequence\`.
- **variables**: set variables for the following steps.
- **stop**: end the run (\`stop: "reason"\`, optional \`error: true\`).
- **sequence** / **parallel**: nested groups of actions.
- Not supported: \`scene:\`, device actions (\`device_id:\` + \`domain:\`), \`set_conversation_response\`.
- An action name Switchyard cannot perform (\`script.*\`, other integrations) is a warning, as in Home Assistant: the
  automation loads, and a run that reaches the step stops with an error. Entity ids that do not exist are warnings
  naming the closest existing id.

## Templates (Jinja-style \`{{ ... }}\` and \`{% ... %}\`)
Functions: \`states('sensor.x')\`, \`states.sensor.x.state\`, \`is_state(id, value)\`, \`state_attr(id, name)\`,
\`is_state_attr(id, name, value)\`, \`has_value(id)\`, \`now()\`, \`utcnow()\`, \`today_at("07:00")\`, \`as_datetime(v)\`,
\`as_local(dt)\`, \`timedelta(minutes=5)\`, plus usual filters such as \`| float(0)\`, \`| int\`, \`| round(1)\`, \`| lower\`.
Templates are allowed in \`data\`, \`value_template\`, \`wait_template\`, conditions and variables.

## Durations
\`"HH:MM:SS"\`, a number of seconds, or \`{hours, minutes, seconds, milliseconds}\`.
`;
