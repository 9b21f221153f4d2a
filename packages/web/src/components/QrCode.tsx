import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

export interface QrCodeProps {
  value: string;
  /** Describes what the code is for; the value itself may be secret and is not read aloud. */
  label: string;
  size?: number;
}

/** Draws a QR code as one SVG path: crisp at any size and readable off a tablet screen. */
export function QrCode({ value, label, size = 240 }: QrCodeProps) {
  const { path, modules } = useMemo(() => {
    const code = qrcode(0, 'M');
    code.addData(value);
    code.make();
    const count = code.getModuleCount();
    const parts: string[] = [];
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) {
        if (code.isDark(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
      }
    }
    return { path: parts.join(''), modules: count };
  }, [value]);
  // A four-module quiet zone, as scanners expect.
  const quiet = 4;
  const extent = modules + quiet * 2;
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`${-quiet} ${-quiet} ${extent} ${extent}`}
      shapeRendering="crispEdges"
      className="rounded-8 border border-solid-gray-300 bg-white"
    >
      <rect x={-quiet} y={-quiet} width={extent} height={extent} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
