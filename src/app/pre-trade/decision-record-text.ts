import type { DecisionRecord } from './pre-trade-gate.ts';

const texts = new WeakMap<DecisionRecord, string>();

/**
 * A decision record's JSON, computed once per record: the write-ahead log and the off-thread
 * recorder both need it, and the order path should not pay for it twice.
 */
export function decisionRecordText(record: DecisionRecord): string {
  let text = texts.get(record);
  if (text === undefined) {
    text = JSON.stringify(record);
    texts.set(record, text);
  }
  return text;
}
