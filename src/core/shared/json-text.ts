/**
 * A value already serialised as JSON text. Publishers and stores send it as it is instead of
 * serialising the value again (a risk report is serialised once per cycle, off the event loop).
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON text of a message that may embed pre-serialised parts (JsonText) at its top level. */
export function messageText(message: unknown): string {
  if (message instanceof JsonText) return message.text;
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return JSON.stringify(message);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(message as Record<string, unknown>)) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${v instanceof JsonText ? v.text : JSON.stringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}
