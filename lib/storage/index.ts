import type { Config } from '../config';
import { DiskStorage } from './disk';
import type { Storage } from './types';

export type { Storage, ObjectInfo, ByteRange } from './types';
export { isSafeKey } from './types';

export function createStorage(config: Pick<Config, 'WEFT_STORAGE' | 'mediaDir'>): Storage {
  switch (config.WEFT_STORAGE) {
    case 'disk':
      return new DiskStorage(config.mediaDir);
  }
}
