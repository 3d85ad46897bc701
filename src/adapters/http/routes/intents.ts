// `GET /api/intents/donation`: the handler donation of the spoken commands (the seed's MQTT donation schema) for
// the devices known now. A thin shell over `usecases/intents.ts`.
import type { FastifyInstance } from 'fastify';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { intentDonation, IntentDonationOutput } from '../../../usecases/intents.js';
import { routeDoc } from '../route-doc.js';

export function registerIntentRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/intents/donation',
    routeDoc({
      summary: "The voice assistant's handler donation: device templates and the methods generated for every device",
      response: IntentDonationOutput,
    }),
    async () => intentDonation(deps),
  );
}
