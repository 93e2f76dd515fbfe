/** The CDNs of `WEFT_CDNS`, as the configuration reads them (lib/watch/stream/cdn.ts uses them). */
import fs from 'node:fs';
import { z } from 'zod';

export const cdnSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    baseUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be http(s)')
      .transform((u) => u.replace(/\/+$/, '')),
    weight: z.number().min(0).max(1000).default(1),
    /** ISO country codes this CDN serves first (upper case); empty: everywhere. */
    regions: z.array(z.string().trim().toUpperCase().length(2)).default([]),
    /** `weft`: our HMAC query, checked by the origin behind the CDN; `cloudfront`: CloudFront signed URLs as well; `none`. */
    signing: z.enum(['weft', 'cloudfront', 'none']).default('weft'),
    health: z.string().url().optional(),
    /** CloudFront: the key pair id and the PEM private key (or a path to it). */
    keyPairId: z.string().optional(),
    privateKey: z.string().optional(),
  })
  .strict()
  .refine((c) => c.signing !== 'cloudfront' || (c.keyPairId && c.privateKey), 'cloudfront signing needs keyPairId and privateKey');
export type CdnConfig = z.infer<typeof cdnSchema>;

export function parseCdns(value: string | undefined): CdnConfig[] {
  if (!value || !value.trim()) return [];
  const v = value.trim();
  let text = v;
  if (!v.startsWith('[') && !v.startsWith('{')) {
    try {
      text = fs.readFileSync(v, 'utf8');
    } catch {
      throw new Error(`WEFT_CDNS: cannot read the file ${v}`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('WEFT_CDNS: not JSON (a list of CDNs, or the path of a JSON file with one)');
  }
  const r = z.array(cdnSchema).max(20).safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`WEFT_CDNS: ${i?.path.join('.') || 'value'}: ${i?.message ?? 'invalid'}`);
  }
  return r.data;
}
