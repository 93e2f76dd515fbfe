/** Reads a server-sent event stream as text; `until` waits (bounded) for a predicate on all read so far. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  let text = '';
  let closed = false;
  let pending: Promise<void> | null = null;
  const pump = () =>
    (pending ??= reader.read().then((r) => {
      pending = null;
      if (r.done) closed = true;
      else text += Buffer.from(r.value).toString();
    }));
  return {
    text: () => text,
    closed: () => closed,
    async until(pred: () => boolean, ms: number): Promise<void> {
      const end = Date.now() + ms;
      while (!pred() && !closed && Date.now() < end) await Promise.race([pump(), new Promise((ok) => setTimeout(ok, Math.max(0, end - Date.now())))]);
    },
  };
}
