import type { Field, ProcedureDefinition } from '@madoguchi/procedures';
import { fieldTypeLabels } from './labels';

export interface OutlineField {
  id: string;
  label: string;
  typeLabel: string;
  required: 'always' | 'conditional' | 'never';
  /** Shown only when its condition holds. */
  conditional: boolean;
  computed: boolean;
  staffOnly: boolean;
  children: OutlineField[];
}

export interface OutlineStep {
  id: string;
  title: string;
  conditional: boolean;
  fields: OutlineField[];
}

function outlineField(field: Field): OutlineField {
  return {
    id: field.id,
    label: field.label,
    typeLabel: fieldTypeLabels[field.type],
    required: field.requiredWhen !== undefined ? 'conditional' : field.required ? 'always' : 'never',
    conditional: field.visibleWhen !== undefined,
    computed: 'compute' in field && field.compute !== undefined,
    staffOnly: field.staffOnly,
    children: field.type === 'repeater' ? field.fields.map(outlineField) : [],
  };
}

/** Steps and fields as an editor thinks of them, without the logic's details. */
export function outlineOf(definition: ProcedureDefinition): OutlineStep[] {
  return definition.steps.map((step) => ({
    id: step.id,
    title: step.title,
    conditional: step.visibleWhen !== undefined,
    fields: step.fields.map(outlineField),
  }));
}

export function countFields(steps: readonly OutlineStep[]): number {
  return steps.reduce((n, step) => n + step.fields.reduce((m, f) => m + 1 + f.children.length, 0), 0);
}
