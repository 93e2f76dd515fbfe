'use client';

import { useEffect, useRef, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import type { StreamInfoView as StreamInfo } from '@/lib/shared/api/contract';
import { api, errorMessage } from '@/lib/shared/client';
import { formatDuration } from '@/lib/shared/format';
import { useVideoEvents } from '@/app/use-video-events';
import { useRouter } from 'next/navigation';
import TitleEditor from '@/app/TitleEditor';
import DeleteVideo from '@/app/DeleteVideo';
import When from '@/app/When';
import { stageLabel } from '@/app/stages';
import PlayerHost from './PlayerHost';
import type { PlayerHandle } from '@/lib/watch/browser/player/core';
import { mediaPath, streamSettings, withToken, type PagePlayerMarkup, type TimelineMark } from '@/lib/watch/browser/player/settings';
import dynamic from 'next/dynamic';
import { useTranscript } from './use-transcript';
import { useFloaters } from './use-floaters';
import { useSocial } from './use-social';
import type { EditRange } from './EditPanel';

// The panels are not on the way to the first frame: their code loads, and they render, after the page
// has hydrated (their content comes from the API anyway).
const SummaryPanel = dynamic(() => import('./SummaryPanel'), { ssr: false });
const TranscriptPanel = dynamic(() => import('./TranscriptPanel'), { ssr: false });
const CommentsPanel = dynamic(() => import('./CommentsPanel'), { ssr: false });
const ReactionBar = dynamic(() => import('./ReactionBar'), { ssr: false });
const EditPanel = dynamic(() => import('./EditPanel'), { ssr: false });

/** Two media URLs of the same version folder (signatures aside). */
function sameVersion(a: string, b: string): boolean {
  const folder = (u: string) => (mediaPath(u) ?? '').split('/').slice(0, 3).join('/');
  return folder(a) === folder(b);
}

export default function Watch({
  initial,
  initialStream = null,
  initialPlayer = null,
  playerScript,
  token,
  startAt = 0,
  signedIn = false,
}: {
  initial: VideoView;
  /** Signed URLs made with the page (a playable video starts loading without a round trip). */
  initialStream?: StreamInfo | null;
  /** The player the server rendered for `initialStream` (its playlists inside). */
  initialPlayer?: PagePlayerMarkup | null;
  /** The player's script, for a player started later. */
  playerScript: string;
  token: string | null;
  startAt?: number;
  signedIn?: boolean;
}) {
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  const [video, putVideo] = useVideoEvents(initial, `/api/v1/videos/${initial.id}/events${q}`);
  const router = useRouter();
  const [stream, setStream] = useState<StreamInfo | null>(initialStream);
  // the status the page's stream was made for: no need to ask again until it changes
  const streamFor = useRef<string | null>(initialStream ? `${initial.live ? 'live' : initial.status}:${initial.version ?? ''}` : null);
  const [streamError, setStreamError] = useState<string | null>(null);
  const [time, setTime] = useState(0);
  const timeRef = useRef(0);
  // the panels (and their requests) wait for the first frame, or 1.5 s: they stay off its way
  const [framed, setFramed] = useState(false);
  const social = useSocial(initial.id, token, framed);
  const floaters = useFloaters(social.comments, social.reactions, time);
  const startedRef = useRef(false);
  const [transcript, setTranscript, reloadTranscript] = useTranscript(initial.id, q, framed, video.version);
  const control = useRef<PlayerHandle | null>(null);
  const [handle, setHandle] = useState<PlayerHandle | null>(null);
  // ranges marked to cut from the transcript, for the editor to take
  const [toCut, setToCut] = useState<EditRange[]>([]);
  const playable = video.status === 'ready' || video.status === 'playable';
  // a recording going on plays already (its growing playlist); the panels wait for the video
  const watchable = playable || video.live;
  // a new version (an edit applied) has new URLs: the old version's files go
  const streamState = `${video.live ? 'live' : video.status}:${video.version ?? ''}`;

  // Signed URLs once the video plays, and again when it is complete (storyboard); the player keeps
  // its master playlist, which lists the new renditions by then.
  useEffect(() => {
    if (!watchable || streamFor.current === streamState) return;
    streamFor.current = streamState;
    let cancelled = false;
    void (async () => {
      try {
        const data: StreamInfo = await api.call('stream', { params: { id: video.id }, query: { token } });
        if (cancelled) return;
        // a player already playing keeps its master playlist; one not started takes the complete one
        // (the same version only: another one means the old one is gone)
        setStream((prev) => {
          // a player already playing keeps its master playlist; one not started takes the complete one
          if (prev && (startedRef.current || prev.status === 'live') && sameVersion(prev.master, data.master)) return { ...data, master: prev.master, poster: prev.poster ?? data.poster };
          // a new version (the owner applied an edit): a viewer in the middle of the old one plays on
          // (its files stay a while); the owner sees the result
          if (prev && startedRef.current && !video.canManage && !sameVersion(prev.master, data.master)) return prev;
          return data;
        });
      } catch (e) {
        if (!cancelled) setStreamError(errorMessage(e, 'This video cannot be played.'));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [video.id, video.canManage, watchable, streamState, token]);

  useEffect(() => {
    if (framed) return;
    const done = () => setFramed(true);
    const timer = setTimeout(done, stream ? 1500 : 0);
    const v = handle?.video;
    if (v && v.readyState >= 2) done();
    v?.addEventListener('loadeddata', done, { once: true });
    return () => {
      clearTimeout(timer);
      v?.removeEventListener('loadeddata', done);
    };
  }, [framed, handle, stream]);
  const panels = playable && framed;

  // the page's parts of the player: the time, the marks, captions and scrub previews as they come
  useEffect(() => {
    if (!handle) return;
    return handle.onTime((t) => {
      if (t > 0) startedRef.current = true;
      timeRef.current = t;
      setTime(t);
    });
  }, [handle]);
  const marks: TimelineMark[] = [
    ...(transcript?.analysis?.chapters ?? []).map((c) => ({ atSec: c.startSec, kind: 'chapter' as const, label: c.title })),
    ...social.comments.filter((c) => !c.parentId).map((c) => ({ atSec: c.atSec, kind: 'comment' as const, label: `${c.author.name}: ${c.text.slice(0, 80)}` })),
    ...social.reactions.map((r) => ({ atSec: r.atSec, kind: 'reaction' as const, label: `${r.emoji} ×${r.count}` })),
  ];
  const markKey = JSON.stringify(marks);
  useEffect(() => {
    handle?.setMarks(JSON.parse(markKey) as TimelineMark[]);
  }, [handle, markKey]);
  const captionKey = JSON.stringify(stream?.captions ?? []);
  useEffect(() => {
    if (!handle || !stream) return;
    handle.setCaptions(stream.captions.map((c) => ({ ...c, url: withToken(c.url, token) })));
    handle.setStoryboard(stream.storyboard);
    // captionKey stands for the captions' content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handle, captionKey, stream?.storyboard?.track, token]);

  const pct = Math.round((video.processing.progress ?? 0) * 100);

  return (
    <div className="watch">
      {stream ? (
        <div className="watch-player">
          <PlayerHost
            key={stream.master}
            title={video.title}
            player={
              initialPlayer && initialPlayer.settings.master === stream.master
                ? initialPlayer
                : { settings: streamSettings(stream, { videoId: video.id, token, startAt, surface: 'page' }), script: playerScript }
            }
            onReady={(h) => {
              control.current = h;
              setHandle(h);
            }}
            onError={setStreamError}
          />
          <div className="floaters" aria-hidden="true">
            {floaters.map((f) => (
              <span key={f.key} className={`floater ${f.kind}`} data-testid="floater">
                {f.text}
              </span>
            ))}
          </div>
        </div>
      ) : video.status === 'failed' || streamError ? (
        <div className="watch-state failed" role="alert" data-testid="video-error">
          <strong>This video could not be processed</strong>
          <span>{video.error?.message ?? streamError}</span>
        </div>
      ) : (
        <div className="watch-state" data-testid="video-processing" aria-live="polite">
          <strong>{video.status === 'uploading' ? 'Receiving the recording — it plays here in a moment' : 'Processing…'}</strong>
          {video.status !== 'uploading' && (
            <>
              <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                <span style={{ width: `${pct}%` }} />
              </div>
              <span className="small">
                {stageLabel(video.processing.stage)} · {pct}%
              </span>
            </>
          )}
        </div>
      )}
      <div>
        <div className="watch-head">
          <TitleEditor videoId={video.id} title={video.title} canEdit={video.canManage} className="watch-title" />
          {video.canDownload && (
            <a className="button" href={`/api/v1/videos/${video.id}/download${q}`} download data-testid="video-download">
              Download
            </a>
          )}
          {video.canManage && <DeleteVideo videoId={video.id} title={video.title} onDeleted={() => router.push(`/?deleted=${video.id}`)} />}
        </div>
        <p className="muted small" data-testid="video-status">
          {playable && video.durationMs ? formatDuration(video.durationMs) + ' · ' : ''}
          {video.status === 'ready' ? 'Ready' : video.status === 'playable' ? 'Playable' : video.status}
          {' · '}
          <When iso={video.createdAt} />
        </p>
        {video.status === 'playable' && video.processing.stage && (
          <div className="inline-progress small muted" data-testid="ladder-progress" aria-live="polite">
            <span>
              {stageLabel(video.processing.stage)} · {pct}%
            </span>
            <div className="progress progress-thin" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
              <span style={{ width: `${pct}%` }} />
            </div>
          </div>
        )}
      </div>
      {panels && video.canManage && video.status === 'ready' && stream && (
        <EditPanel video={video} stream={stream} handle={handle} time={time} transcript={transcript} onSeek={(t) => control.current?.seek(t)} onChanged={putVideo} ranges={toCut} setRanges={setToCut} />
      )}
      {panels && transcript?.analysis && (
        <SummaryPanel analysis={transcript.analysis} videoId={video.id} title={video.title} canManage={video.canManage} onSeek={(t) => control.current?.seek(t)} />
      )}
      {panels && (
        <ReactionBar
          videoId={video.id}
          token={token}
          time={() => timeRef.current}
          onSent={() => void social.reload()}
          may={video.canManage || video.comments === 'anyone' || (video.comments === 'signed_in' && signedIn) ? 'yes' : video.comments === 'nobody' ? 'closed' : 'log_in'}
        />
      )}
      {panels && (
        <CommentsPanel
          videoId={video.id}
          token={token}
          comments={social.comments}
          policy={video.comments}
          signedIn={signedIn}
          canManage={video.canManage}
          time={() => timeRef.current}
          onSeek={(t) => control.current?.seek(t)}
          onChange={() => void social.reload()}
        />
      )}
      {panels && (
        <TranscriptPanel
          videoId={video.id}
          query={q}
          transcript={transcript}
          onChange={setTranscript}
          time={time}
          canManage={video.canManage}
          language={video.language}
          onRetranscribe={reloadTranscript}
          onSeek={(t) => control.current?.seek(t)}
          onCutWords={video.canManage && video.status === 'ready' ? (r) => setToCut((all) => [...all, r]) : undefined}
        />
      )}
    </div>
  );
}
