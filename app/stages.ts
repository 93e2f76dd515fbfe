/** What each processing stage is called on screen. */
const STAGES: Record<string, string> = {
  queued: 'Waiting for a worker',
  probe: 'Reading the recording',
  first: 'Preparing playback',
  ladder: 'Making every quality',
  thumbnails: 'Making thumbnails',
  cutting: 'Cutting',
};

export function stageLabel(stage: string | null | undefined): string {
  return STAGES[stage ?? 'queued'] ?? 'Working';
}
