import { useCallback, useRef, useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { SignaturePad, type SignaturePadHandle } from '../counter/SignaturePad';
import { checkSignature, dataUrlBytes, MAX_SIGNATURE_BYTES, type SignatureMode } from './signing';

/**
 * 署名 on the vehicle tablet: the resident writes their name on the screen with a finger or a pen
 * (the counter's SignaturePad; no network needed), or signs the paper form kept in the vehicle. The
 * drawing is taken as a PNG after each stroke and kept only in the page's memory until the case is
 * saved (then sealed with the case). A drawing too large for one record is made smaller once, else
 * refused with what to do.
 */
export function VehicleSignature({ label, mode, onMode, dataUrl, onDataUrl, error }: {
  label: string;
  mode: SignatureMode;
  onMode: (mode: SignatureMode) => void;
  dataUrl: string | null;
  onDataUrl: (dataUrl: string | null) => void;
  error: string | null;
}) {
  const pad = useRef<SignaturePadHandle>(null);
  const wrap = useRef<HTMLDivElement>(null);
  // A signature drawn before switching tabs comes back as its picture (the canvas itself was gone).
  const [restored, setRestored] = useState(() => dataUrl !== null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  const onInk = useCallback((ink: boolean) => {
    if (!ink) {
      setTooLarge(null);
      onDataUrl(null);
      return;
    }
    let url = pad.current?.toDataUrl() ?? null;
    const canvas = wrap.current?.querySelector('canvas');
    if (url && canvas && dataUrlBytes(url) > MAX_SIGNATURE_BYTES) {
      // Half the pixels of a high-density screen still print sharply in the form's signature box.
      const small = document.createElement('canvas');
      small.width = Math.round(canvas.width / 2);
      small.height = Math.round(canvas.height / 2);
      small.getContext('2d')?.drawImage(canvas, 0, 0, small.width, small.height);
      url = small.toDataURL('image/png');
    }
    const check = checkSignature(url);
    setTooLarge(check.ok ? null : check.message);
    onDataUrl(check.ok ? url : null);
  }, [onDataUrl]);

  // Another way of signing drops a drawing already made: what is saved is always what the screen shows.
  const choose = (next: SignatureMode) => {
    if (next !== mode) {
      setRestored(false);
      setTooLarge(null);
      onDataUrl(null);
    }
    onMode(next);
  };

  return (
    <div className="flex flex-col gap-4">
      <span id="vehicle-signature-label" className="text-std-20B-150">{label}</span>
      <div role="group" aria-labelledby="vehicle-signature-label" className="flex flex-wrap gap-3">
        <Button variant={mode === 'screen' ? 'primary' : 'secondary'} aria-pressed={mode === 'screen'} className="min-h-14 px-6 text-std-18B-160" onClick={() => choose('screen')}>画面に署名する</Button>
        <Button variant={mode === 'paper' ? 'primary' : 'secondary'} aria-pressed={mode === 'paper'} className="min-h-14 px-6 text-std-18B-160" onClick={() => choose('paper')}>紙に署名する</Button>
      </div>
      {mode === 'paper' ? (
        <p className="rounded-8 bg-solid-gray-50 px-4 py-3 text-std-17N-170">紙の申請書にご本人の署名をいただき、車両で保管してください。</p>
      ) : (
        <>
          <p className="text-std-18N-160">ご本人に、下の枠へ指かタッチペンで氏名を書いていただきます。この署名が申請書に入ります（電波がなくても書けます）。</p>
          {restored && dataUrl ? (
            <div className="flex flex-col gap-3">
              <img src={dataUrl} alt="書いていただいた署名" className="h-64 w-full rounded-12 border-2 border-solid-gray-300 bg-white object-contain" />
              <Button variant="secondary" className="self-start" onClick={() => { setRestored(false); onDataUrl(null); }}>書き直す</Button>
            </div>
          ) : (
            <div ref={wrap}>
              <SignaturePad ref={pad} onChange={onInk} label="署名欄（指かペンで書く）" />
            </div>
          )}
          {dataUrl ? <p role="status" className="text-std-17B-170 text-green-900">署名をいただきました。</p> : null}
        </>
      )}
      {tooLarge ?? error ? <Alert variant="error" title="署名を確かめてください">{tooLarge ?? error}</Alert> : null}
    </div>
  );
}
