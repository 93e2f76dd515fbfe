import { errorMessage } from '@/lib/shared/client';

/** A message beside the control that caused it: what happened, or why it did not. */
export type Note = { text: string; error: boolean } | null;

export function Said({ note, testId }: { note: Note; testId: string }) {
  if (!note) return null;
  return (
    <span className={note.error ? 'error-text small' : 'muted small'} role={note.error ? 'alert' : 'status'} data-testid={testId}>
      {note.text}
    </span>
  );
}

/** Runs an action and says its outcome: its sentence (or nothing), or the error's message. */
export async function runNoted(say: (n: Note) => void, fn: () => Promise<string | null>, fallback = 'That did not work. Try again.'): Promise<void> {
  say(null);
  try {
    const text = await fn();
    say(text ? { text, error: false } : null);
  } catch (e) {
    say({ text: errorMessage(e, fallback), error: true });
  }
}
