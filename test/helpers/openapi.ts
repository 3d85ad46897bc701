// Checks an OpenAPI document with a maintained validator (@seriousme/openapi-schema-validator: the official
// OpenAPI 3.x JSON Schemas), naming each problem found.
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'vitest';

export async function expectValidOpenApi(doc: unknown, version = '3.1'): Promise<void> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe(version);
}
