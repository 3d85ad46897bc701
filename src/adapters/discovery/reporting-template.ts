// A compiled template of a discovered entity that reports its own failures as the entity's diagnostics.
import type { CompiledTemplate } from '../../protocol/template/index.js';

/** Who hears about a template that failed while rendering. */
export interface TemplateOwner {
  reportTemplateFailure(key: string, source: string, err: unknown): void;
}

/**
 * A compiled template that reports its failures for its entity. A class rather than a closure per template:
 * a large network has 100,000 of them, and an instance is a third of a closure with its context.
 */
export class ReportingTemplate implements CompiledTemplate {
  constructor(
    private readonly template: CompiledTemplate,
    private readonly key: string,
    private readonly owner: TemplateOwner,
  ) {}

  get source(): string {
    return this.template.source;
  }

  render(vars: Readonly<Record<string, unknown>>): string {
    try {
      return this.template.render(vars);
    } catch (err) {
      this.owner.reportTemplateFailure(this.key, this.template.source, err);
      throw err;
    }
  }
}
