import http from 'node:http';
import { PEER_ADDRESS_HEADER_NAME } from './client-address';

/**
 * The address of the TCP peer of each request, for throttles keyed by client address. Route
 * handlers only see headers, and Next.js keeps a client-sent `X-Forwarded-For` as it is (it adds
 * the socket's address only when the header is absent), so that header alone would let anyone
 * pick their own address. This hook, installed once at start-up, writes the socket's address into
 * a header of its own on every request, overwriting whatever a client sent under that name.
 */
export const PEER_ADDRESS_HEADER = PEER_ADDRESS_HEADER_NAME;

const INSTALLED = Symbol.for('weft.peerAddressHook');

export function installPeerAddressHeader(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage | undefined;
      if (req?.headers) req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? 'unknown';
    }
    return (emit as (this: http.Server, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
