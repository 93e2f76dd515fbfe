'use client';

import { useState } from 'react';
import { COMMENT_MAX_LENGTH, type CommentPolicy } from '@/lib/shared/api/enums';
import { api, errorMessage } from '@/lib/shared/client';
import ErrorText from '@/app/ErrorText';
import { formatDuration } from '@/lib/shared/format';
import type { CommentItem } from './use-social';

const POLICIES: Array<[CommentPolicy, string]> = [
  ['signed_in', 'Signed-in viewers'],
  ['anyone', 'Anyone (a name is asked)'],
  ['nobody', 'Nobody'],
];

function Composer(props: {
  videoId: string;
  token: string | null;
  time: () => number;
  parentId?: string;
  askName: boolean;
  onDone(): void;
  onCancel?: () => void;
}) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="comment-composer"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await api.call('createComment', {
            params: { id: props.videoId },
            query: { token: props.token },
            body: { text, atSec: props.time(), parentId: props.parentId ?? null, ...(props.askName ? { name } : {}) },
          });
          setText('');
          props.onDone();
        } catch (err) {
          setError(errorMessage(err, 'Could not post the comment.'));
        } finally {
          setBusy(false);
        }
      }}
    >
      {props.askName && (
        <input className="comment-name" placeholder="Your name" value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} data-testid="comment-name" aria-label="Your name" />
      )}
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={props.parentId ? 'Reply…' : `Comment at ${formatDuration(props.time() * 1000)}…`}
        maxLength={COMMENT_MAX_LENGTH}
        rows={2}
        required
        aria-label={props.parentId ? 'Reply' : 'Comment'}
        data-testid={props.parentId ? 'reply-text' : 'comment-text'}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
        }}
      />
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy || !text.trim()} data-testid={props.parentId ? 'reply-send' : 'comment-send'}>
          {props.parentId ? 'Reply' : 'Comment'}
        </button>
        {props.onCancel && (
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <ErrorText message={error} />
      </div>
    </form>
  );
}

function CommentRow(props: { c: CommentItem; videoId: string; token: string | null; onSeek(t: number): void; onChange(): void; children?: React.ReactNode; onReply?: () => void }) {
  const { c } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(c.text);
  const [error, setError] = useState<string | null>(null);
  return (
    <li className="comment" data-testid="comment">
      <div className="comment-head">
        <strong>{c.author.name}</strong>
        {!c.author.signedIn && (
          <span className="guest-badge" title="Not signed in: the name is what they typed" data-testid="guest-badge">
            guest
          </span>
        )}
        <button type="button" className="transcript-time" onClick={() => props.onSeek(c.atSec)} aria-label={`Play from ${formatDuration(c.atSec * 1000)}`}>
          {formatDuration(c.atSec * 1000)}
        </button>
        {c.editedAt && <span className="muted small">edited</span>}
      </div>
      {editing ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api.call('editComment', { params: { id: props.videoId, commentId: c.id }, query: { token: props.token }, body: { text: draft } });
              setEditing(false);
              props.onChange();
            } catch (err) {
              setError(errorMessage(err, 'Could not save.'));
            }
          }}
        >
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} maxLength={COMMENT_MAX_LENGTH} aria-label="Edit comment" />
          <div className="row">
            <button type="submit" className="button button-primary">
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-text" data-testid="comment-body">
          {c.text}
        </p>
      )}
      <div className="comment-actions">
        {props.onReply && (
          <button type="button" className="link-button small" onClick={props.onReply}>
            Reply
          </button>
        )}
        {c.canEdit && !editing && (
          <button type="button" className="link-button small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {c.canDelete && (
          <button
            type="button"
            className="link-button small"
            onClick={async () => {
              try {
                await api.call('deleteComment', { params: { id: props.videoId, commentId: c.id }, query: { token: props.token } });
                props.onChange();
              } catch (err) {
                setError(errorMessage(err, 'Could not delete.'));
              }
            }}
          >
            Delete
          </button>
        )}
        <ErrorText message={error} />
      </div>
      {props.children}
    </li>
  );
}

/** Timestamped comments with one level of replies; the owner chooses who may comment. */
export default function CommentsPanel(props: {
  videoId: string;
  token: string | null;
  comments: CommentItem[];
  policy: CommentPolicy;
  signedIn: boolean;
  canManage: boolean;
  time: () => number;
  onSeek(t: number): void;
  onChange(): void;
}) {
  const [policy, setPolicy] = useState(props.policy);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const top = props.comments.filter((c) => !c.parentId);
  const replies = (id: string) => props.comments.filter((c) => c.parentId === id);
  const mayWrite = props.canManage || policy === 'anyone' || (policy === 'signed_in' && props.signedIn);
  const askName = !props.signedIn && policy === 'anyone';
  return (
    <section className="panel comments" aria-labelledby="comments-title" data-testid="comments-panel">
      <div className="transcript-head">
        <h2 id="comments-title">Comments{props.comments.length > 0 ? ` · ${props.comments.length}` : ''}</h2>
        {props.canManage && (
          <label className="small">
            Who can comment{' '}
            <select
              value={policy}
              data-testid="comment-policy"
              onChange={async (e) => {
                const next = e.target.value as CommentPolicy;
                setPolicy(next);
                await api.call('updateVideo', { params: { id: props.videoId }, body: { comments: next } }).catch(() => setPolicy(policy));
              }}
            >
              {POLICIES.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {top.length === 0 ? (
        <p className="muted small">No comments yet{mayWrite ? ' — say something at a moment of the video.' : '.'}</p>
      ) : (
        <ol className="comment-list" data-testid="comment-list">
          {top.map((c) => (
            <CommentRow key={c.id} c={c} videoId={props.videoId} token={props.token} onSeek={props.onSeek} onChange={props.onChange} onReply={mayWrite ? () => setReplyTo(c.id) : undefined}>
              {(replies(c.id).length > 0 || replyTo === c.id) && (
                <ol className="comment-replies">
                  {replies(c.id).map((r) => (
                    <CommentRow key={r.id} c={r} videoId={props.videoId} token={props.token} onSeek={props.onSeek} onChange={props.onChange} />
                  ))}
                  {replyTo === c.id && (
                    <li>
                      <Composer
                        videoId={props.videoId}
                        token={props.token}
                        time={props.time}
                        parentId={c.id}
                        askName={askName}
                        onDone={() => {
                          setReplyTo(null);
                          props.onChange();
                        }}
                        onCancel={() => setReplyTo(null)}
                      />
                    </li>
                  )}
                </ol>
              )}
            </CommentRow>
          ))}
        </ol>
      )}
      {mayWrite ? (
        <Composer videoId={props.videoId} token={props.token} time={props.time} askName={askName} onDone={props.onChange} />
      ) : (
        <p className="muted small" data-testid="comments-closed">
          {policy === 'nobody' ? 'Comments are turned off for this video.' : 'Log in to comment.'}
        </p>
      )}
    </section>
  );
}
