/** Whether a state or attribute value equals one of the wanted state texts (Home Assistant's `state` condition and trigger). */
export function matchesState(value: unknown, wanted: readonly string[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return wanted.includes(value);
  if (typeof value === 'boolean') {
    const spelled = value ? ['on', 'true', 'True'] : ['off', 'false', 'False'];
    return wanted.some((w) => spelled.includes(w));
  }
  if (typeof value === 'number') return wanted.some((w) => w.trim() !== '' && Number(w) === value);
  return wanted.includes(JSON.stringify(value));
}
