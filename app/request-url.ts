import { headers } from 'next/headers';
import { config } from '@/lib/config';

/** The public base URL in a server component: configured, or from the request's Host header. */
export async function baseUrlFromHeaders(): Promise<string> {
  const configured = config().WEFT_PUBLIC_URL;
  if (configured) return configured;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}
