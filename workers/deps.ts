import type { Config } from '@/lib/config';
import type { Storage } from '@/lib/storage';

export interface WorkerDeps {
  config: Pick<Config, 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'WEFT_FFMPEG_PRESET'>;
  storage: Storage;
}
