export function Loading({ label = '読み込んでいます…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-3 py-8 text-std-16N-170 text-solid-gray-800">
      <span
        aria-hidden="true"
        className="size-6 animate-spin rounded-full border-4 border-key-100 border-t-key-900 motion-reduce:animate-none"
      />
      {label}
    </div>
  );
}
