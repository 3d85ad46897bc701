// How a tool answers: the use case's output as structured content (and as text), or a thrown error as an
// `isError` result whose text tells the model what to do next. Nothing here depends on the MCP SDK.
import { AppError, errorMessage } from '../../../core/errors.js';

export type Structured = Record<string, unknown>;

export interface ToolResultShape {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Structured;
  isError?: boolean;
}

export function toolResult(output: Structured): ToolResultShape {
  return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
}

export function toolError(err: unknown): ToolResultShape {
  const text = err instanceof AppError ? err.message : `Internal error: ${errorMessage(err)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

/** Runs a use case; a thrown error becomes an `isError` result. */
export async function run(fn: () => Structured | Promise<Structured>): Promise<ToolResultShape> {
  try {
    return toolResult(await fn());
  } catch (err) {
    return toolError(err);
  }
}
