/**
 * A small RFC 5545 reader, enough to read our own feed back as a calendar application would:
 * unfolds continuation lines, splits NAME;PARAMS:VALUE and unescapes TEXT values. Properties with
 * parameters keep them ("TZID=Asia/Tokyo:20261201T100000").
 */

export type IcalProperties = Record<string, string>;

export interface ParsedCalendar {
  properties: IcalProperties;
  timezones: string[];
  events: IcalProperties[];
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** The first ':' not inside a quoted parameter value separates the name and parameters from the value. */
function splitLine(line: string): { name: string; params: string | null; value: string } {
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    if (c === ':' && !quoted) {
      const head = line.slice(0, i);
      const semi = head.indexOf(';');
      return { name: (semi < 0 ? head : head.slice(0, semi)).toUpperCase(), params: semi < 0 ? null : head.slice(semi + 1), value: line.slice(i + 1) };
    }
  }
  throw new Error(`not a content line: ${line}`);
}

export function parseCalendar(text: string): ParsedCalendar {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l.length > 0);
  const out: ParsedCalendar = { properties: {}, timezones: [], events: [] };
  const stack: string[] = [];
  let event: IcalProperties | null = null;
  for (const line of lines) {
    const { name, params, value } = splitLine(line);
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') event = {};
      continue;
    }
    if (name === 'END') {
      if (stack.pop() !== value) throw new Error(`END:${value} without BEGIN`);
      if (value === 'VEVENT' && event) {
        out.events.push(event);
        event = null;
      }
      continue;
    }
    const v = params === null ? unescapeText(value) : `${params}:${value}`;
    const top = stack.at(-1);
    if (top === 'VEVENT' && event) event[name] = v;
    else if (top === 'VTIMEZONE' && name === 'TZID') out.timezones.push(v);
    else if (top === 'VCALENDAR') out.properties[name] = v;
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
  return out;
}
