import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

const detectorClass = (): BarcodeDetectorConstructor | null => (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector ?? null;

/** Whether this browser can read QR codes with the camera (Chrome on Android and ChromeOS, Safari 17+…). */
export const canScanWithCamera = () => detectorClass() !== null && typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

/**
 * Reads a QR code with the tablet's camera through the browser's BarcodeDetector. Where the browser
 * has none, staff use a handheld scanner (it types into the code field) or type the code.
 */
export function QrScanner({ onDetected, onClose }: { onDetected: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const Detector = detectorClass();
    if (!Detector) return undefined;
    let stream: MediaStream | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    const scan = async () => {
      if (stopped || !video.current) return;
      try {
        const found = await detector.detect(video.current);
        if (found[0]) {
          onDetected(found[0].rawValue);
          return;
        }
      } catch {
        // A frame that is not ready yet: try the next one.
      }
      timer = setTimeout(() => void scan(), 250);
    };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(async (s) => {
      stream = s;
      if (!video.current || stopped) return;
      video.current.srcObject = s;
      await video.current.play();
      void scan();
    }).catch(() => setProblem('カメラを使えませんでした。ブラウザのカメラの許可を確かめるか、受付コードを入力してください。'));
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [onDetected]);
  return (
    <div className="flex flex-col gap-3">
      {problem ? <p role="alert" className="text-std-16B-170 text-red-900">{problem}</p> : null}
      <video ref={video} muted playsInline className="aspect-video w-full max-w-xl rounded-12 bg-black" aria-label="カメラの映像（QRコードをかざしてください）" />
      <Button variant="secondary" className="self-start" onClick={onClose}>カメラを閉じる</Button>
    </div>
  );
}
