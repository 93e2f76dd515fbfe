'use client';

import { useEffect, useRef } from 'react';
import type { InkCommand, InkTool } from '@/lib/record/browser/ink';

/**
 * Drawing over the recording: a transparent layer on the preview takes the pointer and sends strokes
 * (relative to the picture, letterboxing accounted for) to the compositor, which paints them into the
 * recorded frames; the preview shows them as they are recorded. `Esc` leaves drawing mode.
 */
export default function DrawLayer(props: {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  tool: InkTool;
  color: string;
  keep: boolean;
  onInk(c: InkCommand): void;
  onLeave(): void;
}) {
  const { videoRef, tool, color, keep, onInk, onLeave } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stroke = useRef<number | null>(null);
  const nextId = useRef(1);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      onLeave();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onLeave]);

  // the pointer's place on the picture (0..1), with the preview's letterbox taken off
  const at = (e: React.PointerEvent): { x: number; y: number } | null => {
    const box = ref.current?.getBoundingClientRect();
    const video = videoRef.current;
    if (!box || !video || !video.videoWidth) return null;
    const k = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const w = video.videoWidth * k;
    const h = video.videoHeight * k;
    return { x: (e.clientX - box.left - (box.width - w) / 2) / w, y: (e.clientY - box.top - (box.height - h) / 2) / h };
  };

  return (
    <div
      ref={ref}
      className="draw-layer"
      data-testid="draw-layer"
      aria-label="Drawing area: draw on the recording with the pointer; Esc leaves drawing mode"
      onPointerDown={(e) => {
        const p = at(e);
        if (!p) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        const id = nextId.current++;
        stroke.current = id;
        onInk({ op: 'begin', id, tool, color, x: p.x, y: p.y, keep });
      }}
      onPointerMove={(e) => {
        const p = stroke.current !== null ? at(e) : null;
        if (p && stroke.current !== null) onInk({ op: 'point', id: stroke.current, x: p.x, y: p.y });
      }}
      onPointerUp={() => {
        if (stroke.current !== null) onInk({ op: 'end', id: stroke.current });
        stroke.current = null;
      }}
      onPointerCancel={() => {
        if (stroke.current !== null) onInk({ op: 'end', id: stroke.current });
        stroke.current = null;
      }}
    />
  );
}
