/** A problem found in a definition, a layout or a rule set. Errors block publishing; warnings do not. */
export type Issue = {
  severity: 'error' | 'warning';
  /** Stable code, e.g. DEF-UNKNOWN-FIELD. */
  code: string;
  /** Where in the document, e.g. `steps[0].fields[2].visibleWhen.args[0]`. */
  path: string;
  /** Japanese, specific, says what to do next. */
  message: string;
};

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

export function error(code: string, path: string, message: string): Issue {
  return { severity: 'error', code, path, message };
}

export function warning(code: string, path: string, message: string): Issue {
  return { severity: 'warning', code, path, message };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
