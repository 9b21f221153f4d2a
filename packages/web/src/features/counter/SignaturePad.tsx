import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { Button } from '../../components/Button';

export interface SignaturePadHandle {
  /** A PNG data URL with a transparent background; null when nothing is drawn. */
  toDataUrl: () => string | null;
  clear: () => void;
}

/**
 * A signature field for a finger or a stylus. Pointer events cover both (and a mouse); the line
 * follows the pen's pressure when the device reports it. The canvas keeps a transparent
 * background, so the signature sits on the form like ink.
 */
export function SignaturePad({ ref, onChange, label }: { ref?: Ref<SignaturePadHandle>; onChange: (hasInk: boolean) => void; label: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [strokes, setStrokes] = useState(0);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    const { width, height } = canvas.getBoundingClientRect();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(ratio, ratio);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1a1a4a';
  }, []);

  useEffect(() => onChange(strokes > 0), [strokes, onChange]);

  useImperativeHandle(ref, () => ({
    toDataUrl: () => (strokes > 0 ? canvasRef.current!.toDataURL('image/png') : null),
    clear: () => {
      const canvas = canvasRef.current!;
      canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
      setStrokes(0);
    },
  }), [strokes]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const width = (e: React.PointerEvent) => (e.pointerType === 'pen' && e.pressure > 0 ? 1.5 + e.pressure * 4 : 3.2);

  return (
    <div className="flex flex-col gap-3">
      <div className="relative rounded-12 bg-white">
      <span aria-hidden="true" className="pointer-events-none absolute inset-x-8 bottom-12 border-b-2 border-solid-gray-300" />
      {strokes === 0 ? <span aria-hidden="true" className="pointer-events-none absolute left-8 top-6 text-std-20N-150 text-solid-gray-536">ここに指かペンで氏名を書いてください</span> : null}
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        className="relative h-64 w-full touch-none rounded-12 border-2 border-dashed border-key-900"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = point(e);
          const ctx = e.currentTarget.getContext('2d')!;
          ctx.beginPath();
          ctx.fillStyle = '#1a1a4a';
          ctx.arc(drawing.current.x, drawing.current.y, width(e) / 2, 0, Math.PI * 2);
          ctx.fill();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = point(e);
          const ctx = e.currentTarget.getContext('2d')!;
          ctx.lineWidth = width(e);
          ctx.beginPath();
          ctx.moveTo(drawing.current.x, drawing.current.y);
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
          drawing.current = p;
        }}
        onPointerUp={() => {
          if (drawing.current) setStrokes((n) => n + 1);
          drawing.current = null;
        }}
        onPointerCancel={() => {
          drawing.current = null;
        }}
      />
      </div>
      <Button variant="secondary" className="self-start" disabled={strokes === 0} onClick={() => {
        const canvas = canvasRef.current!;
        canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
        setStrokes(0);
      }}>
        書き直す
      </Button>
    </div>
  );
}
