import path from 'node:path';
import type { Config } from '../config';
import { diskStorage } from './disk';
import { s3Storage } from './s3';
import type { Storage } from './types';

export type { Storage, ObjectStore, UploadStore, Scratch, ObjectInfo, ByteRange, GrowingObject } from './types';
export { isSafeKey, contentTypeOf, readText } from './types';

export type StorageConfig = Pick<
  Config,
  | 'WEFT_STORAGE'
  | 'mediaDir'
  | 'WEFT_S3_ENDPOINT'
  | 'WEFT_S3_BUCKET'
  | 'WEFT_S3_REGION'
  | 'WEFT_S3_ACCESS_KEY_ID'
  | 'WEFT_S3_SECRET_ACCESS_KEY'
  | 'WEFT_S3_FORCE_PATH_STYLE'
>;

export function createStorage(config: StorageConfig): Storage {
  switch (config.WEFT_STORAGE) {
    case 'disk':
      return diskStorage(config.mediaDir);
    case 's3':
      return s3Storage({
        endpoint: config.WEFT_S3_ENDPOINT,
        bucket: config.WEFT_S3_BUCKET ?? '',
        region: config.WEFT_S3_REGION,
        accessKeyId: config.WEFT_S3_ACCESS_KEY_ID,
        secretAccessKey: config.WEFT_S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.WEFT_S3_FORCE_PATH_STYLE === 'true',
        scratchDir: path.join(config.mediaDir, '.scratch'),
      });
  }
}
