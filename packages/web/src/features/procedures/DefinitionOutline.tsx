import type { ProcedureDefinition } from '@madoguchi/procedures';
import { Badge } from '../../components/Badge';
import { outlineOf, type OutlineField } from './outline';

function FieldRow({ field }: { field: OutlineField }) {
  return (
    <li className="flex flex-col gap-1 border-t border-solid-gray-200 py-2 first:border-t-0">
      <span className="flex flex-wrap items-center gap-2">
        <span className="text-std-16B-170">{field.label}</span>
        <span className="text-dns-14N-130 text-solid-gray-700">{field.typeLabel}</span>
        {field.required === 'always' ? <Badge tone="negative">必須</Badge> : null}
        {field.required === 'conditional' ? <Badge tone="notice">条件により必須</Badge> : null}
        {field.conditional ? <Badge>条件付きで表示</Badge> : null}
        {field.computed ? <Badge>自動計算</Badge> : null}
        {field.staffOnly ? <Badge>職員だけ</Badge> : null}
      </span>
      <span className="font-mono text-dns-14N-130 text-solid-gray-700">{field.id}</span>
      {field.children.length > 0 ? (
        <ul className="ml-4 border-l-2 border-solid-gray-200 pl-4">
          {field.children.map((child) => (
            <FieldRow key={child.id} field={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The steps and fields of a definition, read-only: what the resident or the clerk will be asked. */
export function DefinitionOutline({ definition }: { definition: ProcedureDefinition }) {
  const steps = outlineOf(definition);
  return (
    <ol className="flex flex-col gap-4">
      {steps.map((step, index) => (
        <li key={step.id} className="rounded-8 border border-solid-gray-200 p-4">
          <h3 className="flex flex-wrap items-center gap-2 text-std-17B-170">
            <span>
              手順{index + 1}　{step.title}
            </span>
            {step.conditional ? <Badge>条件付きで表示</Badge> : null}
          </h3>
          <ul className="mt-2 flex flex-col">
            {step.fields.map((field) => (
              <FieldRow key={field.id} field={field} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
