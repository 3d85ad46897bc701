// The MCP tool process_command through the SDK's real client, on the same use case as POST
// /api/conversation/process (Home Assistant's conversation answer shape).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { connectInMemory, depsFrom } from './helpers.js';

let t: TestApp;
let dir: string;
let mcp: Awaited<ReturnType<typeof connectInMemory>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-process-command-'));
  writeFileSync(
    join(dir, 'automations.yaml'),
    `- id: bedtime
  triggers:
    - trigger: conversation
      command: "[it's] (bedtime|time for bed)"
  actions:
    - set_conversation_response: "Good night"
`,
  );
  t = await startTestApp({ automations_dir: dir });
  mcp = await connectInMemory(depsFrom(t));
});
afterAll(async () => {
  await mcp.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (args: Record<string, unknown>) =>
  (await mcp.client.callTool({ name: 'process_command', arguments: args })) as {
    structuredContent?: any;
    isError?: boolean;
    content: { text: string }[];
  };

describe('process_command', () => {
  it('answers with what the matching automation said', async () => {
    const res = await call({ text: "It's time for bed." });
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent.response).toMatchObject({
      response_type: 'action_done',
      speech: { plain: { speech: 'Good night' } },
    });
  });

  it("takes the speaker's context and says when its area is not known", async () => {
    const res = await call({ text: 'bedtime', language: 'en', context: { area: 'nowhere' } });
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toMatchObject({
      response: { response_type: 'action_done', data: { targets: [], success: [], failed: [] } },
      continue_conversation: false,
      speaker: { area: null, area_from: null, unknown_area: 'nowhere' },
    });
  });

  it("answers Home Assistant's no_intent_match error when nothing matches, and refuses other agents", async () => {
    const res = await call({ text: 'make me a sandwich' });
    expect(res.structuredContent.response).toMatchObject({ response_type: 'error', data: { code: 'no_intent_match' } });
    const other = await call({ text: 'bedtime', agent_id: 'conversation.openai' });
    expect(other.isError).toBe(true);
    expect(other.content[0]?.text).toContain('unknown conversation agent');
  });
});
