import type { Metadata } from 'next';
import Recorder from './Recorder';

export const metadata: Metadata = { title: 'Record' };

export default function RecordPage() {
  return (
    <>
      <h1>New recording</h1>
      <p className="lede">Share your screen, talk it through, stop — the link is ready.</p>
      <Recorder />
    </>
  );
}
