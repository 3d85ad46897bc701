/**
 * What the intent engine answers, in the shape of Home Assistant's IntentResponse (`helpers/intent.py`): done,
 * answered or refused, with what it was about (`targets`), the entities acted on or answered about (`success`) and
 * those that failed. `question` marks an answer that asks back ("Which light: …?"); nothing was done then.
 */
export interface IntentTarget {
  readonly name: string;
  readonly type: 'area' | 'domain' | 'device_class' | 'entity';
  readonly id: string | null;
}

/** What the engine understood: the template and action (or question), its targets and the data it sent. */
export interface Understood {
  readonly intent: string;
  readonly action: string | null;
  readonly entities: readonly string[];
  readonly area: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export type IntentReply =
  | {
      readonly response_type: 'action_done' | 'query_answer';
      readonly speech: string;
      readonly targets: readonly IntentTarget[];
      readonly success: readonly IntentTarget[];
      readonly failed: readonly IntentTarget[];
      readonly understood: Understood;
    }
  | {
      readonly response_type: 'error';
      readonly code: 'no_valid_targets' | 'failed_to_handle';
      readonly speech: string;
      readonly question?: boolean;
      readonly understood?: Understood;
    };
