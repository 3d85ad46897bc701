// Commands in words: `POST /api/conversation/process` in Home Assistant's request and answer shape (text, language,
// conversation_id, agent_id in; response.speech.plain.speech, response_type, data and conversation_id out), and
// `POST /api/tags/scan`, a tag read without an MQTT tag scanner (Home Assistant's `tag_scanned`). Thin shells over
// the use cases `usecases/conversation.ts` and `usecases/tags.ts`.
import type { FastifyInstance } from 'fastify';
import { processCommand, ProcessCommandInput, ProcessCommandOutput } from '../../../usecases/conversation.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { scanTag, ScanTagInput, ScanTagOutput } from '../../../usecases/tags.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

export function registerConversationRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.post(
    '/api/conversation/process',
    routeDoc({
      summary: "Process a spoken or typed command (Home Assistant's conversation API)",
      body: ProcessCommandInput,
      response: ProcessCommandOutput,
      example: { text: 'turn on the kitchen light', language: 'en' },
    }),
    async (request) => processCommand(deps, parseInput(ProcessCommandInput, request.body ?? {}, 'body')),
  );

  app.post(
    '/api/tags/scan',
    routeDoc({
      summary: 'A tag was read: fires tag_scanned (tag triggers)',
      body: ScanTagInput,
      response: ScanTagOutput,
    }),
    async (request) => scanTag(deps, parseInput(ScanTagInput, request.body ?? {}, 'body')),
  );
}
