/**
 * `input_select` (components/input_select, a SelectEntity): the state is the current option (`unknown` when it
 * is not among the options); `initial` wins, else the last state when it is an option, else the first option.
 * `select_option` with an unknown option is ignored (a warning in Home Assistant); next/previous cycle unless
 * `cycle: false`; `set_options` refuses duplicates and falls back to the first option. A reload takes the new
 * options and keeps the current one.
 */
import { ValidationError } from '../../core/errors.js';
import type { HelperConfig } from './schema.js';
import { flagParam, stringParam, type HelperKind } from './types.js';

type Config = HelperConfig<'input_select'>;

export const inputSelect: HelperKind<'input_select'> = {
  actions: {
    select_option: { description: 'select an option', params: { option: { type: 'string', required: true } } },
    select_next: { description: 'select the next option', params: { cycle: { type: 'boolean' } } },
    select_previous: { description: 'select the previous option', params: { cycle: { type: 'boolean' } } },
    select_first: { description: 'select the first option', params: {} },
    select_last: { description: 'select the last option', params: {} },
    set_options: { description: 'replace the options', params: { options: { type: 'json', required: true } } },
  },
  create(config: Config, last, env) {
    let options = [...config.options];
    let current: string | undefined = config.initial;
    if (current === undefined) current = last && options.includes(last.state) ? last.state : options[0];
    const select = (option: string) => {
      if (options.includes(option)) current = option;
      else env.warn(`${env.entityId}: invalid option: ${option} (possible options: ${options.join(', ')})`);
    };
    const offset = (by: number, cycle: boolean) => {
      const at = current !== undefined && options.includes(current) ? options.indexOf(current) : 0;
      let next = at + by;
      if (cycle) next = ((next % options.length) + options.length) % options.length;
      else next = Math.min(Math.max(next, 0), options.length - 1);
      select(options[next] as string);
    };
    return {
      state: () => ({
        state: current !== undefined && options.includes(current) ? current : null,
        attributes: { options: [...options] },
      }),
      execute(action, data) {
        const what = `input_select.${action}`;
        if (action === 'select_option') select(stringParam(data, 'option', what));
        else if (action === 'select_next') offset(1, flagParam(data, 'cycle', true));
        else if (action === 'select_previous') offset(-1, flagParam(data, 'cycle', true));
        else if (action === 'select_first') select(options[0] as string);
        else if (action === 'select_last') select(options[options.length - 1] as string);
        else {
          const raw = data['options'];
          const list = (Array.isArray(raw) ? raw : [raw]).map((o) => stringParam({ o }, 'o', what));
          if (list.length === 0) throw new ValidationError(`${what}: 'options' needs at least one option`);
          if (new Set(list).size !== list.length)
            throw new ValidationError(`Duplicated options: ${JSON.stringify(list)}`);
          options = list;
          if (current === undefined || !options.includes(current)) current = options[0];
        }
      },
      update(next) {
        options = [...(next as Config).options];
      },
      dispose() {},
    };
  },
};
