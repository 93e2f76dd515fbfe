import { LocalScratch } from '../scratch';
import type { Storage } from '../types';
import { S3Objects, type S3Settings } from './objects';
import { S3Uploads } from './uploads';

export { S3Objects, type S3Settings } from './objects';

/** S3 storage: objects and uploads in the bucket, scratch work in a local folder. */
export function s3Storage(settings: S3Settings): Storage & { kind: 's3'; objects: S3Objects } {
  const scratch = new LocalScratch(settings.scratchDir);
  const objects = new S3Objects(settings, scratch);
  return { kind: 's3', objects, uploads: new S3Uploads(objects), scratch };
}
