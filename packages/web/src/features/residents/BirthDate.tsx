import { formatSeirekiDate } from '../../lib/format';

/** 和暦 on the first line, as officials read it; 西暦 and age beneath for quick checks. */
export function BirthDate({ wareki, isoDate, age }: { wareki: string; isoDate: string; age?: number }) {
  return (
    <span className="flex flex-col">
      <span>{wareki}</span>
      <span className="text-dns-14N-130 text-solid-gray-700">
        {formatSeirekiDate(isoDate)}
        {age === undefined ? null : `・${age}歳`}
      </span>
    </span>
  );
}
