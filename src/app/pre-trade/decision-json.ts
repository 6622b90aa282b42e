import type { DecisionRecord, PreTradeResponse } from './pre-trade-response.ts';

/**
 * The JSON texts of a decision, each computed once: the HTTP answer, the write-ahead log line and
 * the recorder's input all carry the same response, and the order path should serialise it once.
 * Texts are kept beside the objects (weakly), so they live exactly as long as the objects do.
 */
const responseTexts = new WeakMap<PreTradeResponse, string>();
const recordTexts = new WeakMap<DecisionRecord, string>();

/** `JSON.stringify(response)`, computed once per response object. */
export function responseText(response: PreTradeResponse): string {
  let text = responseTexts.get(response);
  if (text === undefined) {
    text = JSON.stringify(response);
    responseTexts.set(response, text);
  }
  return text;
}

/** A response parsed back from its text, which stays its text (a replay is answered byte for byte). */
export function responseFromText(text: string): PreTradeResponse {
  const response = JSON.parse(text) as PreTradeResponse;
  responseTexts.set(response, text);
  return response;
}

/** `JSON.stringify(record)` (keys actor, requestHash, response), reusing the response's text. */
export function decisionRecordText(record: DecisionRecord): string {
  let text = recordTexts.get(record);
  if (text === undefined) {
    text = `{"actor":${JSON.stringify(record.actor)},"requestHash":${JSON.stringify(record.requestHash)},"response":${responseText(record.response)}}`;
    recordTexts.set(record, text);
  }
  return text;
}

/**
 * The response with another latency (an approval's, once its record is durable); its text is the
 * original's with the last field replaced, as `latencyMicros` is the last key of a response.
 */
export function withLatencyMicros(response: PreTradeResponse, latencyMicros: number): PreTradeResponse {
  const next: PreTradeResponse = { ...response, latencyMicros };
  const text = responseTexts.get(response);
  const at = text?.lastIndexOf(',"latencyMicros":') ?? -1;
  if (text !== undefined && at >= 0 && text.endsWith('}')) responseTexts.set(next, `${text.slice(0, at)},"latencyMicros":${JSON.stringify(latencyMicros)}}`);
  return next;
}
