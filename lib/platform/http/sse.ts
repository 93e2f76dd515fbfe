/** A server-sent events stream: `open` starts sending and returns its clean-up; ends when the client goes. */
export function sseResponse(
  signal: AbortSignal,
  open: (send: (event: string, data: unknown) => void, close: () => void) => () => void,
): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let ping: NodeJS.Timeout | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        cleanup?.();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      const send = (event: string, data: unknown) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      ping = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': ping\n\n'));
      }, 15_000);
      cleanup = open(send, close);
      if (closed) cleanup();
      signal.addEventListener('abort', close, { once: true });
    },
    cancel() {
      closed = true;
      clearInterval(ping);
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: compression would hold events back
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
