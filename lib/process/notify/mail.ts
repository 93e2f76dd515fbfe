import nodemailer from 'nodemailer';

export interface Mailer {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer (`smtp://user:pass@host:port`, `smtps://…` for TLS from the start). */
export function createMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, ...m });
    },
    close() {
      transport.close();
    },
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** "Your video is ready": plain text and a small HTML version. */
export function readyEmail(p: { name: string; title: string; link: string; summary?: string | null }) {
  const lines = [`Hi ${p.name},`, '', `“${p.title}” is ready to watch and share:`, p.link];
  if (p.summary) lines.push('', `Summary: ${p.summary}`);
  lines.push('', '— Weft');
  return {
    subject: `Ready: ${p.title}`,
    text: lines.join('\n'),
    html:
      `<p>Hi ${escape(p.name)},</p><p>“${escape(p.title)}” is ready to watch and share:</p>` +
      `<p><a href="${escape(p.link)}">${escape(p.link)}</a></p>` +
      (p.summary ? `<p><em>Summary:</em> ${escape(p.summary)}</p>` : '') +
      '<p>— Weft</p>',
  };
}

/** "Someone commented": who, where in the video, what they said, and the link to that moment. */
/** One e-mail for a burst of comments: the first quoted, the rest counted. */
export function commentEmail(p: { name: string; title: string; author: string; text: string; link: string; at: string; more?: number }) {
  const quote = p.text.length > 500 ? `${p.text.slice(0, 500)}…` : p.text;
  const more = p.more ? `And ${p.more} more comment${p.more === 1 ? '' : 's'} since.` : null;
  return {
    subject: p.more ? `${p.more + 1} new comments on “${p.title}”` : `${p.author} commented on “${p.title}”`,
    text: [`Hi ${p.name},`, '', `${p.author} commented at ${p.at} on “${p.title}”:`, '', quote, '', ...(more ? [more, ''] : []), p.link, '', '— Weft'].join('\n'),
    html:
      `<p>Hi ${escape(p.name)},</p><p>${escape(p.author)} commented at ${escape(p.at)} on “${escape(p.title)}”:</p>` +
      `<blockquote>${escape(quote).replace(/\n/g, '<br>')}</blockquote>${more ? `<p>${escape(more)}</p>` : ''}<p><a href="${escape(p.link)}">${escape(p.link)}</a></p><p>— Weft</p>`,
  };
}

/** A plain, short e-mail: lines of text, one link, signed with the instance's name. */
function plainEmail(subject: string, lines: string[], link: string, instance: string) {
  const text = [...lines, '', link, '', `— ${instance}`].join('\n');
  const html = `${lines.map((l) => (l ? `<p>${escape(l)}</p>` : '')).join('')}<p><a href="${escape(link)}">${escape(link)}</a></p><p>— ${escape(instance)}</p>`;
  return { subject, text, html };
}

/** "You are invited to a workspace". */
export function inviteEmail(p: { inviter: string; workspace: string; role: string; link: string; instance: string; expires: string }) {
  return plainEmail(
    `${p.inviter} invited you to ${p.workspace} on ${p.instance}`,
    [`${p.inviter} invited you to join “${p.workspace}” on ${p.instance} as ${p.role === 'admin' ? 'an admin' : `a ${p.role}`}.`, `The link works once, until ${p.expires}.`],
    p.link,
    p.instance,
  );
}

/** "A video was shared with you". */
export function sharedEmail(p: { sharer: string; title: string; link: string; instance: string }) {
  return plainEmail(`${p.sharer} shared “${p.title}” with you`, [`${p.sharer} shared a video with you on ${p.instance}: “${p.title}”.`], p.link, p.instance);
}

/** "Reset your password": a single-use link valid for an hour. */
export function resetEmail(p: { name: string; link: string; instance: string }) {
  return plainEmail(
    `Reset your ${p.instance} password`,
    [`Hi ${p.name},`, 'Someone (hopefully you) asked to reset your password. The link works once, for an hour. If it was not you, ignore this e-mail: your password stays as it is.'],
    p.link,
    p.instance,
  );
}
