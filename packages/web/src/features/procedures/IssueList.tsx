import type { DefinitionIssue } from '../../api/types';
import { Badge } from '../../components/Badge';
import { describeIssuePath } from './issueLocation';

export interface IssueListProps {
  issues: readonly DefinitionIssue[];
  /** The document the paths point into, to name steps and fields as the editor wrote them. */
  document: unknown;
  context?: 'definition' | 'ruleSet';
}

/**
 * What publishing would refuse (errors) and what it would only warn about, each with where it is
 * and what to do. Errors come first: they are what stands between the draft and publishing.
 */
export function IssueList({ issues, document, context = 'definition' }: IssueListProps) {
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  if (issues.length === 0) {
    return (
      <p role="status" className="flex items-center gap-2 text-std-16B-170 text-green-900">
        <span aria-hidden="true">✓</span>問題は見つかりません。公開できます。
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <p role="status" className="text-std-16B-170">
        {errors.length > 0 ? `直すところが${errors.length}件あります（直すまで公開できません）。` : '公開できます。'}
        {warnings.length > 0 ? `注意が${warnings.length}件あります。` : ''}
      </p>
      <ul className="flex max-h-96 flex-col gap-2 overflow-y-auto" aria-label="定義の問題の一覧">
        {[...errors, ...warnings].map((issue, index) => (
          <li
            key={`${issue.code}-${issue.path}-${index}`}
            className={`flex flex-col gap-1 rounded-8 border-l-4 bg-white p-3 ${issue.severity === 'error' ? 'border-red-900' : 'border-yellow-900'}`}
          >
            <span className="flex flex-wrap items-center gap-2">
              {issue.severity === 'error' ? <Badge tone="negative">要修正</Badge> : <Badge tone="notice">注意</Badge>}
              <span className="text-std-16B-170">{describeIssuePath(document, issue.path, context)}</span>
            </span>
            <span className="text-std-16N-170">{issue.message}</span>
            <span className="font-mono text-dns-14N-130 text-solid-gray-700">
              {issue.code}
              {issue.path ? ` ・ ${issue.path}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
